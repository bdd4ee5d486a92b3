package dev.sightline.collector.otlp;

import com.google.protobuf.ByteString;
import dev.sightline.store.model.AnyValue;
import dev.sightline.store.model.Attribute;
import dev.sightline.store.model.InstrumentationScope;
import dev.sightline.store.model.Resource;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import java.util.Arrays;
import java.util.List;

/**
 * The pieces every signal shares: attributes, AnyValue, resource, scope, and the byte-level ID checks.
 * Lists are built in exact-size arrays and wrapped once with {@link List#of(Object[])}; the model's
 * {@code List.copyOf} then keeps that list instead of copying it again.
 */
final class OtlpValues {

    static final int TRACE_ID_BYTES = 16;
    static final int SPAN_ID_BYTES = 8;

    private static final AnyValue TRUE = new AnyValue.BoolValue(true);
    private static final AnyValue FALSE = new AnyValue.BoolValue(false);

    private OtlpValues() {
    }

    static List<Attribute> attributes(List<KeyValue> kvs) {
        int n = kvs.size();
        if (n == 0) {
            return List.of();
        }
        Attribute[] out = new Attribute[n];
        for (int i = 0; i < n; i++) {
            KeyValue kv = kvs.get(i);
            out[i] = new Attribute(kv.getKey(), anyValue(kv.getValue()));
        }
        return List.of(out);
    }

    /**
     * Every AnyValue kind. Unset maps to {@link AnyValue.Empty#INSTANCE}. {@code string_value_strindex} points
     * into a profiles dictionary that traces, logs and metrics do not have, so it maps to Empty too.
     * Depth is bounded by the decoders (protobuf's recursion limit), not here.
     */
    static AnyValue anyValue(io.opentelemetry.proto.common.v1.AnyValue v) {
        return switch (v.getValueCase()) {
            case STRING_VALUE -> new AnyValue.StringValue(v.getStringValue());
            case BOOL_VALUE -> v.getBoolValue() ? TRUE : FALSE;
            case INT_VALUE -> new AnyValue.IntValue(v.getIntValue());
            case DOUBLE_VALUE -> new AnyValue.DoubleValue(v.getDoubleValue());
            case BYTES_VALUE -> new AnyValue.BytesValue(v.getBytesValue().toByteArray());
            case ARRAY_VALUE -> new AnyValue.ArrayValue(anyValues(v.getArrayValue()));
            case KVLIST_VALUE -> new AnyValue.KeyValueList(attributes(v.getKvlistValue().getValuesList()));
            case STRING_VALUE_STRINDEX, VALUE_NOT_SET -> AnyValue.Empty.INSTANCE;
        };
    }

    private static List<AnyValue> anyValues(ArrayValue array) {
        int n = array.getValuesCount();
        if (n == 0) {
            return List.of();
        }
        AnyValue[] out = new AnyValue[n];
        for (int i = 0; i < n; i++) {
            out[i] = anyValue(array.getValues(i));
        }
        return List.of(out);
    }

    /** An absent resource reads as the default (empty) one, so both map alike. */
    static Resource resource(io.opentelemetry.proto.resource.v1.Resource r, String schemaUrl) {
        if (r.getAttributesCount() == 0 && r.getDroppedAttributesCount() == 0) {
            return schemaUrl.isEmpty() ? Resource.EMPTY : new Resource(List.of(), 0, schemaUrl);
        }
        return new Resource(attributes(r.getAttributesList()), r.getDroppedAttributesCount(), schemaUrl);
    }

    /** An absent scope reads as the default (empty) one, so both map alike. */
    static InstrumentationScope scope(io.opentelemetry.proto.common.v1.InstrumentationScope s, String schemaUrl) {
        if (s.getName().isEmpty() && s.getVersion().isEmpty() && s.getAttributesCount() == 0
                && s.getDroppedAttributesCount() == 0 && schemaUrl.isEmpty()) {
            return InstrumentationScope.EMPTY;
        }
        return new InstrumentationScope(s.getName(), s.getVersion(), attributes(s.getAttributesList()),
                s.getDroppedAttributesCount(), schemaUrl);
    }

    /** The first {@code n} elements as an immutable list, copied once. */
    static <T> List<T> listOf(T[] items, int n) {
        if (n == 0) {
            return List.of();
        }
        return List.of(n == items.length ? items : Arrays.copyOf(items, n));
    }

    /** Big-endian long at {@code offset}; the caller has checked the length. */
    static long readLong(ByteString bytes, int offset) {
        long v = 0;
        for (int i = offset, end = offset + 8; i < end; i++) {
            v = v << 8 | bytes.byteAt(i) & 0xFF;
        }
        return v;
    }

    /**
     * Why an ID of the wrong length is wrong, e.g. {@code trace_id must be 16 bytes, got 3}; for the stand-in
     * the JSON decoder puts where the text was not hex, {@code trace_id is not a valid hex string}.
     */
    static String wrongLength(String field, ByteString id, String expected) {
        if (id.size() == OtlpDecoder.INVALID_HEX_ID.length && id.byteAt(0) == OtlpDecoder.INVALID_HEX_ID[0]) {
            return field + " is not a valid hex string";
        }
        return field + " must be " + expected + ", got " + id.size();
    }
}
