package dev.sightline.collector.otlp;

import com.google.protobuf.ByteString;
import dev.sightline.store.model.AnyValue;
import dev.sightline.collector.redaction.Redactor;
import dev.sightline.store.model.Attribute;
import dev.sightline.store.model.InstrumentationScope;
import dev.sightline.store.model.Resource;
import dev.sightline.store.model.Signal;
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

    /** For a value under a sensitive key, masked whole: scanning it first would count its secrets twice. */
    private static final Redactor.OfSignal PLAIN = Redactor.disabled().forSignal(Signal.TRACES);

    private OtlpValues() {
    }

    /** The attributes, with secrets masked by {@code red}: whole values under sensitive keys, and inside texts. */
    static List<Attribute> attributes(List<KeyValue> kvs, Redactor.OfSignal red) {
        int n = kvs.size();
        if (n == 0) {
            return List.of();
        }
        Attribute[] out = new Attribute[n];
        for (int i = 0; i < n; i++) {
            KeyValue kv = kvs.get(i);
            String key = kv.getKey();
            out[i] = new Attribute(key, red.isSensitiveKey(key)
                    ? red.maskKeyed(anyValue(kv.getValue(), PLAIN))
                    : anyValue(kv.getValue(), red));
        }
        return List.of(out);
    }

    /**
     * Every AnyValue kind. Unset maps to {@link AnyValue.Empty#INSTANCE}. {@code string_value_strindex} points
     * into a profiles dictionary that traces, logs and metrics do not have, so it maps to Empty too.
     * Depth is bounded by the decoders (protobuf's recursion limit), not here.
     */
    static AnyValue anyValue(io.opentelemetry.proto.common.v1.AnyValue v, Redactor.OfSignal red) {
        return switch (v.getValueCase()) {
            case STRING_VALUE -> new AnyValue.StringValue(red.text(v.getStringValue()));
            case BOOL_VALUE -> v.getBoolValue() ? TRUE : FALSE;
            case INT_VALUE -> new AnyValue.IntValue(v.getIntValue());
            case DOUBLE_VALUE -> new AnyValue.DoubleValue(v.getDoubleValue());
            case BYTES_VALUE -> new AnyValue.BytesValue(v.getBytesValue().toByteArray());
            case ARRAY_VALUE -> new AnyValue.ArrayValue(anyValues(v.getArrayValue(), red));
            case KVLIST_VALUE -> new AnyValue.KeyValueList(attributes(v.getKvlistValue().getValuesList(), red));
            case STRING_VALUE_STRINDEX, VALUE_NOT_SET -> AnyValue.Empty.INSTANCE;
        };
    }

    private static List<AnyValue> anyValues(ArrayValue array, Redactor.OfSignal red) {
        int n = array.getValuesCount();
        if (n == 0) {
            return List.of();
        }
        AnyValue[] out = new AnyValue[n];
        for (int i = 0; i < n; i++) {
            out[i] = anyValue(array.getValues(i), red);
        }
        return List.of(out);
    }

    /** An absent resource reads as the default (empty) one, so both map alike. */
    static Resource resource(io.opentelemetry.proto.resource.v1.Resource r, String schemaUrl,
                             Redactor.OfSignal red) {
        if (r.getAttributesCount() == 0 && r.getDroppedAttributesCount() == 0) {
            return schemaUrl.isEmpty() ? Resource.EMPTY : new Resource(List.of(), 0, schemaUrl);
        }
        return new Resource(attributes(r.getAttributesList(), red), r.getDroppedAttributesCount(), schemaUrl);
    }

    /** An absent scope reads as the default (empty) one, so both map alike. */
    static InstrumentationScope scope(io.opentelemetry.proto.common.v1.InstrumentationScope s, String schemaUrl,
                                      Redactor.OfSignal red) {
        if (s.getName().isEmpty() && s.getVersion().isEmpty() && s.getAttributesCount() == 0
                && s.getDroppedAttributesCount() == 0 && schemaUrl.isEmpty()) {
            return InstrumentationScope.EMPTY;
        }
        return new InstrumentationScope(s.getName(), s.getVersion(), attributes(s.getAttributesList(), red),
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
