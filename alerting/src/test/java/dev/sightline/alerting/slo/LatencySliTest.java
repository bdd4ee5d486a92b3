package dev.sightline.alerting.slo;

import dev.sightline.store.model.SpanKind;
import dev.sightline.store.rollup.LatencySketch;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The latency SLI from sketches against exact counting of the durations the test generated: it may only differ
 * by values within 1 % of the threshold (the sketch's relative accuracy), and failed requests are not counted.
 */
class LatencySliTest {
    static final long START = Instant.parse("2026-03-01T00:00:00Z").getEpochSecond() / 60;
    /** A little over the sketch's 1 %, for the representative's own rounding. */
    static final double TOLERANCE = 1.011;

    @Test
    void countAtMostIsExactExceptWithinOnePercentOfTheLimit() {
        Random random = new Random(11);
        for (int trial = 0; trial < 200; trial++) {
            int n = 1 + random.nextInt(trial < 20 ? 5 : 5000);
            double median = 1e6 * (1 + random.nextInt(1000));
            long[] values = new long[n];
            LatencySketch sketch = LatencySketch.empty();
            for (int i = 0; i < n; i++) {
                values[i] = Math.max(1, (long) (median * Math.exp(random.nextGaussian() * (0.1 + trial % 3))));
                sketch.accept(values[i]);
            }
            double limit = values[random.nextInt(n)] * (0.5 + random.nextDouble());
            assertThat(Math.abs(SketchRank.countAtMost(sketch, limit) - exact(values, limit)))
                    .as("trial %d, n %d", trial, n).isLessThanOrEqualTo(near(values, limit));
        }
    }

    @Test
    void latencySliCountsSuccessfulRequestsWithinTheThreshold() {
        Random random = new Random(5);
        RollupTable table = new RollupTable();
        long end = START + 4 * 1440;
        long threshold = 500_000_000L;
        long fast = 0;
        long ok = 0;
        long near = 0;
        long windowFrom = (end / 60 - 24) * 60;
        for (long m = START + 3 * 1440; m < end; m++) {
            for (int i = 0; i < 20; i++) {
                long d = (long) (Math.exp(random.nextGaussian() * 0.6 + Math.log(300)) * 1e6);
                boolean error = random.nextInt(10) == 0;
                String op = i % 2 == 0 ? "GET /a" : "GET /b";
                table.addSpan("api", op, SpanKind.SERVER, m, d, error);
                if (m >= windowFrom && !error) {
                    ok++;
                    fast += d <= threshold ? 1 : 0;
                    near += d > threshold / TOLERANCE && d < threshold * TOLERANCE ? 1 : 0;
                }
            }
        }
        SloDefinition slo = Slos.latency("api-latency", "api", null, Duration.ofNanos(threshold), 0.99,
                Duration.ofDays(1));
        SloTracker tracker = new SloTracker(table);
        tracker.update(List.of(slo), Instant.ofEpochSecond(end * 60));
        SloStatus s = tracker.status("api-latency").orElseThrow();
        assertThat(s.totalEvents()).isEqualTo(ok);
        assertThat(Math.abs(s.goodEvents() - fast)).isLessThanOrEqualTo(near);
        assertThat(s.goodEvents()).isLessThan(ok); // some requests are slow
    }

    static long exact(long[] values, double limit) {
        long n = 0;
        for (long v : values) {
            n += v <= limit ? 1 : 0;
        }
        return n;
    }

    static long near(long[] values, double limit) {
        long n = 0;
        for (long v : values) {
            n += v > limit / TOLERANCE && v < limit * TOLERANCE ? 1 : 0;
        }
        return n;
    }
}
