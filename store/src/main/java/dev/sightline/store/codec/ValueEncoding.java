package dev.sightline.store.codec;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import dev.sightline.store.model.AnyValue;
import dev.sightline.store.model.Attribute;
import dev.sightline.store.model.InstrumentationScope;
import dev.sightline.store.model.NumberValue;
import dev.sightline.store.model.Resource;
import dev.sightline.store.model.SpanId;
import dev.sightline.store.model.TraceId;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;

/**
 * The building blocks every signal shares: counts, IDs, optional doubles, AnyValue, attributes, resource and
 * scope. Every read checks a length or count against the bytes left before it allocates.
 */
final class ValueEncoding {

    /** Deepest AnyValue nesting written or read; deeper input would overflow the decoder's stack. */
    static final int MAX_VALUE_DEPTH = 100;

    private static final int PREALLOCATED_SLOTS = 1024;
    private static final Object[] NO_SLOTS = {};

    // AnyValue tags; 0 is "absent", allowed only where the model field is nullable.
    private static final int VALUE_ABSENT = 0;
    private static final int VALUE_EMPTY = 1;
    private static final int VALUE_STRING = 2;
    private static final int VALUE_BOOL = 3;
    private static final int VALUE_INT = 4;
    private static final int VALUE_DOUBLE = 5;
    private static final int VALUE_BYTES = 6;
    private static final int VALUE_ARRAY = 7;
    private static final int VALUE_KVLIST = 8;

    // NumberValue tags.
    private static final int NUMBER_ABSENT = 0;
    private static final int NUMBER_LONG = 1;
    private static final int NUMBER_DOUBLE = 2;

    private ValueEncoding() {
    }

    // ---- counts and lists ----

    /** Reads a list length and checks that {@code minBytesEach} bytes per element are left to read. */
    static int readCount(CodedInputStream in, int minBytesEach, String what) throws IOException {
        int at = in.getTotalBytesRead();
        int n = in.readUInt32();
        int left = in.getBytesUntilLimit();
        if (n < 0 || (long) n * minBytesEach > left) {
            throw new CorruptRecordException("count of " + what + " at byte " + at + " is "
                    + Integer.toUnsignedString(n) + ", but only " + left + " bytes are left");
        }
        return n;
    }

    /**
     * The first slots for a list of {@code n} elements; {@link #room} adds more as elements are read. A count is
     * checked against the bytes left, but nested lists each see nearly all of them: preallocating in full would
     * let a forged payload allocate its size times the nesting depth.
     */
    static Object[] slots(int n) {
        return n == 0 ? NO_SLOTS : new Object[Math.min(n, PREALLOCATED_SLOTS)];
    }

    /** {@code slots}, grown if needed so that index {@code i} of a list of {@code n} fits. */
    static Object[] room(Object[] slots, int i, int n) {
        return i < slots.length ? slots : Arrays.copyOf(slots, (int) Math.min(2L * slots.length, n));
    }

    /** A list of the array's elements; {@code List.copyOf} in the model's constructors then copies nothing. */
    @SuppressWarnings("unchecked")
    static <T> List<T> listOf(Object[] elements) {
        return elements.length == 0 ? List.of() : (List<T>) List.of(elements);
    }

    // ---- IDs: the all-zero ID is invalid, so zero stands for "absent" ----

    static void writeTraceId(CodedOutputStream out, TraceId id) throws IOException {
        if (id == null) {
            out.writeFixed64NoTag(0);
            out.writeFixed64NoTag(0);
        } else {
            out.writeFixed64NoTag(id.high());
            out.writeFixed64NoTag(id.low());
        }
    }

    static TraceId readTraceIdOrNull(CodedInputStream in) throws IOException {
        long high = in.readFixed64();
        long low = in.readFixed64();
        return high == 0 && low == 0 ? null : new TraceId(high, low);
    }

