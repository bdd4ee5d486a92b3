package dev.sightline.store.read;

import dev.sightline.store.model.AnyValue;

import java.util.ArrayList;
import java.util.List;

/**
 * The correlation IDs in an attribute value, read the one way the store indexes them and readers show them: a
 * string, each string of an array (HTTP header attributes are string arrays in the semantic conventions), or an
 * integer. Blank values identify nothing.
 */
public final class CorrelationValues {
    private CorrelationValues() {
    }

    public static List<String> of(AnyValue value) {
        if (value instanceof AnyValue.StringValue s) {
            return s.value().isBlank() ? List.of() : List.of(s.value());
        }
        if (value instanceof AnyValue.ArrayValue a) {
            List<String> ids = new ArrayList<>(1);
            for (AnyValue v : a.values()) {
                if (v instanceof AnyValue.StringValue s && !s.value().isBlank()) {
                    ids.add(s.value());
                }
            }
            return ids;
        }
        if (value instanceof AnyValue.IntValue i) {
            return List.of(Long.toString(i.value()));
        }
        return List.of();
    }
}
