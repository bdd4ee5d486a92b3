package dev.sightline.store.index;

import dev.sightline.store.model.Signal;
import dev.sightline.store.model.TraceId;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The value of the trace map: a trace's span time range, item counts and the log positions of the records that
 * hold its spans and its logs, up to a cap per signal (beyond it positions go to H2's {@code trace_overflow}).
 * Layout: {@code [u8 flags][i32 spans][i32 logs][i64 min][i64 max][u16 nSpan][u16 nLog][i64 × nSpan][i64 × nLog]}.
 */
final class TraceEntry {
    static final int FLAG_OVERFLOW = 1;
    private static final int FIXED = 1 + 4 + 4 + 8 + 8 + 2 + 2;

    int flags;
    int spans;
    int logs;
    long minNanos = Long.MAX_VALUE;
    long maxNanos = Long.MIN_VALUE;
    long[] spanPositions = new long[0];
    long[] logPositions = new long[0];
    boolean dirty;

    static TraceEntry decode(byte[] bytes) {
        TraceEntry e = new TraceEntry();
        if (bytes == null) {
            return e;
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        e.flags = b.get();
        e.spans = b.getInt();
        e.logs = b.getInt();
        e.minNanos = b.getLong();
        e.maxNanos = b.getLong();
        e.spanPositions = new long[Short.toUnsignedInt(b.getShort())];
        e.logPositions = new long[Short.toUnsignedInt(b.getShort())];
        for (int i = 0; i < e.spanPositions.length; i++) {
            e.spanPositions[i] = b.getLong();
        }
        for (int i = 0; i < e.logPositions.length; i++) {
            e.logPositions[i] = b.getLong();
        }
        return e;
    }

    byte[] encode() {
        ByteBuffer b = ByteBuffer.allocate(FIXED + 8 * (spanPositions.length + logPositions.length));
        b.put((byte) flags).putInt(spans).putInt(logs).putLong(minNanos).putLong(maxNanos)
                .putShort((short) spanPositions.length).putShort((short) logPositions.length);
        for (long p : spanPositions) {
            b.putLong(p);
        }
        for (long p : logPositions) {
            b.putLong(p);
        }
        return b.array();
    }

    long[] positions(Signal signal) {
        return signal == Signal.TRACES ? spanPositions : logPositions;
    }

    boolean contains(Signal signal, long position) {
        for (long p : positions(signal)) {
            if (p == position) {
                return true;
            }
        }
        return false;
    }

    /**
     * Counts the ref's items and keeps its position inline if there is room; false when the position must be
     * kept elsewhere (the entry is then flagged).
     */
    boolean add(Signal signal, long position, IndexDelta.TraceRef ref, int maxInline) {
        dirty = true;
        if (signal == Signal.TRACES) {
            spans += ref.items();
            minNanos = Math.min(minNanos, ref.minNanos());
            maxNanos = Math.max(maxNanos, ref.maxNanos());
        } else {
            logs += ref.items();
        }
        long[] current = positions(signal);
        if (current.length >= maxInline) {
            flags |= FLAG_OVERFLOW;
            return false;
        }
        long[] next = Arrays.copyOf(current, current.length + 1);
        next[current.length] = position;
        if (signal == Signal.TRACES) {
            spanPositions = next;
        } else {
            logPositions = next;
        }
        return true;
    }

    /** Drops positions in [from, to) of the signal; true if any was dropped. */
    boolean removeRange(Signal signal, long from, long to) {
        long[] current = positions(signal);
        long[] kept = Arrays.stream(current).filter(p -> p < from || p >= to).toArray();
        if (kept.length == current.length) {
            return false;
        }
        dirty = true;
        if (signal == Signal.TRACES) {
            spanPositions = kept;
        } else {
            logPositions = kept;
        }
        return true;
    }

    boolean isEmpty() {
        return spanPositions.length == 0 && logPositions.length == 0 && (flags & FLAG_OVERFLOW) == 0;
    }

    TraceSummary summary(TraceId id) {
        return new TraceSummary(id, minNanos, maxNanos, spans, logs, spanPositions.length, logPositions.length);
    }
}
