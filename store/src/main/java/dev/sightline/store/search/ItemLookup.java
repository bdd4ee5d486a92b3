package dev.sightline.store.search;

import dev.sightline.store.model.AnyValue;
import dev.sightline.store.model.Attribute;
import dev.sightline.store.model.LogRecord;
import dev.sightline.store.model.Resource;
import dev.sightline.store.model.Span;

import java.util.function.Function;

/**
 * Where an attribute filter looks a key up: the item's own attributes first, then its resource's, then a few
 * intrinsic fields under the names Jaeger and OpenTelemetry use for them, so {@code span.kind=server},
 * {@code otel.status_code=ERROR} or {@code error=true} work like the tags Jaeger shows.
 */
final class ItemLookup {
    private ItemLookup() {
    }

    static Function<String, AnyValue> of(Resource resource, Span span) {
        return key -> {
            AnyValue v = Attribute.find(span.attributes(), key);
            if (v == null) {
                v = Attribute.find(resource.attributes(), key);
            }
            return v != null ? v : intrinsic(span, key);
        };
    }

    static Function<String, AnyValue> of(Resource resource, LogRecord record) {
        return key -> {
            AnyValue v = Attribute.find(record.attributes(), key);
            if (v == null) {
                v = Attribute.find(resource.attributes(), key);
            }
            if (v == null && key.equals("severity_text") && !record.severityText().isEmpty()) {
                v = new AnyValue.StringValue(record.severityText());
            }
            if (v == null && key.equals("event.name") && !record.eventName().isEmpty()) {
                v = new AnyValue.StringValue(record.eventName());
            }
            return v;
        };
    }

    private static AnyValue intrinsic(Span span, String key) {
        return switch (key) {
            case "name" -> new AnyValue.StringValue(span.name());
            case "span.kind" -> new AnyValue.StringValue(span.kind().name().toLowerCase());
            case "otel.status_code" -> new AnyValue.StringValue(span.status().code().name());
            case "otel.status_description" -> span.status().message().isEmpty() ? null
                    : new AnyValue.StringValue(span.status().message());
            case "error" -> span.isError() ? new AnyValue.BoolValue(true) : null;
            default -> null;
        };
    }
}
