package dev.sightline.query.filter;

import static dev.sightline.query.ParameterContract.parsesOrRefuses;
import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.sightline.store.query.AttributeFilter;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Fuzz target for the trace search filters: the {@code q} expression language and Jaeger's {@code tag} /
 * {@code tags} parameters. Each either yields a filter within the documented limits or is refused naming the
 * parameter; nothing else escapes. Replays {@code FilterParametersFuzzTestInputs/filterParameters/}.
 */
class FilterParametersFuzzTest {

    @FuzzTest(maxDuration = "3m")
    void filterParameters(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        AttributeFilter q = parsesOrRefuses("q", () -> FilterExpressions.parse("q", text));
        if (q != null) {
            assertThat(q.toString()).isNotNull();
        }
        parsesOrRefuses("tag", () -> JaegerTags.parse(List.of(text), List.of()));
        parsesOrRefuses("tags", () -> JaegerTags.parse(List.of(), List.of(text)));
    }
}
