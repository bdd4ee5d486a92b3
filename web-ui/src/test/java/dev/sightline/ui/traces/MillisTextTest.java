package dev.sightline.ui.traces;

import dev.sightline.ui.web.Format;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** The fast duration text against its oracle, the shared {@link Format}: they must never disagree. */
class MillisTextTest {

    @Test
    void writesWhatFormatWritesAcrossEveryRangeAndBoundary() {
        long[] edges = {0, 1, 499, 500, 501, 999_499, 999_500, 999_999, 1_000_000, 1_004_999, 1_005_000, 9_994_999,
                9_995_000, 9_999_999, 10_000_000, 10_499_999, 10_500_000, 999_499_999, 999_500_000, 999_999_999,
                1_000_000_000, 1_234_999_999, 1_235_000_000, 59_994_999_999L, 59_995_000_000L, 59_999_999_999L,
                60_000_000_000L, 3_600_000_000_000L, -5, Long.MAX_VALUE};
        for (long n : edges) {
            assertThat(MillisText.of(n)).as("%d ns", n).isEqualTo(Format.nanos(n));
        }
        SplittableRandom random = new SplittableRandom(5);
        for (int i = 0; i < 50_000; i++) {
            // Log-uniform from a nanosecond to two minutes, so every branch gets its share.
            long n = (long) Math.pow(10, random.nextDouble() * 11.1);
            assertThat(MillisText.of(n)).as("%d ns", n).isEqualTo(Format.nanos(n));
        }
    }

    @Test
    void countsAndRatiosReadLikeFormats() {
        for (long n : new long[] {0, 7, 999, 1_000, 12_345, 999_999, 1_000_000, 1_234_567_890L, -42}) {
            assertThat(MillisText.count(n)).isEqualTo(Format.count(n));
        }
        assertThat(MillisText.oneDecimal(3.2)).isEqualTo("3.2");
        assertThat(MillisText.oneDecimal(149.96)).isEqualTo("150.0");
        assertThat(MillisText.oneDecimal(0.04)).isEqualTo("0.0");
    }
}