    static TraceId readTraceId(CodedInputStream in) throws IOException {
        TraceId id = readTraceIdOrNull(in);
        if (id == null) {
            throw new CorruptRecordException("all-zero trace ID ending at byte " + in.getTotalBytesRead());
        }
        return id;
    }

    static void writeSpanId(CodedOutputStream out, SpanId id) throws IOException {
        out.writeFixed64NoTag(id == null ? 0 : id.value());
    }

    static SpanId readSpanIdOrNull(CodedInputStream in) throws IOException {
        long value = in.readFixed64();
        return value == 0 ? null : new SpanId(value);
    }

    static SpanId readSpanId(CodedInputStream in) throws IOException {
        SpanId id = readSpanIdOrNull(in);
        if (id == null) {
            throw new CorruptRecordException("all-zero span ID ending at byte " + in.getTotalBytesRead());
        }
        return id;
    }

    // ---- optional doubles: a presence bit set, then the present values ----

    static int presence(Double a, Double b, Double c) {
        return (a != null ? 1 : 0) | (b != null ? 2 : 0) | (c != null ? 4 : 0);
    }

    static void writeIfPresent(CodedOutputStream out, Double value) throws IOException {
        if (value != null) {
            out.writeDoubleNoTag(value);
        }
    }

    static int readPresence(CodedInputStream in) throws IOException {
        int at = in.getTotalBytesRead();
        int bits = in.readUInt32();
        if ((bits & ~7) != 0) {
            throw new CorruptRecordException("unknown presence bits " + Integer.toHexString(bits) + " at byte " + at);
        }
        return bits;
    }

    static Double readIfPresent(CodedInputStream in, int bits, int bit) throws IOException {
        return (bits & bit) != 0 ? in.readDouble() : null;
    }

    // ---- enums ----

    static int readEnumNumber(CodedInputStream in, int limit, String what) throws IOException {
        int at = in.getTotalBytesRead();
        int n = in.readUInt32();
        if (n < 0 || n >= limit) {
            throw new CorruptRecordException("unknown " + what + " " + Integer.toUnsignedString(n) + " at byte " + at);
        }
        return n;
    }

    // ---- numbers ----

    static void writeNumber(CodedOutputStream out, NumberValue value) throws IOException {
        if (value instanceof NumberValue.OfLong l) {
            out.writeUInt32NoTag(NUMBER_LONG);
            out.writeSInt64NoTag(l.value());
        } else if (value instanceof NumberValue.OfDouble d) {
            out.writeUInt32NoTag(NUMBER_DOUBLE);
            out.writeDoubleNoTag(d.value());
        } else {
            out.writeUInt32NoTag(NUMBER_ABSENT);
        }
    }

    static NumberValue readNumber(CodedInputStream in) throws IOException {
        int tag = readEnumNumber(in, 3, "number tag");
        return switch (tag) {
            case NUMBER_LONG -> new NumberValue.OfLong(in.readSInt64());
            case NUMBER_DOUBLE -> new NumberValue.OfDouble(in.readDouble());
            default -> null;
        };
    }

    // ---- AnyValue and attributes ----

    static void writeAttributes(CodedOutputStream out, List<Attribute> attributes) throws IOException {
        writeAttributes(out, attributes, 1);
    }

    private static void writeAttributes(CodedOutputStream out, List<Attribute> attributes, int depth)
            throws IOException {
        int n = attributes.size();
        out.writeUInt32NoTag(n);
        for (int i = 0; i < n; i++) {
            Attribute a = attributes.get(i);
            out.writeStringNoTag(a.key());
            writeValue(out, a.value(), depth);
        }
    }

    /** Writes a value that may be null (tag 0). */
    static void writeValue(CodedOutputStream out, AnyValue value) throws IOException {
        writeValue(out, value, 1);
    }

