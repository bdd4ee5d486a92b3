package dev.sightline.store.query;

import dev.sightline.store.model.AnyValue;
import dev.sightline.store.model.Attribute;

import java.util.HexFormat;
import java.util.stream.Collectors;

/** Attribute values as the text that filters compare and full-text search looks in. */
public final class AnyValues {
    private AnyValues() {
    }

    /**
     * Strings as they are; booleans and integers as Java prints them; doubles without a trailing ".0" when whole
     * (so {@code 500.0} equals "500", as most SDKs print it); bytes as hex; arrays and maps in a JSON-like form.
     */
    public static String text(AnyValue value) {
        if (value instanceof AnyValue.StringValue s) {
            return s.value();
        }
        if (value instanceof AnyValue.IntValue i) {
            return Long.toString(i.value());
        }
        if (value instanceof AnyValue.BoolValue b) {
            return Boolean.toString(b.value());
        }
        if (value instanceof AnyValue.DoubleValue d) {
            double v = d.value();
            return v == Math.rint(v) && !Double.isInfinite(v) && Math.abs(v) < 1e15
                    ? Long.toString((long) v) : Double.toString(v);
        }
        if (value instanceof AnyValue.BytesValue b) {
            return HexFormat.of().formatHex(b.value());
        }
        if (value instanceof AnyValue.ArrayValue a) {
            return a.values().stream().map(AnyValues::text).collect(Collectors.joining(",", "[", "]"));
        }
        if (value instanceof AnyValue.KeyValueList kv) {
            return kv.values().stream().map(AnyValues::entry).collect(Collectors.joining(",", "{", "}"));
        }
        return "";
    }

    private static String entry(Attribute a) {
        return a.key() + ":" + text(a.value());
    }
}
