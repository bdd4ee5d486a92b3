package dev.sightline.query.metrics;

import static dev.sightline.query.ParameterContract.parsesOrRefuses;
import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Fuzz target for the metric endpoints' parameters: label matchers ({@code match}), {@code by}, {@code q},
 * {@code fn}, {@code step} and {@code name}. Each value parses within the documented limits or is refused naming
 * the parameter; a parsed matcher can be applied. Replays {@code MetricParamsFuzzTestInputs/metricParameters/}.
 */
class MetricParamsFuzzTest {

    @FuzzTest(maxDuration = "3m")
    void metricParameters(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        List<LabelMatcher> matchers = parsesOrRefuses("match", () -> MetricParams.matchers(List.of(text)));
        if (matchers != null) {
            assertThat(matchers).hasSizeLessThanOrEqualTo(MetricParams.MAX_MATCHERS);
            for (LabelMatcher m : matchers) {
                m.matches(Map.of(m.name(), text));
                m.matchesValue("");
            }
        }
        List<String> by = parsesOrRefuses("by", () -> MetricParams.by(text));
        if (by != null) {
            assertThat(by).hasSizeLessThanOrEqualTo(MetricParams.MAX_BY_LABELS).doesNotContain("");
        }
        Double q = parsesOrRefuses("q", () -> MetricParams.quantile(text));
        if (q != null) {
            assertThat(q).isBetween(0.0, 1.0);
        }
        parsesOrRefuses("fn", () -> MetricParams.fn(text));
        parsesOrRefuses("name", () -> MetricParams.name(text));
        Long step = parsesOrRefuses("step", () -> MetricParams.step(text, 3_600_000_000_000L));
        if (step != null) {
            assertThat(step).isNotNegative();
        }
    }
}