    private static void writeValue(CodedOutputStream out, AnyValue value, int depth) throws IOException {
        if (value instanceof AnyValue.StringValue s) {
            out.writeUInt32NoTag(VALUE_STRING);
            out.writeStringNoTag(s.value());
        } else if (value instanceof AnyValue.IntValue i) {
            out.writeUInt32NoTag(VALUE_INT);
            out.writeSInt64NoTag(i.value());
        } else if (value instanceof AnyValue.BoolValue b) {
            out.writeUInt32NoTag(VALUE_BOOL);
            out.writeBoolNoTag(b.value());
        } else if (value instanceof AnyValue.DoubleValue d) {
            out.writeUInt32NoTag(VALUE_DOUBLE);
            out.writeDoubleNoTag(d.value());
        } else if (value instanceof AnyValue.ArrayValue a) {
            checkDepth(depth);
            List<AnyValue> values = a.values();
            int n = values.size();
            out.writeUInt32NoTag(VALUE_ARRAY);
            out.writeUInt32NoTag(n);
            for (int i = 0; i < n; i++) {
                writeValue(out, values.get(i), depth + 1);
            }
        } else if (value instanceof AnyValue.KeyValueList kv) {
            checkDepth(depth);
            out.writeUInt32NoTag(VALUE_KVLIST);
            writeAttributes(out, kv.values(), depth + 1);
        } else if (value instanceof AnyValue.BytesValue b) {
            out.writeUInt32NoTag(VALUE_BYTES);
            out.writeByteArrayNoTag(b.value());
        } else if (value instanceof AnyValue.Empty) {
            out.writeUInt32NoTag(VALUE_EMPTY);
        } else {
            out.writeUInt32NoTag(VALUE_ABSENT);
        }
    }

    private static void checkDepth(int depth) {
        if (depth >= MAX_VALUE_DEPTH) {
            throw new IllegalArgumentException("AnyValue nested deeper than " + MAX_VALUE_DEPTH + " levels");
        }
    }

    static List<Attribute> readAttributes(CodedInputStream in) throws IOException {
        return readAttributes(in, 1);
    }

    private static List<Attribute> readAttributes(CodedInputStream in, int depth) throws IOException {
        int n = readCount(in, 2, "attributes");
        if (n == 0) {
            return List.of();
        }
        Object[] attributes = slots(n);
        for (int i = 0; i < n; i++) {
            attributes = room(attributes, i, n);
            String key = in.readStringRequireUtf8();
            AnyValue value = readValue(in, depth);
            if (value == null) {
                throw new CorruptRecordException("attribute '" + key + "' without a value before byte "
                        + in.getTotalBytesRead());
            }
            attributes[i] = new Attribute(key, value);
        }
        return listOf(attributes);
    }

    /** Reads a value written by {@link #writeValue(CodedOutputStream, AnyValue)}: null for tag 0. */
    static AnyValue readValue(CodedInputStream in) throws IOException {
        return readValue(in, 1);
    }

    private static AnyValue readValue(CodedInputStream in, int depth) throws IOException {
        int tag = readEnumNumber(in, VALUE_KVLIST + 1, "value tag");
        switch (tag) {
            case VALUE_STRING:
                return new AnyValue.StringValue(in.readStringRequireUtf8());
            case VALUE_INT:
                return new AnyValue.IntValue(in.readSInt64());
            case VALUE_BOOL:
                return new AnyValue.BoolValue(in.readBool());
            case VALUE_DOUBLE:
                return new AnyValue.DoubleValue(in.readDouble());
            case VALUE_ARRAY: {
                checkReadDepth(in, depth);
                int n = readCount(in, 1, "array values");
                Object[] values = slots(n);
                for (int i = 0; i < n; i++) {
                    values = room(values, i, n);
                    AnyValue v = readValue(in, depth + 1);
                    if (v == null) {
                        throw new CorruptRecordException("absent array element before byte " + in.getTotalBytesRead());
                    }
                    values[i] = v;
                }
                return new AnyValue.ArrayValue(listOf(values));
            }
            case VALUE_KVLIST:
                checkReadDepth(in, depth);
                return new AnyValue.KeyValueList(readAttributes(in, depth + 1));
            case VALUE_BYTES:
                return new AnyValue.BytesValue(in.readByteArray());
            case VALUE_EMPTY:
                return AnyValue.Empty.INSTANCE;
            default: // VALUE_ABSENT
                return null;
        }
    }

