package dev.sightline.ui.logs;

import dev.sightline.store.model.AnyValue;
import dev.sightline.store.model.Attribute;

import java.util.HexFormat;
import java.util.List;

/**
 * Log bodies and attribute values as text a person reads: a string as it is, maps and arrays as indented JSON
 * (strings quoted and escaped inside them). The page escapes the result like any other string; this class only
 * lays it out. Output stops at a character budget, so one huge body cannot make a page of megabytes.
 */
final class ValueText {
    /** Enough for any readable body or stack trace; past it the text ends with a note of what was left out. */
    static final int MAX_CHARS = 32 * 1024;
    private static final int MAX_DEPTH = 32;

    private final StringBuilder out = new StringBuilder();
    private final int budget;
    private final boolean indent;
    private boolean truncated;

    private ValueText(int budget, boolean indent) {
        this.budget = budget;
        this.indent = indent;
    }

    /** True for maps and arrays, the bodies a page offers to expand. */
    static boolean structured(AnyValue v) {
        return v instanceof AnyValue.KeyValueList || v instanceof AnyValue.ArrayValue;
    }

    /** The value on one line: for summaries and for values short enough to read in a row. */
    static String compact(AnyValue v, int maxChars) {
        return new ValueText(maxChars, false).top(v);
    }

    /** The value laid out over lines, two spaces per level. */
    static String pretty(AnyValue v, int maxChars) {
        return new ValueText(maxChars, true).top(v);
    }

    /** A string cut to {@code maxChars} characters, with an ellipsis when something was cut. */
    static String cut(String s, int maxChars) {
        return s.length() <= maxChars ? s : s.substring(0, maxChars) + "…";
    }

    private String top(AnyValue v) {
        if (v instanceof AnyValue.StringValue s) {
            return s.value().length() <= budget ? s.value()
                    : s.value().substring(0, budget) + omitted(s.value().length() - budget);
        }
        write(v, 0);
        return truncated ? out + " …" : out.toString();
    }

    private static String omitted(int chars) {
        return "… (" + chars + " more characters)";
    }

    private void write(AnyValue v, int depth) {
        if (full()) {
            return;
        }
        if (v instanceof AnyValue.StringValue s) {
            quote(s.value());
        } else if (v instanceof AnyValue.IntValue i) {
            append(Long.toString(i.value()));
        } else if (v instanceof AnyValue.BoolValue b) {
            append(Boolean.toString(b.value()));
        } else if (v instanceof AnyValue.DoubleValue d) {
            double x = d.value();
            append(Double.isFinite(x) ? Double.toString(x) : "\"" + x + "\"");
        } else if (v instanceof AnyValue.BytesValue b) {
            append("\"0x" + HexFormat.of().formatHex(b.value()) + "\"");
        } else if (v instanceof AnyValue.ArrayValue a) {
            array(a.values(), depth);
        } else if (v instanceof AnyValue.KeyValueList kv) {
            map(kv.values(), depth);
        } else {
            append("null");
        }
    }

    private void array(List<AnyValue> values, int depth) {
        if (values.isEmpty()) {
            append("[]");
            return;
        }
        if (depth >= MAX_DEPTH) {
            append("[…]");
            return;
        }
        append("[");
        for (int i = 0; i < values.size() && !full(); i++) {
            if (i > 0) {
                append(",");
            }
            newline(depth + 1);
            write(values.get(i), depth + 1);
        }
        newline(depth);
        append("]");
    }

    private void map(List<Attribute> entries, int depth) {
        if (entries.isEmpty()) {
            append("{}");
            return;
        }
        if (depth >= MAX_DEPTH) {
            append("{…}");
            return;
        }
        append("{");
        for (int i = 0; i < entries.size() && !full(); i++) {
            if (i > 0) {
                append(",");
            }
            newline(depth + 1);
            quote(entries.get(i).key());
            append(indent ? ": " : ":");
            write(entries.get(i).value(), depth + 1);
        }
        newline(depth);
        append("}");
    }

    private void newline(int depth) {
        if (indent) {
            append("\n" + "  ".repeat(depth));
        }
    }

    private void quote(String s) {
        StringBuilder q = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> q.append("\\\"");
                case '\\' -> q.append("\\\\");
                case '\n' -> q.append("\\n");
                case '\r' -> q.append("\\r");
                case '\t' -> q.append("\\t");
                default -> {
                    if (c < 0x20) {
                        q.append(String.format("\\u%04x", (int) c));
                    } else {
                        q.append(c);
                    }
                }
            }
        }
        append(q.append('"').toString());
    }

    private void append(String s) {
        int room = budget - out.length();
        if (s.length() <= room) {
            out.append(s);
        } else {
            out.append(s, 0, Math.max(0, room));
            truncated = true;
        }
    }

    /** True once something did not fit: nothing more is written, and the text ends with an ellipsis. */
    private boolean full() {
        return truncated;
    }
}
