package dev.sightline.query.metrics;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

import java.time.Duration;

/** The metric query limits as settings ({@code sightline.query.metrics.*}); see {@link MetricLimits}. */
@ConfigMapping(prefix = "sightline.query.metrics")
public interface MetricQuerySettings {

    /** Longest time range of a range query or saturation lookup. */
    @WithName("max-range")
    @WithDefault("32d")
    Duration maxRange();

    /** Most steps in a range query. */
    @WithName("max-points-per-series")
    @WithDefault("11000")
    int maxPointsPerSeries();

    /** Most values in one answer, over all its series. */
    @WithName("max-points")
    @WithDefault("500000")
    int maxPoints();

    /** Most series in one answer. */
    @WithName("max-series")
    @WithDefault("1000")
    int maxSeries();

    /** Most stored series one query may select. */
    @WithName("max-input-series")
    @WithDefault("20000")
    int maxInputSeries();

    /** Most sample or bucket reads one query may make. */
    @WithName("max-work")
    @WithDefault("50000000")
    long maxWork();

    /** Rate window when none is given (or the step, if longer). */
    @WithName("default-window")
    @WithDefault("5m")
    Duration defaultWindow();

    /** How far back fn=value looks for the latest value. */
    @WithName("default-lookback")
    @WithDefault("5m")
    Duration defaultLookback();

    /** Longest rate window or lookback. */
    @WithName("max-window")
    @WithDefault("1d")
    Duration maxWindow();

    /** Most exemplars returned with each series. */
    @WithName("max-exemplars")
    @WithDefault("50")
    int maxExemplars();

    default MetricLimits limits() {
        return new MetricLimits(maxRange(), maxPointsPerSeries(), maxPoints(), maxSeries(), maxInputSeries(),
                maxWork(), defaultWindow(), defaultLookback(), maxWindow(), maxExemplars());
    }
}