    /** Reads past attributes without building them: for items a read does not keep. */
    static void skipAttributes(CodedInputStream in) throws IOException {
        skipAttributes(in, 1);
    }

    private static void skipAttributes(CodedInputStream in, int depth) throws IOException {
        int n = readCount(in, 2, "attributes");
        for (int i = 0; i < n; i++) {
            skipString(in);
            if (!skipValue(in, depth)) {
                throw new CorruptRecordException("attribute without a value before byte " + in.getTotalBytesRead());
            }
        }
    }

    /** Reads past a value; false for tag 0 (absent). */
    static boolean skipValue(CodedInputStream in) throws IOException {
        return skipValue(in, 1);
    }

    private static boolean skipValue(CodedInputStream in, int depth) throws IOException {
        int tag = readEnumNumber(in, VALUE_KVLIST + 1, "value tag");
        switch (tag) {
            case VALUE_STRING, VALUE_BYTES -> skipString(in);
            case VALUE_INT -> in.readSInt64();
            case VALUE_BOOL -> in.readBool();
            case VALUE_DOUBLE -> in.skipRawBytes(8);
            case VALUE_ARRAY -> {
                checkReadDepth(in, depth);
                int n = readCount(in, 1, "array values");
                for (int i = 0; i < n; i++) {
                    if (!skipValue(in, depth + 1)) {
                        throw new CorruptRecordException("absent array element before byte "
                                + in.getTotalBytesRead());
                    }
                }
            }
            case VALUE_KVLIST -> {
                checkReadDepth(in, depth);
                skipAttributes(in, depth + 1);
            }
            case VALUE_EMPTY -> {
                // no payload
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    /** A length-prefixed string or byte array, unread. */
    static void skipString(CodedInputStream in) throws IOException {
        int length = in.readRawVarint32();
        if (length < 0 || length > in.getBytesUntilLimit()) {
            throw new CorruptRecordException("length " + length + " past the end of the record at byte "
                    + in.getTotalBytesRead());
        }
        in.skipRawBytes(length);
    }

    private static void checkReadDepth(CodedInputStream in, int depth) {
        if (depth >= MAX_VALUE_DEPTH) {
            throw new CorruptRecordException("value nested deeper than " + MAX_VALUE_DEPTH + " levels at byte "
                    + in.getTotalBytesRead());
        }
    }

    // ---- resource and scope ----

    static void writeResource(CodedOutputStream out, Resource resource) throws IOException {
        writeAttributes(out, resource.attributes());
        out.writeUInt32NoTag(resource.droppedAttributesCount());
        out.writeStringNoTag(resource.schemaUrl());
    }

    static Resource readResource(CodedInputStream in) throws IOException {
        List<Attribute> attributes = readAttributes(in);
        int dropped = in.readUInt32();
        String schemaUrl = in.readStringRequireUtf8();
        return new Resource(attributes, dropped, schemaUrl);
    }

    static void writeScope(CodedOutputStream out, InstrumentationScope scope) throws IOException {
        out.writeStringNoTag(scope.name());
        out.writeStringNoTag(scope.version());
        writeAttributes(out, scope.attributes());
        out.writeUInt32NoTag(scope.droppedAttributesCount());
        out.writeStringNoTag(scope.schemaUrl());
    }

    static InstrumentationScope readScope(CodedInputStream in) throws IOException {
        String name = in.readStringRequireUtf8();
        String version = in.readStringRequireUtf8();
        List<Attribute> attributes = readAttributes(in);
        int dropped = in.readUInt32();
        String schemaUrl = in.readStringRequireUtf8();
        return new InstrumentationScope(name, version, attributes, dropped, schemaUrl);
    }
}
