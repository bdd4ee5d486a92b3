package dev.sightline.bench;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Map;

/**
 * One serialized OTLP export request, with the byte offsets of every trace ID, span ID and timestamp in it, so
 * that a copy with fresh IDs and current times costs an array copy and a few thousand patches instead of a
 * protobuf serialization.
 *
 * <p>IDs are XORed with a per-request key: a parent span ID stays equal to its parent's span ID, and every request
 * gets IDs no earlier request had (with overwhelming probability). Times are shifted by one amount per request,
 * so durations and ordering inside the request are kept. Immutable and thread-safe.
 */
final class PayloadTemplate {
    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long TRACE_ID_MIX = 0x9E3779B97F4A7C15L;

    private final byte[] bytes;
    private final int items;
    private final long baseEpochNanos;
    private final int[] spanIdOffsets;
    private final int[] traceIdOffsets;
    private final int[] timeOffsets;

    private PayloadTemplate(byte[] bytes, int items, long baseEpochNanos, int[] spanIdOffsets, int[] traceIdOffsets,
                            int[] timeOffsets) {
        this.bytes = bytes;
        this.items = items;
        this.baseEpochNanos = baseEpochNanos;
        this.spanIdOffsets = spanIdOffsets;
        this.traceIdOffsets = traceIdOffsets;
        this.timeOffsets = timeOffsets;
    }

    /**
     * Finds the patch points in {@code bytes}.
     *
     * @param idPrefixes     the first 8 bytes (little-endian long) of every trace ID (value 16) and span ID (value 8)
     *                       written into the request
     * @param times          every fixed64 timestamp written into the request
     * @param baseEpochNanos the "now" those timestamps were made around
     */
    static PayloadTemplate scan(byte[] bytes, int items, Map<Long, Integer> idPrefixes, java.util.Set<Long> times,
                                long baseEpochNanos) {
        IntList spans = new IntList();
        IntList traces = new IntList();
        IntList stamps = new IntList();
        for (int i = 1; i + 8 <= bytes.length; i++) {
            long v = (long) LONG_LE.get(bytes, i);
            Integer idLength = idPrefixes.get(v);
            if (idLength != null && (bytes[i - 1] & 0xFF) == idLength && i + idLength <= bytes.length) {
                (idLength == 16 ? traces : spans).add(i);
                i += idLength - 1;
            } else if (times.contains(v) && (bytes[i - 1] & 7) == 1) { // fixed64 wire type
                stamps.add(i);
                i += 7;
            }
        }
        return new PayloadTemplate(bytes, items, baseEpochNanos, spans.toArray(), traces.toArray(), stamps.toArray());
    }

    /** Items (spans, log records or data points) in the request. */
    int items() {
        return items;
    }

    int size() {
        return bytes.length;
    }

    int patchPoints() {
        return spanIdOffsets.length + traceIdOffsets.length + timeOffsets.length;
    }

    /** The request as built, IDs and times unchanged. */
    byte[] original() {
        return bytes.clone();
    }

    /** A copy with every ID XORed with {@code key} (non-zero) and every time moved to around {@code nowEpochNanos}. */
    byte[] instantiate(long key, long nowEpochNanos) {
        byte[] out = bytes.clone();
        long shift = nowEpochNanos - baseEpochNanos;
        long key2 = key * TRACE_ID_MIX;
        for (int off : spanIdOffsets) {
            LONG_LE.set(out, off, (long) LONG_LE.get(out, off) ^ key);
        }
        for (int off : traceIdOffsets) {
            LONG_LE.set(out, off, (long) LONG_LE.get(out, off) ^ key);
            LONG_LE.set(out, off + 8, (long) LONG_LE.get(out, off + 8) ^ key2);
        }
        for (int off : timeOffsets) {
            LONG_LE.set(out, off, (long) LONG_LE.get(out, off) + shift);
        }
        return out;
    }

    private static final class IntList {
        private int[] a = new int[256];
        private int n;

        void add(int v) {
            if (n == a.length) {
                a = java.util.Arrays.copyOf(a, n * 2);
            }
            a[n++] = v;
        }

        int[] toArray() {
            return java.util.Arrays.copyOf(a, n);
        }
    }
}
