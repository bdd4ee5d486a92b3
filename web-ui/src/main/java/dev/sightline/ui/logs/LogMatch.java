package dev.sightline.ui.logs;

import dev.sightline.store.model.AnyValue;
import dev.sightline.store.model.Attribute;
import dev.sightline.store.model.LogRecord;
import dev.sightline.store.model.Scoped;
import dev.sightline.store.query.AnyValues;
import dev.sightline.store.query.LogQuery;

import java.util.Locale;
import java.util.function.Function;

/**
 * A {@link LogQuery}'s criteria tested on one record in memory, for the records a correlation lookup returned
 * (the store's search applies the same criteria while it scans; its matcher is internal to the store). Attribute
 * keys are looked up as the store does: the record's attributes, then its resource's, then {@code severity_text}
 * and {@code event.name}.
 */
final class LogMatch {
    private final LogQuery query;
    private final String needle;

    LogMatch(LogQuery query) {
        this.query = query;
        this.needle = query.text() == null ? null : query.text().toLowerCase(Locale.ROOT);
    }

    boolean test(Scoped<LogRecord> s) {
        LogRecord r = s.item();
        if (!query.range().contains(r.effectiveEpochNanos())) {
            return false;
        }
        if (query.service() != null && !query.service().equals(s.resource().serviceName())) {
            return false;
        }
        if (r.severityNumber() < query.minSeverity()) {
            return false;
        }
        if (query.traceId() != null && !query.traceId().equals(r.traceId())) {
            return false;
        }
        if (query.spanId() != null && !query.spanId().equals(r.spanId())) {
            return false;
        }
        if (needle != null && (r.body() == null
                || !AnyValues.text(r.body()).toLowerCase(Locale.ROOT).contains(needle))) {
            return false;
        }
        return query.filter().matches(lookup(s));
    }

    private static Function<String, AnyValue> lookup(Scoped<LogRecord> s) {
        LogRecord r = s.item();
        return key -> {
            AnyValue v = Attribute.find(r.attributes(), key);
            if (v == null) {
                v = Attribute.find(s.resource().attributes(), key);
            }
            if (v == null && key.equals("severity_text") && !r.severityText().isEmpty()) {
                v = new AnyValue.StringValue(r.severityText());
            }
            if (v == null && key.equals("event.name") && !r.eventName().isEmpty()) {
                v = new AnyValue.StringValue(r.eventName());
            }
            return v;
        };
    }
}
