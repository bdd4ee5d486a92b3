package dev.sightline.query.json;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sightline.store.model.AnyValue;
import dev.sightline.store.model.Attribute;
import dev.sightline.store.model.Exemplar;
import dev.sightline.store.model.InstrumentationScope;
import dev.sightline.store.model.LogRecord;
import dev.sightline.store.model.MetricData;
import dev.sightline.store.model.NumberValue;
import dev.sightline.store.model.Resource;
import dev.sightline.store.model.Scoped;
import dev.sightline.store.model.Span;
import dev.sightline.store.model.SpanEvent;
import dev.sightline.store.model.SpanLink;
import dev.sightline.store.read.MetricSeries;

import java.util.Base64;
import java.util.List;

/**
 * The model as JSON, in the shape of OTLP's JSON encoding where OTLP has one (lowerCamelCase, hex IDs,
 * 64-bit integers and nanosecond times as strings so JavaScript does not round them, typed attribute values),
 * so what a client sent can be compared with what it reads back.
 */
public final class ModelJson {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private ModelJson() {
    }

    public static ObjectNode span(Scoped<Span> scoped) {
        Span s = scoped.item();
        ObjectNode n = F.objectNode();
        n.put("traceId", s.traceId().toHex());
        n.put("spanId", s.spanId().toHex());
        if (s.parentSpanId() != null) {
            n.put("parentSpanId", s.parentSpanId().toHex());
        }
        n.put("traceState", s.traceState());
        n.put("flags", Integer.toUnsignedLong(s.flags()));
        n.put("name", s.name());
        n.put("kind", s.kind().name());
        n.put("startTimeUnixNano", Long.toString(s.startEpochNanos()));
        n.put("endTimeUnixNano", Long.toString(s.endEpochNanos()));
        n.put("durationNanos", Long.toString(s.durationNanos()));
        n.set("attributes", attributes(s.attributes()));
        n.put("droppedAttributesCount", s.droppedAttributesCount());
        ArrayNode events = n.putArray("events");
        for (SpanEvent e : s.events()) {
            ObjectNode en = events.addObject();
            en.put("timeUnixNano", Long.toString(e.epochNanos()));
            en.put("name", e.name());
            en.set("attributes", attributes(e.attributes()));
            en.put("droppedAttributesCount", e.droppedAttributesCount());
        }
        n.put("droppedEventsCount", s.droppedEventsCount());
        ArrayNode links = n.putArray("links");
        for (SpanLink l : s.links()) {
            ObjectNode ln = links.addObject();
            ln.put("traceId", l.traceId().toHex());
            ln.put("spanId", l.spanId().toHex());
            ln.put("traceState", l.traceState());
            ln.set("attributes", attributes(l.attributes()));
            ln.put("droppedAttributesCount", l.droppedAttributesCount());
            ln.put("flags", Integer.toUnsignedLong(l.flags()));
        }
        n.put("droppedLinksCount", s.droppedLinksCount());
        ObjectNode status = n.putObject("status");
        status.put("code", s.status().code().name());
        status.put("message", s.status().message());
        n.put("serviceName", scoped.resource().serviceName());
        n.set("resource", resource(scoped.resource()));
        n.set("scope", scope(scoped.scope()));
        return n;
    }

    public static ObjectNode log(Scoped<LogRecord> scoped) {
        LogRecord r = scoped.item();
        ObjectNode n = F.objectNode();
        n.put("timeUnixNano", Long.toString(r.epochNanos()));
        n.put("observedTimeUnixNano", Long.toString(r.observedEpochNanos()));
        n.put("severityNumber", r.severityNumber());
        n.put("severityText", r.severityText());
        if (r.body() != null) {
            n.set("body", anyValue(r.body()));
        }
        n.set("attributes", attributes(r.attributes()));
        n.put("droppedAttributesCount", r.droppedAttributesCount());
        n.put("flags", Integer.toUnsignedLong(r.flags()));
        if (r.traceId() != null) {
            n.put("traceId", r.traceId().toHex());
        }
        if (r.spanId() != null) {
            n.put("spanId", r.spanId().toHex());
        }
        n.put("eventName", r.eventName());
        n.put("serviceName", scoped.resource().serviceName());
        n.set("resource", resource(scoped.resource()));
        n.set("scope", scope(scoped.scope()));
        return n;
    }

    public static ObjectNode series(MetricSeries series) {
        ObjectNode n = F.objectNode();
        n.put("name", series.name());
        n.put("description", series.description());
        n.put("unit", series.unit());
        n.put("type", series.type());
        n.put("aggregationTemporality", series.temporality().name());
        n.put("isMonotonic", series.monotonic());
        n.put("serviceName", series.resource().serviceName());
        n.set("resource", resource(series.resource()));
        n.set("scope", scope(series.scope()));
        n.set("attributes", attributes(series.attributes()));
        ArrayNode points = n.putArray("points");
        for (MetricData.Point p : series.points()) {
            points.add(point(p));
        }
        return n;
    }

