package dev.sightline.ui.service;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class HourBucketsTest {
    /** 2026-12-01T10:17Z in epoch minutes. */
    private static final long AT_10_17 = 29_935_337L;
    private static final long MINUTE_NANOS = 60_000_000_000L;

    @Test
    void aDayStartsAtTheHourItBeginsInAndTakesOneHourPerBucket() {
        assertThat(AT_10_17 % 60).isEqualTo(17);
        HourBuckets b = HourBuckets.of(AT_10_17, AT_10_17 + 24 * 60, 180);
        assertThat(b.firstMinute()).isEqualTo(AT_10_17 - 17);
        assertThat(b.bucketMinutes()).isEqualTo(60);
        assertThat(b.count()).isEqualTo(25);
        assertThat(b.index(AT_10_17)).isZero();
        // A merged hour comes as one row at the hour's first minute: it lands in its own bucket.
        assertThat(b.index(AT_10_17 - 17 + 60)).isEqualTo(1);
        assertThat(b.index(AT_10_17 - 17 + 119)).isEqualTo(1);
        assertThat(b.index(AT_10_17 + 24 * 60 - 1)).isEqualTo(24);
    }

    @Test
    void aMonthUsesWholeHourBucketsUpToTheCap() {
        HourBuckets b = HourBuckets.of(AT_10_17, AT_10_17 + 30 * 24 * 60, 180);
        assertThat(b.bucketMinutes() % 60).isZero();
        assertThat(b.bucketMinutes()).isEqualTo(5 * 60);
        assertThat(b.count()).isLessThanOrEqualTo(180);
        assertThat(b.firstMinute() % 60).isZero();
        // Every hour's first minute falls in exactly one bucket and no bucket splits an hour.
        for (long hour = b.firstMinute(); hour < AT_10_17 + 30 * 24 * 60; hour += 60) {
            assertThat(b.index(hour)).isEqualTo(b.index(hour + 59));
        }
        assertThat(b.startMinute(b.count() - 1) + b.bucketMinutes()).isGreaterThanOrEqualTo(b.toMinute());
    }

    @Test
    void partialBucketsCountOnlyTheSecondsInsideTheRange() {
        long from = AT_10_17 * MINUTE_NANOS + 30_000_000_000L; // 10:17:30
        long to = (AT_10_17 + 24 * 60) * MINUTE_NANOS - 15_000_000_000L; // next day 10:16:45
        HourBuckets b = HourBuckets.of(AT_10_17, AT_10_17 + 24 * 60, 180);
        assertThat(b.seconds(0, from, to)).isCloseTo(42 * 60 + 30, within(1e-9));
        assertThat(b.seconds(1, from, to)).isCloseTo(3600, within(1e-9));
        assertThat(b.seconds(24, from, to)).isCloseTo(16 * 60 + 45, within(1e-9));
    }

    @Test
    void rowsOutsideTheWindowAreClamped() {
        HourBuckets b = HourBuckets.of(AT_10_17, AT_10_17 + 13 * 60, 180);
        assertThat(b.index(AT_10_17 - 1000)).isZero();
        assertThat(b.index(AT_10_17 + 10_000)).isEqualTo(b.count() - 1);
    }

    @Test
    void anEmptyWindowIsRefused() {
        assertThatThrownBy(() -> HourBuckets.of(5, 5, 10)).isInstanceOf(IllegalArgumentException.class);
    }
}
