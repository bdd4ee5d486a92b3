package dev.sightline.collector.otlp;

import static dev.sightline.collector.otlp.OtlpRequests.kv;
import static dev.sightline.collector.otlp.OtlpRequests.nestedArrays;
import static dev.sightline.collector.otlp.OtlpRequests.nestedArraysJson;
import static dev.sightline.collector.otlp.OtlpRequests.validSpan;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.sightline.collector.otlp.OtlpDecoder.Encoding;
import dev.sightline.store.model.AnyValue;
import dev.sightline.store.model.SpanBatch;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bodies that cannot be decoded fail the whole request with {@link MalformedPayloadException} (HTTP 400), with
 * a message fit for the client; nothing else escapes the decoder.
 */
class MalformedPayloadTest {

    private final OtlpDecoder decoder = new OtlpDecoder();
    private final OtlpMapper mapper = new OtlpMapper();

    private static final byte[] VALID_TRACES = OtlpRequests.traces(
            validSpan(0).addAttributes(kv("k", "v")).build(), validSpan(1).build()).toByteArray();

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** A JSON trace body whose span name holds {@code raw} bytes. */
    private static byte[] jsonWithRawName(byte... raw) {
        byte[] head = utf8("{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"name\":\"a");
        byte[] tail = utf8("b\"}]}]}]}");
        byte[] out = Arrays.copyOf(head, head.length + raw.length + tail.length);
        System.arraycopy(raw, 0, out, head.length, raw.length);
        System.arraycopy(tail, 0, out, head.length + raw.length, tail.length);
        return out;
    }

    /** A protobuf trace body whose span name holds {@code raw} bytes (same length as the placeholder). */
    private static byte[] protobufWithRawName(byte... raw) {
        String placeholder = "@".repeat(raw.length);
        byte[] body = OtlpRequests.traces(validSpan(0).setName(placeholder).build()).toByteArray();
        byte[] marker = utf8(placeholder);
        for (int i = 0; i + marker.length <= body.length; i++) {
            if (Arrays.equals(body, i, i + marker.length, marker, 0, marker.length)) {
                System.arraycopy(raw, 0, body, i, raw.length);
                return body;
            }
        }
        throw new AssertionError("placeholder not found");
    }

