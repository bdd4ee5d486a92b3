package dev.sightline.query.jaeger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sightline.store.model.AnyValue;
import dev.sightline.store.model.Attribute;
import dev.sightline.store.model.InstrumentationScope;
import dev.sightline.store.model.Resource;
import dev.sightline.store.model.Scoped;
import dev.sightline.store.model.Span;
import dev.sightline.store.model.SpanEvent;
import dev.sightline.store.model.SpanKind;
import dev.sightline.store.model.SpanLink;
import dev.sightline.store.model.SpanStatus;
import dev.sightline.store.read.Trace;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The model in the JSON of Jaeger's query service (the shape Jaeger UI and Grafana's Jaeger data source read):
 * microsecond times, typed tags, parent and links as references, one process per distinct resource. The
 * mapping of OTLP fields to tags follows OpenTelemetry's Jaeger translation ({@code span.kind},
 * {@code otel.status_code}, {@code error}, {@code otel.scope.name}; an event's name under the key {@code event}).
 */
final class JaegerJson {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private JaegerJson() {
    }

    /** Jaeger's response envelope around {@code data}. */
    static ObjectNode envelope(JsonNode data, int total) {
        ObjectNode n = F.objectNode();
        n.set("data", data);
        n.put("total", total);
        n.put("limit", 0);
        n.put("offset", 0);
        n.putNull("errors");
        return n;
    }

    /** Jaeger's error envelope: no data, one error with the HTTP status as its code. */
    static ObjectNode error(int code, String message) {
        ObjectNode n = envelope(F.nullNode(), 0);
        ObjectNode e = n.putArray("errors").addObject();
        e.put("code", code);
        e.put("msg", message);
        return n;
    }

    static ObjectNode trace(Trace trace) {
        Map<Resource, String> processIds = new LinkedHashMap<>();
        ArrayNode spans = F.arrayNode();
        for (Scoped<Span> s : trace.spans()) {
            String processId = processIds.computeIfAbsent(s.resource(), r -> "p" + (processIds.size() + 1));
            spans.add(span(s, processId));
        }
        ObjectNode n = F.objectNode();
        n.put("traceID", trace.traceId().toHex());
        n.set("spans", spans);
        ObjectNode processes = n.putObject("processes");
        processIds.forEach((resource, id) -> processes.set(id, process(resource)));
        n.putNull("warnings");
        return n;
    }

    static ObjectNode span(Scoped<Span> scoped, String processId) {
        Span s = scoped.item();
        ObjectNode n = F.objectNode();
        n.put("traceID", s.traceId().toHex());
        n.put("spanID", s.spanId().toHex());
        n.put("flags", s.flags() & 0xFF);
        n.put("operationName", s.name());
        ArrayNode refs = n.putArray("references");
        if (s.parentSpanId() != null) {
            reference(refs, "CHILD_OF", s.traceId().toHex(), s.parentSpanId().toHex());
        }
        for (SpanLink link : s.links()) {
            reference(refs, "FOLLOWS_FROM", link.traceId().toHex(), link.spanId().toHex());
        }
        n.put("startTime", micros(s.startEpochNanos()));
        n.put("duration", Math.max(0, micros(s.durationNanos())));
        n.set("tags", spanTags(s, scoped.scope()));
        ArrayNode logs = n.putArray("logs");
        for (SpanEvent e : s.events()) {
            ObjectNode log = logs.addObject();
            log.put("timestamp", micros(e.epochNanos()));
            ArrayNode fields = tags(e.attributes());
            if (!e.name().isEmpty()) {
                tag(fields, "event", "string", F.textNode(e.name()));
            }
            log.set("fields", fields);
        }
        n.put("processID", processId);
        n.set("warnings", warnings(s));
        return n;
    }

    private static void reference(ArrayNode refs, String type, String traceId, String spanId) {
        ObjectNode r = refs.addObject();
        r.put("refType", type);
        r.put("traceID", traceId);
        r.put("spanID", spanId);
    }

    private static ArrayNode spanTags(Span s, InstrumentationScope scope) {
        ArrayNode tags = tags(s.attributes());
        if (!scope.name().isEmpty()) {
            tag(tags, "otel.scope.name", "string", F.textNode(scope.name()));
        }
        if (!scope.version().isEmpty()) {
            tag(tags, "otel.scope.version", "string", F.textNode(scope.version()));
        }
        if (s.kind() != SpanKind.UNSPECIFIED) {
            tag(tags, "span.kind", "string", F.textNode(s.kind().name().toLowerCase(Locale.ROOT)));
        }
        if (s.status().code() != SpanStatus.Code.UNSET) {
            tag(tags, "otel.status_code", "string", F.textNode(s.status().code().name()));
        }
        if (!s.status().message().isEmpty()) {
            tag(tags, "otel.status_description", "string", F.textNode(s.status().message()));
        }
        if (s.status().code() == SpanStatus.Code.ERROR) {
            tag(tags, "error", "bool", F.booleanNode(true));
        }
        return tags;
    }

