package dev.sightline.store.rollup;

import com.datadoghq.sketch.ddsketch.DDSketch;
import com.datadoghq.sketch.ddsketch.DDSketches;
import com.datadoghq.sketch.ddsketch.encoding.ByteArrayInput;
import com.datadoghq.sketch.ddsketch.encoding.GrowingByteArrayOutput;
import com.datadoghq.sketch.ddsketch.store.UnboundedSizeDenseStore;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A mergeable latency distribution with a bounded relative error: DDSketch at 1 % relative accuracy, so every
 * quantile it returns is within 1 % of a value of the data at that rank (Masson, Rim, Lee: "DDSketch", VLDB 2019).
 * Values are durations in nanoseconds; zero and negative durations count as the smallest positive value the
 * sketch tells apart, so a clock-skewed span still counts as a request.
 *
 * <p>Mutable: {@link #accept} and {@link #merge} change it. Sketches handed out by readers are copies the
 * caller owns.
 */
public final class LatencySketch {
    /** Relative accuracy of every quantile. */
    public static final double RELATIVE_ACCURACY = 0.01;
    private static final double MIN_NANOS = 1.0;

    private final DDSketch sketch;

    private LatencySketch(DDSketch sketch) {
        this.sketch = sketch;
    }

    public static LatencySketch empty() {
        return new LatencySketch(DDSketches.unboundedDense(RELATIVE_ACCURACY));
    }

    public void accept(long durationNanos) {
        sketch.accept(Math.max(MIN_NANOS, durationNanos));
    }

    public void merge(LatencySketch other) {
        if (!other.sketch.isEmpty()) {
            sketch.mergeWith(other.sketch);
        }
    }

    public long count() {
        return Math.round(sketch.getCount());
    }

    public boolean isEmpty() {
        return sketch.isEmpty();
    }

    /** The value at quantile {@code q} in [0, 1], in nanoseconds; NaN when empty. */
    public double quantileNanos(double q) {
        if (q < 0 || q > 1 || Double.isNaN(q)) {
            throw new IllegalArgumentException("quantile must be in [0, 1]: " + q);
        }
        return sketch.isEmpty() ? Double.NaN : sketch.getValueAtQuantile(q);
    }

    public double maxNanos() {
        return sketch.isEmpty() ? Double.NaN : sketch.getMaxValue();
    }

    public LatencySketch copy() {
        return new LatencySketch(sketch.copy());
    }

    /**
     * DDSketch's compact binary encoding (varint bin counts, index mapping included), what {@link #fromBytes}
     * reads. Not {@code DDSketch.serialize()}: that is the protobuf form, which {@code DDSketch.decode} does not
     * read, and it spends 8 bytes on every bin count where this spends one or two.
     */
    public byte[] toBytes() {
        GrowingByteArrayOutput out = GrowingByteArrayOutput.withDefaultInitialCapacity();
        try {
            sketch.encode(out, false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode a latency sketch", e);
        }
        return out.trimmedCopy();
    }

    public static LatencySketch fromBytes(byte[] bytes) {
        try {
            return new LatencySketch(DDSketch.decode(ByteArrayInput.wrap(bytes), UnboundedSizeDenseStore::new));
        } catch (IOException e) {
            throw new UncheckedIOException("corrupt latency sketch (" + bytes.length + " bytes)", e);
        }
    }
}
