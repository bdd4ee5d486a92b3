package dev.sightline.store.model;

import java.util.List;
import java.util.Objects;

/** One key-value pair. Order and duplicates are kept as sent: full fidelity is the store's promise. */
public record Attribute(String key, AnyValue value) {
    public Attribute {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
    }

    public static Attribute of(String key, String value) {
        return new Attribute(key, new AnyValue.StringValue(value));
    }

    /** The first string value under {@code key}, or null. */
    public static String findString(List<Attribute> attributes, String key) {
        for (Attribute a : attributes) {
            if (a.key.equals(key) && a.value instanceof AnyValue.StringValue s) {
                return s.value();
            }
        }
        return null;
    }

    /** The value of the first attribute under {@code key}, or null. */
    public static AnyValue find(List<Attribute> attributes, String key) {
        for (Attribute a : attributes) {
            if (a.key.equals(key)) {
                return a.value;
            }
        }
        return null;
    }
}
