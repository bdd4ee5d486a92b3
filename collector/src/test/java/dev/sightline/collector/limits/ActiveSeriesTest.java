package dev.sightline.collector.limits;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ActiveSeriesTest {

    private final FakeClock clock = new FakeClock();

    @Test
    void aMillionNewSeriesStopAtTheCapAndTheTableDoesNotGrow() {
        ActiveSeries series = new ActiveSeries(1000, Duration.ofHours(1), clock);
        for (long existing = 1; existing <= 10; existing++) {
            assertThat(series.admit(existing)).isTrue();
        }
        int capacity = series.capacity();

        int admitted = 0;
        for (long bomb = 1_000_000; bomb < 2_000_000; bomb++) {
            if (series.admit(bomb * 0x9E3779B97F4A7C15L)) {
                admitted++;
            }
            if (bomb % 100_000 == 0) {
                clock.advance(Duration.ofSeconds(10)); // sweeps are due, but nothing has been idle for an hour
            }
        }

        assertThat(admitted).isEqualTo(990);
        assertThat(series.size()).isEqualTo(1000);
        assertThat(series.capacity()).isEqualTo(capacity).isLessThanOrEqualTo(4 * 1000);
        for (long existing = 1; existing <= 10; existing++) {
            assertThat(series.admit(existing)).as("existing series %d", existing).isTrue();
        }
    }

    @Test
    void seriesIdleForTheWindowMakeRoom() {
        ActiveSeries series = new ActiveSeries(2, Duration.ofMinutes(10), clock);
        series.admit(1);
        series.admit(2);
        assertThat(series.admit(3)).isFalse();

        clock.advance(Duration.ofMinutes(5));
        series.admit(2); // still active
        clock.advance(Duration.ofMinutes(6)); // 1 idle for 11 minutes, 2 for 6

        assertThat(series.admit(3)).isTrue();
        assertThat(series.admit(2)).isTrue();
        assertThat(series.size()).isEqualTo(2);
        assertThat(series.admit(1)).as("1 was forgotten and there is no room again").isFalse();
    }

    @Test
    void aFloodOfNewSeriesDoesNotSweepOnEveryLookup() {
        ActiveSeries series = new ActiveSeries(1, Duration.ofMinutes(60), clock);
        series.admit(1);
        clock.advance(Duration.ofMinutes(61));
        assertThat(series.admit(2)).as("the sweep forgets 1").isTrue();

        clock.advance(Duration.ofMinutes(61));
        // The last sweep was 61 minutes ago, so one is due: 2 is forgotten, 3 takes its place ...
        assertThat(series.admit(3)).isTrue();
        // ... and for the next minute (window / 60) no other sweep runs, even though 3 is the only series.
        assertThat(series.admit(4)).isFalse();
    }

    @Test
    void theHashZeroIsASeriesLikeAnyOther() {
        ActiveSeries series = new ActiveSeries(5, Duration.ofHours(1), clock);

        assertThat(series.admit(0)).isTrue();
        assertThat(series.admit(0)).isTrue();
        assertThat(series.size()).isEqualTo(1);
    }
}