    /** What Jaeger cannot show is said, not silently lost; null (as Jaeger writes it) when nothing was. */
    private static JsonNode warnings(Span s) {
        ArrayNode w = F.arrayNode();
        if (s.droppedAttributesCount() > 0) {
            w.add("the sender dropped " + s.droppedAttributesCount() + " attributes");
        }
        if (s.droppedEventsCount() > 0) {
            w.add("the sender dropped " + s.droppedEventsCount() + " events");
        }
        if (s.droppedLinksCount() > 0) {
            w.add("the sender dropped " + s.droppedLinksCount() + " links");
        }
        return w.isEmpty() ? F.nullNode() : w;
    }

    static ObjectNode process(Resource resource) {
        ObjectNode n = F.objectNode();
        n.put("serviceName", resource.serviceName());
        ArrayNode tags = F.arrayNode();
        for (Attribute a : resource.attributes()) {
            if (!a.key().equals(Resource.SERVICE_NAME)) {
                tag(tags, a);
            }
        }
        n.set("tags", tags);
        return n;
    }

    static ArrayNode tags(List<Attribute> attributes) {
        ArrayNode tags = F.arrayNode();
        attributes.forEach(a -> tag(tags, a));
        return tags;
    }

    /**
     * One typed tag. Jaeger has no arrays or maps: those become their JSON text as a string tag, as
     * OpenTelemetry's translation does; bytes are base64, as Jaeger's JSON writes binary tags.
     */
    private static void tag(ArrayNode tags, Attribute a) {
        AnyValue v = a.value();
        if (v instanceof AnyValue.StringValue s) {
            tag(tags, a.key(), "string", F.textNode(s.value()));
        } else if (v instanceof AnyValue.BoolValue b) {
            tag(tags, a.key(), "bool", F.booleanNode(b.value()));
        } else if (v instanceof AnyValue.IntValue i) {
            tag(tags, a.key(), "int64", F.numberNode(i.value()));
        } else if (v instanceof AnyValue.DoubleValue d) {
            tag(tags, a.key(), "float64", doubleNode(d.value()));
        } else if (v instanceof AnyValue.BytesValue b) {
            tag(tags, a.key(), "binary", F.textNode(Base64.getEncoder().encodeToString(b.value())));
        } else if (v instanceof AnyValue.ArrayValue || v instanceof AnyValue.KeyValueList) {
            tag(tags, a.key(), "string", F.textNode(plain(v).toString()));
        } else {
            tag(tags, a.key(), "string", F.textNode(""));
        }
    }

    private static void tag(ArrayNode tags, String key, String type, JsonNode value) {
        ObjectNode t = tags.addObject();
        t.put("key", key);
        t.put("type", type);
        t.set("value", value);
    }

    /** A value as plain JSON (no OTLP type wrappers), for arrays and maps flattened into a string tag. */
    private static JsonNode plain(AnyValue v) {
        if (v instanceof AnyValue.StringValue s) {
            return F.textNode(s.value());
        } else if (v instanceof AnyValue.BoolValue b) {
            return F.booleanNode(b.value());
        } else if (v instanceof AnyValue.IntValue i) {
            return F.numberNode(i.value());
        } else if (v instanceof AnyValue.DoubleValue d) {
            return doubleNode(d.value());
        } else if (v instanceof AnyValue.BytesValue b) {
            return F.textNode(Base64.getEncoder().encodeToString(b.value()));
        } else if (v instanceof AnyValue.ArrayValue arr) {
            ArrayNode a = F.arrayNode();
            arr.values().forEach(x -> a.add(plain(x)));
            return a;
        } else if (v instanceof AnyValue.KeyValueList kv) {
            ObjectNode o = F.objectNode();
            kv.values().forEach(x -> o.set(x.key(), plain(x.value())));
            return o;
        }
        return F.nullNode();
    }

    /** JSON has no NaN or infinities; they are written as strings, as {@code ModelJson} does. */
    private static JsonNode doubleNode(double d) {
        if (Double.isNaN(d)) {
            return F.textNode("NaN");
        }
        if (Double.isInfinite(d)) {
            return F.textNode(d > 0 ? "Infinity" : "-Infinity");
        }
        return F.numberNode(d);
    }

    private static long micros(long nanos) {
        return Math.floorDiv(nanos, 1_000L);
    }
}
