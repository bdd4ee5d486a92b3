package dev.sightline.query.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sightline.query.json.ModelJson;
import dev.sightline.store.model.Exemplar;

import java.util.Map;

/**
 * Metric query answers as JSON in the API's conventions: times and durations as nanosecond strings, NaN and
 * infinities as the strings "NaN", "Infinity", "-Infinity" (JSON has no such numbers; PromQL produces them).
 */
public final class MetricJson {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private MetricJson() {
    }

    public static ObjectNode rangeResult(RangeResult r) {
        ObjectNode n = F.objectNode();
        n.put("name", r.name());
        n.put("type", r.type());
        n.put("unit", r.unit());
        n.put("description", r.description());
        n.put("fn", r.fn().wireName());
        if (r.q() != null) {
            n.set("q", number(r.q()));
        }
        n.put("startTimeUnixNano", Long.toString(r.start()));
        n.put("endTimeUnixNano", Long.toString(r.end()));
        n.put("stepNanos", Long.toString(r.step()));
        if (r.window() != null) {
            n.put("windowNanos", Long.toString(r.window()));
        }
        if (r.lookback() != null) {
            n.put("lookbackNanos", Long.toString(r.lookback()));
        }
        if (r.by() != null) {
            ArrayNode by = n.putArray("by");
            r.by().forEach(by::add);
        }
        ArrayNode series = n.putArray("series");
        for (RangeResult.Series s : r.series()) {
            ObjectNode sn = series.addObject();
            sn.set("labels", labels(s.labels()));
            ArrayNode points = sn.putArray("points");
            for (int i = 0; i < s.times().length; i++) {
                ObjectNode p = points.addObject();
                p.put("timeUnixNano", Long.toString(s.times()[i]));
                p.set("value", number(s.values()[i]));
            }
            ArrayNode exemplars = sn.putArray("exemplars");
            s.exemplars().forEach(e -> exemplars.add(exemplar(e)));
        }
        n.put("truncated", r.truncated());
        ArrayNode warnings = n.putArray("warnings");
        r.warnings().forEach(warnings::add);
        return n;
    }

    public static ObjectNode labels(Map<String, String> labels) {
        ObjectNode n = F.objectNode();
        labels.forEach(n::put);
        return n;
    }

    public static ObjectNode exemplar(Exemplar e) {
        ObjectNode n = F.objectNode();
        n.put("timeUnixNano", Long.toString(e.epochNanos()));
        n.set("value", number(e.value().asDouble()));
        if (e.traceId() != null) {
            n.put("traceId", e.traceId().toHex());
        }
        if (e.spanId() != null) {
            n.put("spanId", e.spanId().toHex());
        }
        n.set("filteredAttributes", ModelJson.attributes(e.filteredAttributes()));
        return n;
    }

    public static ObjectNode saturation(Saturation s) {
        ObjectNode n = F.objectNode();
        n.put("noData", s.noData());
        ArrayNode signals = n.putArray("signals");
        for (SaturationSignal sig : s.signals()) {
            ObjectNode sn = signals.addObject();
            sn.put("resource", sig.resource().wireName());
            sn.put("name", sig.name());
            sn.set("value", number(sig.value()));
            sn.put("utilization", sig.utilization());
            sn.put("unit", sig.unit());
            sn.put("timeUnixNano", Long.toString(sig.epochNanos()));
            if (sig.instance() != null) {
                sn.put("instance", sig.instance());
            }
            if (sig.detail() != null) {
                sn.put("detail", sig.detail());
            }
        }
        return n;
    }

    public static JsonNode number(double d) {
        if (Double.isNaN(d)) {
            return F.textNode("NaN");
        }
        if (Double.isInfinite(d)) {
            return F.textNode(d > 0 ? "Infinity" : "-Infinity");
        }
        return F.numberNode(d);
    }
}
