package dev.sightline.ui.metrics;

import dev.sightline.query.metrics.LabelMatcher;
import dev.sightline.query.metrics.MetricFunction;
import dev.sightline.ui.web.PageException;

import java.util.ArrayList;
import java.util.List;

/**
 * The metrics page's own parameters, read as the metric API reads them (the API's parser is private to it): the
 * same matcher syntax ({@link LabelMatcher#parse}), function names, {@code by} spelling and default step, and a
 * bad value answers with a page naming the parameter.
 */
final class MetricInputs {
    static final int MAX_MATCHERS = 32;
    static final int MAX_BY_LABELS = 16;
    static final int MAX_NAME_LENGTH = 1024;
    /** About as many points as the API's default; plenty for a chart 720 units wide. */
    static final int POINTS = 240;

    private MetricInputs() {
    }

    static String name(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (value.length() > MAX_NAME_LENGTH) {
            throw PageException.badParameter("name", "is longer than " + MAX_NAME_LENGTH + " characters");
        }
        return value.trim();
    }

    /** Every non-blank {@code match} field, each holding one or more matchers. */
    static List<LabelMatcher> matchers(List<String> values) {
        List<LabelMatcher> out = new ArrayList<>();
        if (values == null) {
            return out;
        }
        for (String v : values) {
            if (v == null || v.isBlank()) {
                continue;
            }
            try {
                out.addAll(LabelMatcher.parse(v));
            } catch (IllegalArgumentException e) {
                throw PageException.badParameter("match", e.getMessage());
            }
        }
        if (out.size() > MAX_MATCHERS) {
            throw PageException.badParameter("match", "has " + out.size() + " matchers, more than the maximum of "
                    + MAX_MATCHERS);
        }
        return out;
    }

    /** Null when absent: the engine's default for the metric's type. */
    static MetricFunction fn(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        MetricFunction fn = MetricFunction.parse(value.trim());
        if (fn == null) {
            throw PageException.badParameter("fn", "must be one of " + MetricFunction.names());
        }
        return fn;
    }

    /** Label names to add series up by; null (absent) keeps every series apart, "()" adds all into one. */
    static List<String> by(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.trim();
        if (v.startsWith("(") && v.endsWith(")")) {
            v = v.substring(1, v.length() - 1).trim();
        }
        List<String> labels = new ArrayList<>();
        if (v.isEmpty()) {
            return labels;
        }
        for (String part : v.split(",", -1)) {
            String label = part.trim();
            if (label.isEmpty()) {
                throw PageException.badParameter("by", "must be label names separated by commas, e.g."
                        + " service.name,http.route");
            }
            if (!labels.contains(label)) {
                labels.add(label);
            }
        }
        if (labels.size() > MAX_BY_LABELS) {
            throw PageException.badParameter("by", "has more than " + MAX_BY_LABELS + " labels");
        }
        return labels;
    }

    /** A step in whole seconds giving about {@value #POINTS} points over the range. */
    static long step(long rangeNanos) {
        long second = 1_000_000_000L;
        long perPoint = rangeNanos / POINTS;
        return Math.max(second, (perPoint + second - 1) / second * second);
    }
}
