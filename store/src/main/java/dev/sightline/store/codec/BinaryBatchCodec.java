package dev.sightline.store.codec;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import dev.sightline.store.model.InstrumentationScope;
import dev.sightline.store.model.LogBatch;
import dev.sightline.store.model.MetricBatch;
import dev.sightline.store.model.Resource;
import dev.sightline.store.model.ResourceGroup;
import dev.sightline.store.model.ScopeGroup;
import dev.sightline.store.model.Signal;
import dev.sightline.store.model.SpanBatch;
import dev.sightline.store.model.TelemetryBatch;
import dev.sightline.store.model.TraceId;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Sightline's binary batch format, version 1: the payload of a write-ahead log record.
 *
 * <pre>
 * payload  = version:u8 (1)  signal:u8 (1 traces, 2 logs, 3 metrics)  groups
 * groups   = count  { resource  count { scope  count { item } } }
 * </pre>
 * Counts, lengths, enums and small ints are protobuf varints; timestamps and IDs are fixed64 (an absent ID is
 * written as zero, which no valid ID can be); signed values that may be negative are zigzag; doubles are their raw
 * IEEE bits, so NaN payloads and -0.0 survive; strings are length-prefixed UTF-8. The item layouts are documented
 * on {@code SpanEncoding}, {@code LogEncoding} and {@code MetricEncoding}. There are no field tags: a new field
 * means a new version byte, and the decoder keeps reading every version it ever wrote.
 *
 * <p>Decoding checks every count and length against the bytes left before allocating, limits AnyValue nesting to
 * {@link #MAX_VALUE_DEPTH}, rejects trailing bytes, and turns every failure into a {@link CorruptRecordException}.
 * Encoding rejects (with {@link IllegalArgumentException}) a value nested deeper than that, which it could not read
 * back. Strings are UTF-8 as protobuf writes them: an unpaired surrogate, which UTF-8 cannot hold, becomes '?'.
 * Stateless and thread-safe.
 */
public final class BinaryBatchCodec implements BatchCodec {

    public static final byte FORMAT_VERSION = 1;

    /** AnyValue arrays and key-value lists nest at most this deep; encode rejects deeper values. */
    public static final int MAX_VALUE_DEPTH = ValueEncoding.MAX_VALUE_DEPTH;

    private static final int ENCODER_BUFFER_SIZE = 8192;
    /** Sizes the first output chunk (a span with ten attributes takes about 300 bytes; later chunks double). */
    private static final int BYTES_PER_ITEM_ESTIMATE = 256;
    private static final int MAX_FIRST_CHUNK = 1 << 20;

    @FunctionalInterface
    private interface ItemWriter<T> {
        void write(CodedOutputStream out, T item) throws IOException;
    }

    @FunctionalInterface
    private interface ItemReader<T> {
        T read(CodedInputStream in) throws IOException;
    }

    @Override
    public byte[] encode(TelemetryBatch batch) {
        Objects.requireNonNull(batch, "batch");
        long estimate = 64L + (long) batch.itemCount() * BYTES_PER_ITEM_ESTIMATE;
        ChunkedOutput sink = new ChunkedOutput((int) Math.min(estimate, MAX_FIRST_CHUNK));
        CodedOutputStream out = CodedOutputStream.newInstance(sink, ENCODER_BUFFER_SIZE);
        try {
            out.writeRawByte(FORMAT_VERSION);
            out.writeRawByte(signalCode(batch.signal()));
            if (batch instanceof SpanBatch spans) {
                writeGroups(out, spans.resources(), SpanEncoding::write);
            } else if (batch instanceof LogBatch logs) {
                writeGroups(out, logs.resources(), LogEncoding::write);
            } else {
                writeGroups(out, ((MetricBatch) batch).resources(), MetricEncoding::write);
            }
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot happen: the sink is in memory", e);
        }
        return sink.toByteArray();
    }

    @Override
    public TelemetryBatch decode(Signal signal, byte[] payload) {
        return decodeWith(signal, payload, in -> switch (signal) {
            case TRACES -> new SpanBatch(readGroups(in, SpanEncoding::read));
            case LOGS -> new LogBatch(readGroups(in, LogEncoding::read));
            case METRICS -> new MetricBatch(readGroups(in, MetricEncoding::read));
        });
    }

    /**
     * Only the spans, or log records, of one trace: the others are read past without being built, which is what
     * makes reading one trace out of batches of hundreds cheap. Groups left without items are dropped. Checks as
     * much as {@link #decode}.
     */
    @Override
    public TelemetryBatch decodeTrace(Signal signal, byte[] payload, TraceId traceId) {
        Objects.requireNonNull(traceId, "traceId");
        if (signal == Signal.METRICS) {
            return decode(signal, payload);
        }
        return decodeWith(signal, payload, in -> signal == Signal.TRACES
                ? new SpanBatch(readGroups(in, s -> SpanEncoding.readIfOfTrace(s, traceId), true))
                : new LogBatch(readGroups(in, s -> LogEncoding.readIfOfTrace(s, payload, traceId), true)));
    }

    @FunctionalInterface
    private interface BodyReader {
        TelemetryBatch read(CodedInputStream in) throws IOException;
    }

    /** Checks the header, reads the body, rejects trailing bytes; every failure is a CorruptRecordException. */
    private static TelemetryBatch decodeWith(Signal signal, byte[] payload, BodyReader body) {
        checkHeader(signal, payload);
        CodedInputStream in = CodedInputStream.newInstance(payload);
        try {
            in.pushLimit(payload.length); // makes getBytesUntilLimit() the bytes left
            in.skipRawBytes(2);
            TelemetryBatch batch = body.read(in);
            if (!in.isAtEnd()) {
                throw new CorruptRecordException(in.getBytesUntilLimit() + " unexpected bytes after the "
                        + signal.lowerName() + " batch at byte " + in.getTotalBytesRead());
            }
            return batch;
        } catch (CorruptRecordException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            // Truncation, a malformed varint or invalid UTF-8 (IOException), or a value the model rejects.
            throw new CorruptRecordException("corrupt " + signal.lowerName() + " batch near byte "
                    + in.getTotalBytesRead() + " of " + payload.length + ": " + e.getMessage(), e);
        }
    }

    private static void checkHeader(Signal signal, byte[] payload) {
        Objects.requireNonNull(signal, "signal");
        if (payload == null || payload.length < 2) {
            throw new CorruptRecordException("batch payload of "
                    + (payload == null ? "null" : payload.length + " bytes") + " is shorter than its 2-byte header");
        }
        if (payload[0] != FORMAT_VERSION) {
            throw new CorruptRecordException("unknown batch format version " + Byte.toUnsignedInt(payload[0])
                    + " (this release reads version " + FORMAT_VERSION + ")");
        }
        if (payload[1] != signalCode(signal)) {
            throw new CorruptRecordException("expected a " + signal.lowerName() + " batch, found signal code "
                    + Byte.toUnsignedInt(payload[1]));
        }
    }

    private static byte signalCode(Signal signal) {
        return switch (signal) {
            case TRACES -> 1;
            case LOGS -> 2;
            case METRICS -> 3;
        };
    }

    private static <T> void writeGroups(CodedOutputStream out, List<ResourceGroup<T>> groups, ItemWriter<T> writer)
            throws IOException {
        out.writeUInt32NoTag(groups.size());
        for (int g = 0, gn = groups.size(); g < gn; g++) {
            ResourceGroup<T> group = groups.get(g);
            ValueEncoding.writeResource(out, group.resource());
            List<ScopeGroup<T>> scopes = group.scopes();
            out.writeUInt32NoTag(scopes.size());
            for (int s = 0, sn = scopes.size(); s < sn; s++) {
                ScopeGroup<T> scope = scopes.get(s);
                ValueEncoding.writeScope(out, scope.scope());
                List<T> items = scope.items();
                out.writeUInt32NoTag(items.size());
                for (int i = 0, n = items.size(); i < n; i++) {
                    writer.write(out, items.get(i));
                }
            }
        }
    }

    private static <T> List<ResourceGroup<T>> readGroups(CodedInputStream in, ItemReader<T> reader)
            throws IOException {
        return readGroups(in, reader, false);
    }

    /**
     * With {@code filtering}, the reader returns null for an item it does not keep, and scopes and resources left
     * without items are dropped (a full decode keeps empty ones: they were sent).
     */
    private static <T> List<ResourceGroup<T>> readGroups(CodedInputStream in, ItemReader<T> reader,
                                                         boolean filtering) throws IOException {
        // A resource takes at least 3 bytes (attribute count, dropped count, schema URL length) and a scope
        // count; a scope at least 5 bytes and an item count; every item at least one byte.
        int groupCount = ValueEncoding.readCount(in, 4, "resource groups");
        Object[] groups = ValueEncoding.slots(groupCount);
        int keptGroups = 0;
        for (int g = 0; g < groupCount; g++) {
            groups = ValueEncoding.room(groups, keptGroups, groupCount);
            Resource resource = ValueEncoding.readResource(in);
            int scopeCount = ValueEncoding.readCount(in, 6, "scope groups");
            Object[] scopes = ValueEncoding.slots(scopeCount);
            int keptScopes = 0;
            for (int s = 0; s < scopeCount; s++) {
                scopes = ValueEncoding.room(scopes, keptScopes, scopeCount);
                InstrumentationScope scope = ValueEncoding.readScope(in);
                int itemCount = ValueEncoding.readCount(in, 1, "items");
                Object[] items = ValueEncoding.slots(itemCount);
                int kept = 0;
                for (int i = 0; i < itemCount; i++) {
                    items = ValueEncoding.room(items, kept, itemCount);
                    T item = reader.read(in);
                    if (item != null) {
                        items[kept++] = item;
                    }
                }
                if (kept > 0 || !filtering) {
                    scopes[keptScopes++] = new ScopeGroup<T>(scope,
                            ValueEncoding.listOf(kept == items.length ? items : Arrays.copyOf(items, kept)));
                }
            }
            if (keptScopes > 0 || !filtering) {
                groups[keptGroups++] = new ResourceGroup<T>(resource, ValueEncoding.listOf(
                        keptScopes == scopes.length ? scopes : Arrays.copyOf(scopes, keptScopes)));
            }
        }
        return ValueEncoding.listOf(keptGroups == groups.length ? groups : Arrays.copyOf(groups, keptGroups));
    }

    /**
     * An unsynchronized in-memory sink, one per encode call, that grows by adding chunks rather than by copying, and
     * copies once into the exact-size result.
     */
    private static final class ChunkedOutput extends OutputStream {
        private static final int MAX_CHUNK = 8 << 20;

        private final List<byte[]> filled = new ArrayList<>();
        private long filledBytes;
        private byte[] chunk;
        private int position;

        ChunkedOutput(int firstChunk) {
            chunk = new byte[firstChunk];
        }

        @Override
        public void write(int b) {
            if (position == chunk.length) {
                nextChunk();
            }
            chunk[position++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            while (len > 0) {
                if (position == chunk.length) {
                    nextChunk();
                }
                int n = Math.min(len, chunk.length - position);
                System.arraycopy(b, off, chunk, position, n);
                position += n;
                off += n;
                len -= n;
            }
        }

        private void nextChunk() {
            filled.add(chunk);
            filledBytes += chunk.length;
            chunk = new byte[Math.min(chunk.length * 2, MAX_CHUNK)];
            position = 0;
        }

        byte[] toByteArray() {
            long size = filledBytes + position;
            if (size > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("batch encodes to " + size + " bytes, more than a byte[] holds");
            }
            if (filled.isEmpty() && position == chunk.length) {
                return chunk;
            }
            byte[] out = new byte[(int) size];
            int at = 0;
            for (byte[] c : filled) {
                System.arraycopy(c, 0, out, at, c.length);
                at += c.length;
            }
            System.arraycopy(chunk, 0, out, at, position);
            return out;
        }
    }
}
