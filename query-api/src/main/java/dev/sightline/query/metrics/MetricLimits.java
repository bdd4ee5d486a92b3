package dev.sightline.query.metrics;

import java.time.Duration;

/**
 * What one metric query may cost; {@link MetricQuerySettings} makes each one configurable.
 *
 * @param maxRange           longest [start, end] of a range query or a saturation lookup
 * @param maxPointsPerSeries most steps in a range query (Prometheus' 11,000)
 * @param maxPoints          most values in one answer, over all series; past it series are left out
 * @param maxSeries          most series in one answer; past it series are left out
 * @param maxInputSeries     most stored series one query may select; more is refused
 * @param maxWork            most bucket or sample reads one query may make; more is refused
 * @param defaultWindow      the rate window when none is given and the step is shorter
 * @param defaultLookback    how far back {@code fn=value} looks for the latest value (Prometheus' staleness)
 * @param maxWindow          longest rate window or lookback
 * @param maxExemplars       most exemplars returned with each series
 */
public record MetricLimits(Duration maxRange, int maxPointsPerSeries, int maxPoints, int maxSeries,
                           int maxInputSeries, long maxWork, Duration defaultWindow, Duration defaultLookback,
                           Duration maxWindow, int maxExemplars) {

    public static MetricLimits defaults() {
        return new MetricLimits(Duration.ofDays(32), 11_000, 500_000, 1_000, 20_000, 50_000_000L,
                Duration.ofMinutes(5), Duration.ofMinutes(5), Duration.ofDays(1), 50);
    }
}
