package dev.sightline.ui.metrics;

import dev.sightline.query.metrics.LabelMatcher;
import dev.sightline.query.metrics.MetricFunction;
import dev.sightline.query.metrics.MetricParams;
import dev.sightline.ui.web.UiParams;

import java.util.List;

/**
 * The metrics page's form, read by the metric API's own parser ({@link MetricParams}): the same matcher syntax,
 * function names, {@code by} spelling, limits and default step, with a bad value answered by a page naming the
 * parameter. The differences are a form's: an empty field means "not given".
 */
final class MetricInputs {
    private MetricInputs() {
    }

    /** Null when no metric is picked yet (the page then lists metrics). */
    static String name(String value) {
        return UiParams.text(value) == null ? null : UiParams.parse(() -> MetricParams.name(value.trim()));
    }

    /** Every non-blank {@code match} field, each holding one or more matchers. */
    static List<LabelMatcher> matchers(List<String> values) {
        List<String> given = values == null ? List.of() : values.stream().filter(v -> UiParams.text(v) != null)
                .toList();
        return UiParams.parse(() -> MetricParams.matchers(given));
    }

    /** Null when absent: the engine's default for the metric's type. */
    static MetricFunction fn(String value) {
        return UiParams.parse(() -> MetricParams.fn(value));
    }

    /** Label names to add series up by; null (absent) keeps every series apart, "()" adds all into one. */
    static List<String> by(String value) {
        return UiParams.text(value) == null ? null : UiParams.parse(() -> MetricParams.by(value));
    }

    /** Points a chart gets: enough for a chart 720 units wide, half what the API gives by default. */
    static final int POINTS = 120;

    /**
     * A step in whole seconds giving about {@value #POINTS} points over the range. Fewer points than the API's
     * default because a histogram's page evaluates three quantiles at every step of every series, and its hover
     * titles list every drawn series at every step.
     */
    static long step(long rangeNanos) {
        long second = 1_000_000_000L;
        long perPoint = rangeNanos / POINTS;
        return Math.max(second, (perPoint + second - 1) / second * second);
    }
}