    static Stream<Arguments> malformedBodies() {
        byte[] random = new byte[512];
        new Random(20261129L).nextBytes(random);
        return Stream.of(
                Arguments.of("truncated protobuf", Encoding.PROTOBUF,
                        Arrays.copyOf(VALID_TRACES, VALID_TRACES.length - 7), "truncated"),
                Arguments.of("protobuf cut after one byte", Encoding.PROTOBUF, Arrays.copyOf(VALID_TRACES, 1),
                        "truncated"),
                Arguments.of("random bytes as protobuf", Encoding.PROTOBUF, random, "protobuf body"),
                Arguments.of("JSON sent as protobuf", Encoding.PROTOBUF, utf8("{\"resourceSpans\":[]}"),
                        "protobuf body"),
                Arguments.of("invalid UTF-8 in a protobuf string", Encoding.PROTOBUF,
                        protobufWithRawName((byte) 0xC3, (byte) 0x28), "UTF-8"),
                Arguments.of("UTF-16 surrogate in a protobuf string", Encoding.PROTOBUF,
                        protobufWithRawName((byte) 0xED, (byte) 0xA0, (byte) 0x80), "UTF-8"),
                Arguments.of("AnyValue nested 1,000 deep in protobuf", Encoding.PROTOBUF,
                        OtlpRequests.traces(validSpan(0).addAttributes(kv("deep", nestedArrays(1000))).build())
                                .toByteArray(), "nested"),
                Arguments.of("unterminated JSON", Encoding.JSON, utf8("{\"resourceSpans\":["), "not valid JSON"),
                Arguments.of("not JSON at all", Encoding.JSON, utf8("resourceSpans=1"), "not valid JSON"),
                Arguments.of("JSON with a trailing comma", Encoding.JSON, utf8("{\"resourceSpans\":[],}"),
                        "not valid JSON"),
                Arguments.of("two JSON documents", Encoding.JSON, utf8("{} {}"), "not valid JSON"),
                Arguments.of("duplicate JSON key", Encoding.JSON, utf8("{\"resourceSpans\":[],\"resourceSpans\":[]}"),
                        "not valid JSON"),
                Arguments.of("JSON array at the top", Encoding.JSON, utf8("[]"), "must be an object"),
                Arguments.of("JSON null at the top", Encoding.JSON, utf8("null"), "must be an object"),
                Arguments.of("protobuf sent as JSON", Encoding.JSON, VALID_TRACES, "JSON body"),
                Arguments.of("invalid UTF-8 in JSON", Encoding.JSON, jsonWithRawName((byte) 0xC3, (byte) 0x28),
                        "UTF-8"),
                Arguments.of("overlong UTF-8 in JSON", Encoding.JSON, jsonWithRawName((byte) 0xC0, (byte) 0xAF),
                        "UTF-8"),
                Arguments.of("UTF-16 surrogate encoded in JSON", Encoding.JSON,
                        jsonWithRawName((byte) 0xED, (byte) 0xA0, (byte) 0x80), "UTF-8"),
                Arguments.of("Latin-1 JSON", Encoding.JSON, jsonWithRawName((byte) 0xE9), "UTF-8"),
                Arguments.of("AnyValue nested 1,000 deep in JSON", Encoding.JSON, utf8(nestedArraysJson(1000)),
                        "nested"),
                Arguments.of("AnyValue nested 60 deep in JSON", Encoding.JSON, utf8(nestedArraysJson(60)),
                        "nested"),
                Arguments.of("array where an object belongs", Encoding.JSON,
                        utf8("{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[[1]]}]}]}"), "OTLP schema"),
                Arguments.of("object where an array belongs", Encoding.JSON, utf8("{\"resourceSpans\":{}}"),
                        "OTLP schema"),
                Arguments.of("string where an integer belongs", Encoding.JSON,
                        utf8("{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"startTimeUnixNano\":\"soon\"}]}]}]}"),
                        "OTLP schema"),
                Arguments.of("negative fixed64", Encoding.JSON,
                        utf8("{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"startTimeUnixNano\":-1}]}]}]}"),
                        "OTLP schema"),
                Arguments.of("number where a hex ID belongs", Encoding.JSON,
                        utf8("{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"traceId\":12}]}]}]}"),
                        "OTLP schema"),
                Arguments.of("object where an enum belongs", Encoding.JSON,
                        utf8("{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"kind\":{}}]}]}]}"),
                        "OTLP schema"),
                Arguments.of("array where a hex ID belongs", Encoding.JSON,
                        utf8("{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"span_id\":[]}]}]}]}"),
                        "OTLP schema"),
                Arguments.of("bytes attribute that is not base64", Encoding.JSON,
                        utf8("{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"attributes\":[{\"key\":\"b\","
                                + "\"value\":{\"bytesValue\":\"%%%\"}}]}]}]}]}"), "OTLP schema"),
                Arguments.of("two values in one AnyValue", Encoding.JSON,
                        utf8("{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"attributes\":[{\"key\":\"b\","
                                + "\"value\":{\"stringValue\":\"a\",\"intValue\":1}}]}]}]}]}"), "OTLP schema"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedBodies")
    void rejectsTheWholeRequestWithAMessageForTheClient(String name, Encoding encoding, byte[] body,
                                                        String messageMentions) {
        Throwable thrown = catchThrowable(() -> decoder.parseTraces(body, encoding));

        assertThat(thrown).isInstanceOf(MalformedPayloadException.class);
        assertThat(thrown.getMessage()).contains(messageMentions);
        assertSafeForClients(thrown.getMessage());
    }

    private static void assertSafeForClients(String message) {
        assertThat(message).isNotBlank().hasSizeLessThan(400)
                .doesNotContain("Exception", "java.", "com.google", "com.fasterxml", "\tat ", "setRecursionLimit",
                        "StreamReadConstraints", "\n");
    }

    @ParameterizedTest
    @EnumSource(Encoding.class)
    void readsAnEmptyBodyAsAnEmptyRequest(Encoding encoding) {
        byte[] empty = new byte[0];

        assertThat(decoder.parseTraces(empty, encoding)).isEqualTo(ExportTraceServiceRequest.getDefaultInstance());
        assertThat(decoder.parseLogs(empty, encoding)).isEqualTo(ExportLogsServiceRequest.getDefaultInstance());
        assertThat(decoder.parseMetrics(empty, encoding)).isEqualTo(ExportMetricsServiceRequest.getDefaultInstance());
        assertThat(mapper.map(decoder.parseTraces(empty, encoding)).batch().resources()).isEmpty();
    }

    @Test
    void readsAWhitespaceOnlyJsonBodyAndAnEmptyObjectAsEmptyRequests() {
        assertThat(decoder.parseTraces(utf8(" \r\n\t"), Encoding.JSON))
                .isEqualTo(ExportTraceServiceRequest.getDefaultInstance());
        assertThat(decoder.parseLogs(utf8("{}"), Encoding.JSON))
                .isEqualTo(ExportLogsServiceRequest.getDefaultInstance());
    }

    @ParameterizedTest
    @EnumSource(Encoding.class)
    void acceptsAnyValuesNestedWellWithinTheLimit(Encoding encoding) {
        byte[] body = encoding == Encoding.JSON ? utf8(nestedArraysJson(20))
                : OtlpRequests.traces(validSpan(0).addAttributes(kv("deep", nestedArrays(20))).build())
                        .toByteArray();

        MappingResult<SpanBatch> result = mapper.map(decoder.parseTraces(body, encoding));

        AnyValue value = result.batch().resources().get(0).scopes().get(0).items().get(0).attributes().get(0).value();
        int depth = 0;
        while (value instanceof AnyValue.ArrayValue array) {
            value = array.values().get(0);
            depth++;
        }
        assertThat(depth).isEqualTo(20);
        assertThat(value).isEqualTo(AnyValue.of("bottom"));
    }

    @Test
    void rejectsDeepNestingInLogsAndMetricsToo() {
        String deepLog = "{\"resourceLogs\":[{\"scopeLogs\":[{\"logRecords\":[{\"body\":"
                + "{\"arrayValue\":{\"values\":[".repeat(1000) + "]}}".repeat(1000) + "}]}]}]}";

        assertThatThrownBy(() -> decoder.parseLogs(utf8(deepLog), Encoding.JSON))
                .isInstanceOf(MalformedPayloadException.class).hasMessageContaining("nested");
        assertThatThrownBy(() -> decoder.parseMetrics(utf8("[".repeat(5000) + "]".repeat(5000)), Encoding.JSON))
                .isInstanceOf(MalformedPayloadException.class).hasMessageContaining("nested");
    }

    /**
     * Random and mutated bodies, every signal, both encodings: each either decodes and maps, or fails with
     * {@link MalformedPayloadException}. Nothing else may escape.
     */
    @Test
    void neverThrowsAnythingButMalformedPayloadOnArbitraryBytes() {
        Random random = new Random(42);
        byte[] json = utf8(nestedArraysJson(3));
        for (int round = 0; round < 2_000; round++) {
            byte[] body = switch (round % 3) {
                case 0 -> randomBytes(random, random.nextInt(300));
                case 1 -> mutate(VALID_TRACES, random);
                default -> mutate(json, random);
            };
            for (Encoding encoding : Encoding.values()) {
                decodeAndMapOrMalformed(body, encoding);
            }
        }
    }

    private void decodeAndMapOrMalformed(byte[] body, Encoding encoding) {
        try {
            mapper.map(decoder.parseTraces(body, encoding));
        } catch (MalformedPayloadException e) {
            assertSafeForClients(e.getMessage());
        }
        try {
            mapper.map(decoder.parseLogs(body, encoding));
        } catch (MalformedPayloadException e) {
            assertSafeForClients(e.getMessage());
        }
        try {
            mapper.map(decoder.parseMetrics(body, encoding));
        } catch (MalformedPayloadException e) {
            assertSafeForClients(e.getMessage());
        }
    }

    private static byte[] randomBytes(Random random, int length) {
        byte[] out = new byte[length];
        random.nextBytes(out);
        return out;
    }

    private static byte[] mutate(byte[] body, Random random) {
        byte[] out = body.clone();
        for (int i = 0, n = 1 + random.nextInt(4); i < n; i++) {
            out[random.nextInt(out.length)] = (byte) random.nextInt(256);
        }
        return random.nextBoolean() ? out : Arrays.copyOf(out, random.nextInt(out.length + 1));
    }
}
