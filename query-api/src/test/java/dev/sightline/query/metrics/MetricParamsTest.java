package dev.sightline.query.metrics;

import dev.sightline.query.errors.BadParameterException;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MetricParamsTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void byTakesLabelsWithOrWithoutParenthesesAndEmptyParenthesesMeanOneGroup() {
        assertThat(MetricParams.by(null)).isNull();
        assertThat(MetricParams.by("()")).isEmpty();
        assertThat(MetricParams.by("service.name, http.route")).containsExactly("service.name", "http.route");
        assertThat(MetricParams.by("(service.name,http.route,service.name)"))
                .containsExactly("service.name", "http.route");
        assertBad(() -> MetricParams.by("a,,b"), "by");
        assertBad(() -> MetricParams.by(String.join(",", List.of("a", "b", "c", "d", "e", "f", "g", "h", "i", "j",
                "k", "l", "m", "n", "o", "p", "q"))), "by");
    }

    @Test
    void quantileMustBeANumberFromZeroToOne() {
        assertThat(MetricParams.quantile(null)).isNull();
        assertThat(MetricParams.quantile("0.99")).isEqualTo(0.99);
        assertThat(MetricParams.quantile("0")).isZero();
        assertThat(MetricParams.quantile("-0")).as("positive zero (found by MetricParamsFuzzTest)").isEqualTo(0.0);
        assertThat(MetricParams.quantile("1")).isEqualTo(1);
        for (String bad : List.of("-0.1", "1.01", "NaN", "Infinity", "p99")) {
            assertBad(() -> MetricParams.quantile(bad), "q");
        }
    }

    @Test
    void stepDefaultsToAboutTwoHundredFiftyPointsInWholeSeconds() {
        assertThat(MetricParams.step(null, 3600 * SECOND)).isEqualTo(15 * SECOND);
        assertThat(MetricParams.step(null, 0)).isEqualTo(SECOND);
        assertThat(MetricParams.step("30", 3600 * SECOND)).isEqualTo(30 * SECOND);
        assertThat(MetricParams.step("1m30s", 3600 * SECOND)).isEqualTo(90 * SECOND);
        assertBad(() -> MetricParams.step("soon", SECOND), "step");
    }

    @Test
    void functionsAndMatchersAreParsedOrRefusedByName() {
        assertThat(MetricParams.fn("quantile")).isEqualTo(MetricFunction.QUANTILE);
        assertThat(MetricParams.fn(null)).isNull();
        assertBad(() -> MetricParams.fn("avg"), "fn");
        assertThat(MetricParams.matchers(List.of("a=\"1\"", "{b!=\"2\", c=~\"3\"}"))).hasSize(3);
        assertBad(() -> MetricParams.matchers(List.of("a=1")), "match");
        assertBad(() -> MetricParams.name(null), "name");
    }

    private static void assertBad(Runnable r, String parameter) {
        assertThatThrownBy(r::run).isInstanceOfSatisfying(BadParameterException.class,
                e -> assertThat(e.parameter()).isEqualTo(parameter));
    }
}
