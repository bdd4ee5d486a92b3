package dev.sightline.store.model;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * OTLP's {@code AnyValue}: a string, boolean, integer, double, bytes, array or key-value list.
 * Arrays and key-value lists nest; the collector bounds the depth before values reach the store.
 */
public sealed interface AnyValue {

    record StringValue(String value) implements AnyValue {
        public StringValue {
            Objects.requireNonNull(value, "value");
        }
    }

    record BoolValue(boolean value) implements AnyValue {
    }

    record IntValue(long value) implements AnyValue {
    }

    record DoubleValue(double value) implements AnyValue {
    }

    /** Bytes are copied in and out: the record stays immutable. */
    record BytesValue(byte[] value) implements AnyValue {
        public BytesValue {
            value = value.clone();
        }

        @Override
        public byte[] value() {
            return value.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof BytesValue other && Arrays.equals(value, other.value);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(value);
        }

        @Override
        public String toString() {
            return "BytesValue[" + value.length + " bytes]";
        }
    }

    record ArrayValue(List<AnyValue> values) implements AnyValue {
        public ArrayValue {
            values = List.copyOf(values);
        }
    }

    record KeyValueList(List<Attribute> values) implements AnyValue {
        public KeyValueList {
            values = List.copyOf(values);
        }
    }

    /** An {@code AnyValue} with no field set: OTLP allows it (e.g. an attribute whose value is empty). */
    record Empty() implements AnyValue {
        public static final Empty INSTANCE = new Empty();
    }

    static AnyValue of(String value) {
        return new StringValue(value);
    }

    static AnyValue of(long value) {
        return new IntValue(value);
    }

    static AnyValue of(double value) {
        return new DoubleValue(value);
    }

    static AnyValue of(boolean value) {
        return new BoolValue(value);
    }
}
