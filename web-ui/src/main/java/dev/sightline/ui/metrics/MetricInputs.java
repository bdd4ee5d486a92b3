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

    /** The API's default step for the range (about 250 points, whole seconds). */
    static long step(long rangeNanos) {
        return MetricParams.step(null, rangeNanos);
    }
}
