package dev.sightline.collector.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.sightline.collector.otlp.OtlpDecoder.Encoding;
import dev.sightline.store.model.TelemetryBatch;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Fuzz targets for the OTLP body decoder and the mapper behind it. The contract: any body either decodes and
 * maps, or is refused with {@link MalformedPayloadException} whose message is fit for a client. Any other
 * exception, an error such as {@link StackOverflowError} or {@link OutOfMemoryError}, or a hang is a finding.
 *
 * <p>Without {@code JAZZER_FUZZ} these replay the inputs in {@code OtlpDecoderFuzzTestInputs/<method>/}: the
 * seeds and every input that once broke the contract. See docs/testing.md for fuzzing locally.
 */
class OtlpDecoderFuzzTest {

    /** What a client must never see in an error message: Java class names and stack frames. */
    static final Pattern LEAK = Pattern.compile(
            "\\b(?:[a-z_$][\\w$]*\\.)+[A-Z][\\w$]*(?:Exception|Error)\\b|\\n\\s*at [\\w.$]+\\(");

    private final OtlpDecoder decoder = new OtlpDecoder();
    private final OtlpMapper mapper = new OtlpMapper();

    @FuzzTest(maxDuration = "3m")
    void protobufBody(byte[] body) {
        decodesAsEverySignal(body, Encoding.PROTOBUF);
    }

    @FuzzTest(maxDuration = "3m")
    void jsonBody(byte[] body) {
        decodesAsEverySignal(body, Encoding.JSON);
    }

    /** One body tried as each of the three signals: each read walks different message types. */
    private void decodesAsEverySignal(byte[] body, Encoding encoding) {
        holdsContract(body, b -> mapper.map(decoder.parseTraces(b, encoding)));
        holdsContract(body, b -> mapper.map(decoder.parseLogs(b, encoding)));
        holdsContract(body, b -> mapper.map(decoder.parseMetrics(b, encoding)));
    }

    private static void holdsContract(byte[] body, Function<byte[], MappingResult<? extends TelemetryBatch>> decode) {
        MappingResult<? extends TelemetryBatch> mapped;
        try {
            mapped = decode.apply(body);
        } catch (MalformedPayloadException e) {
            assertThat(e.getMessage()).as("message for the client").isNotBlank().doesNotContainPattern(LEAK);
            return;
        }
        assertThat(mapped.rejectedItems()).isNotNegative();
        assertThat(mapped.batch().itemCount()).isNotNegative();
        assertThat(mapped.errorMessage()).doesNotContainPattern(LEAK);
    }
}
