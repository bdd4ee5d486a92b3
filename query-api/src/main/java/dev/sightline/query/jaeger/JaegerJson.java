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
import dev.sightline.store.model.SpanId;
import dev.sightline.store.model.SpanKind;
import dev.sightline.store.model.SpanLink;
import dev.sightline.store.model.SpanStatus;
import dev.sightline.store.model.TraceId;
import dev.sightline.store.read.Trace;

import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The model in the JSON of Jaeger's query service (the shape Jaeger UI and Grafana's Jaeger data source read):
 * microsecond times, typed tags, parent and links as references, one process per distinct resource. OTLP fields
 * become tags as OpenTelemetry's Jaeger translation names and orders them (scope tags, the attributes,
 * {@code span.kind}, {@code otel.status_code}, {@code error}, {@code otel.status_description},
 * {@code w3c.tracestate}; an event's name as the first log field, {@code event}), with attributes sorted by key as
 * Jaeger's query service sorts them before answering.
 */
final class JaegerJson {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    /** JavaScript's Number.MAX_SAFE_INTEGER: Jaeger writes int64 tags beyond it as strings so browsers keep them. */
    private static final long JS_MAX_SAFE_INTEGER = (1L << 53) - 1;
    private static final Comparator<Attribute> BY_KEY = Comparator.comparing(Attribute::key);
    /** The link attribute OpenTracing bridges set to keep a reference's type through OTLP. */
    private static final String REF_TYPE_ATTRIBUTE = "opentracing.ref_type";

    private JaegerJson() {
    }

    /** Jaeger's response envelope around {@code data}, without errors. */
    static ObjectNode envelope(JsonNode data, int total) {
        return envelope(data, total, null);
    }

    /** Jaeger's response envelope; {@code errors} null or empty is written as null, as Jaeger writes it. */
    static ObjectNode envelope(JsonNode data, int total, ArrayNode errors) {
        ObjectNode n = F.objectNode();
        n.set("data", data);
        n.put("total", total);
        n.put("limit", 0);
        n.put("offset", 0);
        n.set("errors", errors == null || errors.isEmpty() ? F.nullNode() : errors);
        return n;
    }

    /** Jaeger's error envelope: no data, one error with the HTTP status as its code. */
    static ObjectNode error(int code, String message) {
        ArrayNode errors = F.arrayNode();
        ObjectNode e = errors.addObject();
        e.put("code", code);
        e.put("msg", message);
        return envelope(F.nullNode(), 0, errors);
    }

    /** The error Jaeger lists for one of several requested traces that is missing (no code: Jaeger omits zero). */
    static ObjectNode traceNotFound(TraceId id) {
        ObjectNode e = F.objectNode();
        e.put("msg", "trace not found");
        e.put("traceID", traceId(id));
        return e;
    }

    static ObjectNode trace(Trace trace) {
        // Jaeger keys processes by their content: resources that convert to the same process share one ID.
        Map<Resource, String> byResource = new HashMap<>();
        Map<ObjectNode, String> processIds = new LinkedHashMap<>();
        ArrayNode spans = F.arrayNode();
        for (Scoped<Span> s : trace.spans()) {
            String processId = byResource.computeIfAbsent(s.resource(),
                    r -> processIds.computeIfAbsent(process(r), p -> "p" + (processIds.size() + 1)));
            spans.add(span(s, processId));
        }
        ObjectNode n = F.objectNode();
        n.put("traceID", traceId(trace.traceId()));
        n.set("spans", spans);
        ObjectNode processes = n.putObject("processes");
        processIds.forEach((process, id) -> processes.set(id, process));
        n.putNull("warnings");
        return n;
    }

    static ObjectNode span(Scoped<Span> scoped, String processId) {
        Span s = scoped.item();
        ObjectNode n = F.objectNode();
        n.put("traceID", traceId(s.traceId()));
        n.put("spanID", s.spanId().toHex());
        // Jaeger omits zero flags; its sampled bit (1) is W3C's, the only one of the low byte in use.
        int flags = s.flags() & 0xFF;
        if (flags != 0) {
            n.put("flags", flags);
        }
        n.put("operationName", s.name());
        n.set("references", references(s));
        n.put("startTime", micros(s.startEpochNanos()));
        n.put("duration", Math.max(0, micros(s.durationNanos())));
        n.set("tags", spanTags(s, scoped.scope()));
        ArrayNode logs = n.putArray("logs");
        for (SpanEvent e : s.events()) {
            ObjectNode log = logs.addObject();
            log.put("timestamp", micros(e.epochNanos()));
            ArrayNode fields = F.arrayNode();
            // An attribute named "event" takes precedence over the event's name, as the translation specifies.
            if (!e.name().isEmpty() && Attribute.find(e.attributes(), "event") == null) {
                tag(fields, "event", "string", F.textNode(e.name()));
            }
            fields.addAll(tags(e.attributes()));
            log.set("fields", fields);
        }
        n.put("processID", processId);
        n.set("warnings", warnings(s));
        return n;
    }

