package dev.sightline.ui.traces;

import dev.sightline.store.model.AnyValue;
import dev.sightline.store.model.Attribute;

import java.util.Base64;
import java.util.Locale;

/**
 * An attribute value or log body as a person reads it: strings as they are (no quotes), arrays and key-value lists
 * in brackets. Templates escape the result; this class only decides the text. Long values are cut, so one log body
 * of a megabyte cannot make a page of a megabyte.
 */
public final class AnyValueText {
    static final int MAX_CHARS = 4096;

    private AnyValueText() {
    }

    public static String of(AnyValue value) {
        if (value == null) {
            return "";
        }
        StringBuilder b = new StringBuilder();
        append(b, value, false);
        if (b.length() > MAX_CHARS) {
            return b.substring(0, MAX_CHARS) + "… (" + (b.length() - MAX_CHARS) + " more characters)";
        }
        return b.toString();
    }

    /** {@code quoteStrings}: inside arrays and lists, so ["a b", "c"] stays two strings. */
    private static void append(StringBuilder b, AnyValue value, boolean quoteStrings) {
        if (b.length() > MAX_CHARS) {
            return;
        }
        if (value instanceof AnyValue.StringValue s) {
            b.append(quoteStrings ? '"' + s.value() + '"' : s.value());
        } else if (value instanceof AnyValue.BoolValue v) {
            b.append(v.value());
        } else if (value instanceof AnyValue.IntValue v) {
            b.append(v.value());
        } else if (value instanceof AnyValue.DoubleValue v) {
            b.append(String.format(Locale.ROOT, "%s", v.value()));
        } else if (value instanceof AnyValue.BytesValue v) {
            b.append("base64:").append(Base64.getEncoder().encodeToString(v.value()));
        } else if (value instanceof AnyValue.ArrayValue a) {
            b.append('[');
            for (int i = 0; i < a.values().size(); i++) {
                if (i > 0) {
                    b.append(", ");
                }
                append(b, a.values().get(i), true);
            }
            b.append(']');
        } else if (value instanceof AnyValue.KeyValueList kv) {
            b.append('{');
            for (int i = 0; i < kv.values().size(); i++) {
                Attribute a = kv.values().get(i);
                if (i > 0) {
                    b.append(", ");
                }
                b.append(a.key()).append(": ");
                append(b, a.value(), true);
            }
            b.append('}');
        }
    }
}
