package dev.sightline.query.metrics;

import dev.sightline.query.Params;
import dev.sightline.query.errors.BadParameterException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Parsing of the metric endpoints' own parameters; each failure names the parameter and why. Public so the web UI's
 * metrics page reads its form exactly as the API reads a query.
 */
public final class MetricParams {
    static final int MAX_MATCHERS = 32;
    static final int MAX_BY_LABELS = 16;
    static final int MAX_NAME_LENGTH = 1024;
    /** Points a range query gets when it gives no step. */
    static final int DEFAULT_POINTS = 250;

    private MetricParams() {
    }

    public static String name(String value) {
        if (value == null || value.isBlank()) {
            throw new BadParameterException("name", "is required: the metric name");
        }
        if (value.length() > MAX_NAME_LENGTH) {
            throw new BadParameterException("name", "is longer than " + MAX_NAME_LENGTH + " characters");
        }
        return value;
    }

    /** Every {@code match} parameter, each holding one or more matchers. */
    public static List<LabelMatcher> matchers(List<String> values) {
        List<LabelMatcher> out = new ArrayList<>();
        if (values == null) {
            return out;
        }
        for (String v : values) {
            if (v == null || v.isBlank()) {
                throw new BadParameterException("match", "must not be empty; expected e.g. http.route=\"/a\"");
            }
            try {
                out.addAll(LabelMatcher.parse(v));
            } catch (IllegalArgumentException e) {
                throw new BadParameterException("match", e.getMessage());
            }
        }
        if (out.size() > MAX_MATCHERS) {
            throw new BadParameterException("match", "has " + out.size() + " matchers, more than the maximum of "
                    + MAX_MATCHERS);
        }
        return out;
    }

    public static MetricFunction fn(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        MetricFunction fn = MetricFunction.parse(value.trim());
        if (fn == null) {
            throw new BadParameterException("fn", "must be one of " + MetricFunction.names());
        }
        return fn;
    }

    public static Double quantile(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        double q;
        try {
            q = Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            throw new BadParameterException("q", "must be a number from 0 to 1, e.g. 0.99");
        }
        // PromQL answers ±Inf outside [0, 1]; asking for that is always a mistake, so say so instead.
        if (!(q >= 0 && q <= 1)) {
            throw new BadParameterException("q", "must be a number from 0 to 1, e.g. 0.99");
        }
        return q + 0.0; // "-0" passes the range check as -0.0, which the answer would echo: make it 0
    }

    /**
     * Label names, comma-separated, optionally in parentheses as PromQL writes them; {@code ()} (like PromQL's
     * {@code sum by ()}) adds every series into one. Null when absent: every series apart.
     */
    public static List<String> by(String value) {
        if (value == null) {
            return null;
        }
        String v = value.trim();
        if (v.startsWith("(") && v.endsWith(")")) {
            v = v.substring(1, v.length() - 1).trim();
        }
        List<String> labels = new ArrayList<>();
        // The HTTP layer hands an empty "by=" over as absent; "()" is the dependable spelling of "no labels".
        if (v.isEmpty()) {
            return labels;
        }
        for (String part : v.split(",", -1)) {
            String label = part.trim();
            if (label.isEmpty()) {
                throw new BadParameterException("by", "must be label names separated by commas, e.g."
                        + " by=service.name,http.route");
            }
            if (!labels.contains(label)) {
                labels.add(label);
            }
        }
        if (labels.size() > MAX_BY_LABELS) {
            throw new BadParameterException("by", "has more than " + MAX_BY_LABELS + " labels");
        }
        return labels;
    }

    /** A duration in nanoseconds (bare numbers are seconds, as in Prometheus); null when absent. */
    static Long duration(String name, String value) {
        Duration d = Params.duration(name, value, TimeUnit.SECONDS);
        return d == null ? null : d.toNanos();
    }

    /** The step, or one giving about {@link #DEFAULT_POINTS} points, in whole seconds. */
    public static long step(String value, long rangeNanos) {
        Long step = duration("step", value);
        if (step != null) {
            return step;
        }
        long second = 1_000_000_000L;
        long perPoint = rangeNanos / DEFAULT_POINTS;
        return Math.max(second, (perPoint + second - 1) / second * second);
    }
}
