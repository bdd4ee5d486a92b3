package dev.sightline.ui.metrics;

import dev.sightline.query.metrics.LabelMatcher;
import dev.sightline.query.metrics.MetricFunction;
import dev.sightline.ui.web.PageException;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MetricInputsTest {

    @Test
    void matchersUseTheApiSyntax() {
        List<LabelMatcher> m = MetricInputs.matchers(Arrays.asList("http.route=\"/a\", service.name=~\"check.*\"",
                "", null, "{host!=\"b\"}"));
        assertThat(m).extracting(LabelMatcher::toString)
                .containsExactly("http.route=\"/a\"", "service.name=~\"check.*\"", "host!=\"b\"");
    }

    @Test
    void aBadMatcherNamesTheParameter() {
        assertThatThrownBy(() -> MetricInputs.matchers(List.of("http.route=/a")))
                .isInstanceOf(PageException.class).hasMessageStartingWith("Bad match: expected a quoted value")
                .satisfies(e -> assertThat(((PageException) e).status()).isEqualTo(400));
        assertThatThrownBy(() -> MetricInputs.matchers(List.of("a=~\"(\"")))
                .hasMessageStartingWith("Bad match: invalid regular expression");
    }

    @Test
    void functionsAndByAreReadAsTheApiReadsThem() {
        assertThat(MetricInputs.fn("rate")).isEqualTo(MetricFunction.RATE);
        assertThat(MetricInputs.fn(" ")).isNull();
        assertThatThrownBy(() -> MetricInputs.fn("avg")).hasMessageStartingWith("Bad fn:");
        assertThat(MetricInputs.by("(service.name, http.route)")).containsExactly("service.name", "http.route");
        assertThat(MetricInputs.by("()")).isEmpty();
        assertThat(MetricInputs.by("")).isNull();
        assertThatThrownBy(() -> MetricInputs.by("a,,b")).hasMessageStartingWith("Bad by:");
    }

    @Test
    void theStepGivesAboutAChartsWorthOfPointsInWholeSeconds() {
        assertThat(MetricInputs.step(3_600_000_000_000L)).isEqualTo(30_000_000_000L);
        assertThat(MetricInputs.step(60_000_000_000L)).isEqualTo(1_000_000_000L);
        assertThat(MetricInputs.step(7 * 86_400_000_000_000L) % 1_000_000_000L).isZero();
    }
}
