package dev.sightline.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sightline.query.errors.BadParameterException;
import dev.sightline.store.query.TimeRange;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Time ranges at the ends of what epoch nanoseconds can hold (found by ParamsFuzzTest). */
class ParamsTimeRangeTest {
    private static final long NOW = 1_790_000_000_000_000_000L;

    @Test
    void aRangeOfCenturiesIsRefusedEvenWhenItsLengthOverflowsALong() {
        // -292 years to +292 years: to - from wraps negative in signed arithmetic and slipped past the maximum.
        assertThatThrownBy(() -> Params.timeRange("start", "-9223372036854", "end", "9223372036854", NOW,
                Duration.ofHours(1), Duration.ofDays(32)))
                .isInstanceOf(BadParameterException.class)
                .hasMessageContaining("longer than the maximum")
                .extracting(e -> ((BadParameterException) e).parameter()).isEqualTo("start");
    }

    @Test
    void theDefaultStartBeforeTheEarliestTimeStopsThereInsteadOfWrappingAround() {
        TimeRange range = Params.timeRange("start", null, "end", "-9223372036854", NOW, Duration.ofHours(1),
                Duration.ofDays(32));
        assertThat(range.fromEpochNanos()).isEqualTo(Long.MIN_VALUE);
        assertThat(range.toEpochNanos()).isEqualTo(-9_223_372_036_854_000_000L);
    }
}
