package dev.sightline.ui.traces;

import dev.sightline.store.model.Attribute;
import dev.sightline.store.model.LogRecord;
import dev.sightline.store.model.Scoped;
import dev.sightline.store.model.Span;
import dev.sightline.store.read.CorrelationValues;

import java.util.LinkedHashSet;
import java.util.List;

/**
 * The correlation (request) IDs a trace carries, found the way the store indexes them: the values of the store's
 * correlation keys on spans and log records, with {@link CorrelationValues} reading strings, string arrays
 * (HTTP header attributes) and integers alike. So every ID shown here is one the correlation page can look up.
 * Spans first, in the order given (the root first), then logs; at most {@link #MAX} distinct IDs.
 */
public final class CorrelationIds {
    static final int MAX = 5;

    private CorrelationIds() {
    }

    public static List<String> of(List<String> keys, List<Span> spans, List<Scoped<LogRecord>> logs) {
        LinkedHashSet<String> ids = new LinkedHashSet<>();
        for (Span s : spans) {
            if (add(ids, keys, s.attributes())) {
                return List.copyOf(ids);
            }
        }
        for (Scoped<LogRecord> l : logs) {
            if (add(ids, keys, l.item().attributes())) {
                break;
            }
        }
        return List.copyOf(ids);
    }

    /** True once MAX IDs are found. */
    private static boolean add(LinkedHashSet<String> ids, List<String> keys, List<Attribute> attributes) {
        if (attributes.isEmpty()) {
            return false;
        }
        for (String key : keys) {
            for (String id : CorrelationValues.of(Attribute.find(attributes, key))) {
                ids.add(id);
                if (ids.size() == MAX) {
                    return true;
                }
            }
        }
        return false;
    }
}