    /**
     * The parent first as CHILD_OF, then the links as FOLLOWS_FROM (CHILD_OF when an OpenTracing bridge marked the
     * link so); a link to the parent itself only sets the parent reference's type.
     */
    private static ArrayNode references(Span s) {
        ArrayNode refs = F.arrayNode();
        ObjectNode parent = null;
        if (s.parentSpanId() != null) {
            parent = reference(refs, "CHILD_OF", s.traceId(), s.parentSpanId());
        }
        for (SpanLink link : s.links()) {
            AnyValue refType = Attribute.find(link.attributes(), REF_TYPE_ATTRIBUTE);
            String type = refType instanceof AnyValue.StringValue v && v.value().equals("child_of")
                    ? "CHILD_OF" : "FOLLOWS_FROM";
            if (parent != null && link.traceId().equals(s.traceId()) && link.spanId().equals(s.parentSpanId())) {
                parent.put("refType", type);
                continue;
            }
            reference(refs, type, link.traceId(), link.spanId());
        }
        return refs;
    }

    private static ObjectNode reference(ArrayNode refs, String type, TraceId traceId, SpanId spanId) {
        ObjectNode r = refs.addObject();
        r.put("refType", type);
        r.put("traceID", traceId(traceId));
        r.put("spanID", spanId.toHex());
        return r;
    }

    private static ArrayNode spanTags(Span s, InstrumentationScope scope) {
        ArrayNode tags = F.arrayNode();
        if (!scope.name().isEmpty()) {
            tag(tags, "otel.scope.name", "string", F.textNode(scope.name()));
        }
        if (!scope.version().isEmpty()) {
            tag(tags, "otel.scope.version", "string", F.textNode(scope.version()));
        }
        tags.addAll(tags(s.attributes()));
        if (s.kind() != SpanKind.UNSPECIFIED) {
            tag(tags, "span.kind", "string", F.textNode(spanKind(s.kind())));
        }
        if (s.status().code() != SpanStatus.Code.UNSET) {
            tag(tags, "otel.status_code", "string", F.textNode(s.status().code().name()));
        }
        if (s.status().code() == SpanStatus.Code.ERROR) {
            tag(tags, "error", "bool", F.booleanNode(true));
        }
        if (!s.status().message().isEmpty()) {
            tag(tags, "otel.status_description", "string", F.textNode(s.status().message()));
        }
        if (!s.traceState().isEmpty()) {
            tag(tags, "w3c.tracestate", "string", F.textNode(s.traceState()));
        }
        return tags;
    }

    /** The kind as Jaeger's {@code span.kind} tag and operations API name it; "" for unspecified. */
    static String spanKind(SpanKind kind) {
        return kind == SpanKind.UNSPECIFIED ? "" : kind.name().toLowerCase(Locale.ROOT);
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
        List<Attribute> attributes = new ArrayList<>(resource.attributes().size());
        for (Attribute a : resource.attributes()) {
            if (!a.key().equals(Resource.SERVICE_NAME)) {
                attributes.add(a);
            }
        }
        n.set("tags", tags(attributes));
        return n;
    }

    /** The attributes as typed tags, sorted by key (stable, so repeated keys keep their order). */
    static ArrayNode tags(List<Attribute> attributes) {
        ArrayNode tags = F.arrayNode();
        List<Attribute> sorted = new ArrayList<>(attributes);
        sorted.sort(BY_KEY);
        sorted.forEach(a -> tag(tags, a));
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
            long x = i.value();
            boolean safe = x >= -JS_MAX_SAFE_INTEGER && x <= JS_MAX_SAFE_INTEGER;
            tag(tags, a.key(), "int64", safe ? F.numberNode(x) : F.textNode(Long.toString(x)));
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

    /** A trace ID as Jaeger writes it: 16 hex characters when its high half is zero (a 64-bit ID), else 32. */
    static String traceId(TraceId id) {
        HexFormat hex = HexFormat.of();
        return id.high() == 0 ? hex.toHexDigits(id.low()) : hex.toHexDigits(id.high()) + hex.toHexDigits(id.low());
    }

    static long micros(long nanos) {
        return Math.floorDiv(nanos, 1_000L);
    }
}