    static ObjectNode point(MetricData.Point p) {
        ObjectNode n = F.objectNode();
        n.put("startTimeUnixNano", Long.toString(p.startEpochNanos()));
        n.put("timeUnixNano", Long.toString(p.epochNanos()));
        n.put("flags", Integer.toUnsignedLong(p.flags()));
        if (p instanceof MetricData.NumberPoint np) {
            number(n, np.value());
            n.set("exemplars", exemplars(np.exemplars()));
        } else if (p instanceof MetricData.HistogramPoint hp) {
            n.put("count", Long.toString(hp.count()));
            putOptional(n, "sum", hp.sum());
            putOptional(n, "min", hp.min());
            putOptional(n, "max", hp.max());
            ArrayNode counts = n.putArray("bucketCounts");
            hp.bucketCounts().forEach(c -> counts.add(Long.toString(c)));
            ArrayNode bounds = n.putArray("explicitBounds");
            hp.explicitBounds().forEach(b -> bounds.add(doubleNode(b)));
            n.set("exemplars", exemplars(hp.exemplars()));
        } else if (p instanceof MetricData.ExponentialHistogramPoint ep) {
            n.put("count", Long.toString(ep.count()));
            putOptional(n, "sum", ep.sum());
            putOptional(n, "min", ep.min());
            putOptional(n, "max", ep.max());
            n.put("scale", ep.scale());
            n.put("zeroCount", Long.toString(ep.zeroCount()));
            n.set("zeroThreshold", doubleNode(ep.zeroThreshold()));
            n.set("positive", buckets(ep.positive()));
            n.set("negative", buckets(ep.negative()));
            n.set("exemplars", exemplars(ep.exemplars()));
        } else if (p instanceof MetricData.SummaryPoint sp) {
            n.put("count", Long.toString(sp.count()));
            n.set("sum", doubleNode(sp.sum()));
            ArrayNode qs = n.putArray("quantileValues");
            for (MetricData.ValueAtQuantile q : sp.quantileValues()) {
                ObjectNode qn = qs.addObject();
                qn.set("quantile", doubleNode(q.quantile()));
                qn.set("value", doubleNode(q.value()));
            }
        }
        n.set("attributes", attributes(p.attributes()));
        return n;
    }

    private static ObjectNode buckets(MetricData.Buckets b) {
        ObjectNode n = F.objectNode();
        n.put("offset", b.offset());
        ArrayNode counts = n.putArray("bucketCounts");
        b.bucketCounts().forEach(c -> counts.add(Long.toString(c)));
        return n;
    }

    private static ArrayNode exemplars(List<Exemplar> exemplars) {
        ArrayNode a = F.arrayNode();
        for (Exemplar e : exemplars) {
            ObjectNode n = a.addObject();
            n.put("timeUnixNano", Long.toString(e.epochNanos()));
            number(n, e.value());
            if (e.traceId() != null) {
                n.put("traceId", e.traceId().toHex());
            }
            if (e.spanId() != null) {
                n.put("spanId", e.spanId().toHex());
            }
            n.set("filteredAttributes", attributes(e.filteredAttributes()));
        }
        return a;
    }

    private static void number(ObjectNode n, NumberValue value) {
        if (value instanceof NumberValue.OfLong l) {
            n.put("asInt", Long.toString(l.value()));
        } else if (value instanceof NumberValue.OfDouble d) {
            n.set("asDouble", doubleNode(d.value()));
        }
    }

    private static void putOptional(ObjectNode n, String field, Double value) {
        if (value != null) {
            n.set(field, doubleNode(value));
        }
    }

    /** JSON has no NaN or infinities; proto3 JSON writes them as strings, and so do we. */
    private static com.fasterxml.jackson.databind.JsonNode doubleNode(double d) {
        if (Double.isNaN(d)) {
            return F.textNode("NaN");
        }
        if (Double.isInfinite(d)) {
            return F.textNode(d > 0 ? "Infinity" : "-Infinity");
        }
        return F.numberNode(d);
    }

    public static ObjectNode resource(Resource r) {
        ObjectNode n = F.objectNode();
        n.set("attributes", attributes(r.attributes()));
        n.put("droppedAttributesCount", r.droppedAttributesCount());
        n.put("schemaUrl", r.schemaUrl());
        return n;
    }

    public static ObjectNode scope(InstrumentationScope s) {
        ObjectNode n = F.objectNode();
        n.put("name", s.name());
        n.put("version", s.version());
        n.set("attributes", attributes(s.attributes()));
        n.put("droppedAttributesCount", s.droppedAttributesCount());
        n.put("schemaUrl", s.schemaUrl());
        return n;
    }

    public static ArrayNode attributes(List<Attribute> attributes) {
        ArrayNode a = F.arrayNode();
        for (Attribute attr : attributes) {
            ObjectNode n = a.addObject();
            n.put("key", attr.key());
            n.set("value", anyValue(attr.value()));
        }
        return a;
    }

    public static ObjectNode anyValue(AnyValue v) {
        ObjectNode n = F.objectNode();
        if (v instanceof AnyValue.StringValue s) {
            n.put("stringValue", s.value());
        } else if (v instanceof AnyValue.BoolValue b) {
            n.put("boolValue", b.value());
        } else if (v instanceof AnyValue.IntValue i) {
            n.put("intValue", Long.toString(i.value()));
        } else if (v instanceof AnyValue.DoubleValue d) {
            n.set("doubleValue", doubleNode(d.value()));
        } else if (v instanceof AnyValue.BytesValue b) {
            n.put("bytesValue", Base64.getEncoder().encodeToString(b.value()));
        } else if (v instanceof AnyValue.ArrayValue arr) {
            ArrayNode values = n.putObject("arrayValue").putArray("values");
            arr.values().forEach(x -> values.add(anyValue(x)));
        } else if (v instanceof AnyValue.KeyValueList kv) {
            n.putObject("kvlistValue").set("values", attributes(kv.values()));
        }
        return n;
    }
}
