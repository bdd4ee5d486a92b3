package dev.sightline.query.metrics;

import dev.sightline.query.errors.BadParameterException;

import java.math.BigDecimal;
import java.time.Duration;

/**
 * The refusals of a {@link RangeQuery} that asks for too much or for parameters its function does not use, each a
 * {@link BadParameterException} naming the parameter to change.
 */
final class RangeQueryChecks {
    private final MetricLimits limits;

    RangeQueryChecks(MetricLimits limits) {
        this.limits = limits;
    }

    /** Steps, range, window and lookback within the limits; checked before any point is read. */
    void checkShape(RangeQuery query) {
        if (query.step() <= 0) {
            throw new BadParameterException("step", "must be positive");
        }
        if (query.end() < query.start()) {
            throw new BadParameterException("end", "must not be before start");
        }
        if (query.end() - query.start() > limits.maxRange().toNanos() || query.end() - query.start() < 0) {
            throw new BadParameterException("start", "the range is longer than the maximum of "
                    + human(limits.maxRange()));
        }
        long steps = StepGrid.of(query).count();
        if (steps > limits.maxPointsPerSeries()) {
            throw new BadParameterException("step", "gives " + steps + " points per series, more than the maximum of "
                    + limits.maxPointsPerSeries() + "; use a step of at least "
                    + human(Duration.ofNanos(ceilDiv(query.end() - query.start(), limits.maxPointsPerSeries() - 1))));
        }
        checkDuration("window", query.window());
        checkDuration("lookback", query.lookback());
    }

    private void checkDuration(String name, Long value) {
        if (value == null) {
            return;
        }
        if (value <= 0) {
            throw new BadParameterException(name, "must be positive");
        }
        if (value > limits.maxWindow().toNanos()) {
            throw new BadParameterException(name, "must be at most " + human(limits.maxWindow()));
        }
    }

    /** {@code q}, {@code window} and {@code lookback} given only to the function that uses them. */
    static void checkFunctionParameters(RangeQuery query, MetricFunction fn) {
        if (fn == MetricFunction.QUANTILE) {
            if (query.q() == null) {
                throw new BadParameterException("q", "is required with fn=quantile"
                        + (query.fn() == null ? " (the default for histograms)" : "") + ": a number from 0 to 1");
            }
        } else if (query.q() != null) {
            throw new BadParameterException("q", "applies only to fn=quantile, not fn=" + fn.wireName());
        }
        if (fn == MetricFunction.VALUE && query.window() != null) {
            throw new BadParameterException("window", "applies to fn=rate, increase and quantile, not fn=value"
                    + " (which uses lookback)");
        }
        if (fn != MetricFunction.VALUE && query.lookback() != null) {
            throw new BadParameterException("lookback", "applies only to fn=value, not fn=" + fn.wireName()
                    + " (which uses window)");
        }
    }

    private static long ceilDiv(long a, long b) {
        return b <= 0 ? a : -Math.floorDiv(-a, b);
    }

    /** A duration as the API accepts it back: 32d, 5m, 1.5s. */
    static String human(Duration d) {
        long nanos = d.toNanos();
        long[] units = {86_400_000_000_000L, 3_600_000_000_000L, 60_000_000_000L, 1_000_000_000L, 1_000_000L, 1_000L};
        String[] names = {"d", "h", "m", "s", "ms", "us"};
        for (int i = 0; i < units.length; i++) {
            if (nanos % units[i] == 0) {
                return nanos / units[i] + names[i];
            }
        }
        if (nanos >= 1_000_000_000L) {
            return BigDecimal.valueOf(nanos, 9).stripTrailingZeros().toPlainString() + "s";
        }
        return nanos + "ns";
    }
}
