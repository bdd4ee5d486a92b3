package dev.sightline.store.testing;

import java.util.Arrays;
import java.util.Random;

/**
 * Latency distributions for percentile tests, and the exact quantile to compare a sketch with (the oracle of
 * DataDog's {@code DDSketchTest}): durations in nanoseconds from a seeded {@link Random}.
 */
public final class Distributions {

    private static final long MS = 1_000_000L;

    private Distributions() {
    }

    /** A named way to draw one duration. */
    public enum Shape {
        /** Flat between 1 ms and 500 ms. */
        UNIFORM {
            @Override
            public long draw(Random rnd) {
                return MS + (long) (rnd.nextDouble() * 499 * MS);
            }
        },
        /** Median 40 ms with a heavy tail (sigma 1.5: p99 near 1.3 s, the maximum far beyond). */
        LOGNORMAL {
            @Override
            public long draw(Random rnd) {
                return Math.max(1, (long) (40 * MS * Math.exp(1.5 * rnd.nextGaussian())));
            }
        },
        /** 70 % cache hits near 3 ms, 30 % misses near 800 ms: a mean in the gap that no request took. */
        BIMODAL {
            @Override
            public long draw(Random rnd) {
                double center = rnd.nextDouble() < 0.7 ? 3 : 800;
                return Math.max(1, (long) (center * MS * (1 + 0.15 * rnd.nextGaussian())));
            }
        };

        public abstract long draw(Random rnd);
    }

    /** DDSketch's definition: the value at rank floor(q * (n - 1)) of the sorted values. */
    public static double exactQuantile(long[] values, double q) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[(int) Math.floor(q * (sorted.length - 1))];
    }
}
