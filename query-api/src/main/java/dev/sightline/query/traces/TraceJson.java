package dev.sightline.query.traces;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sightline.query.json.ModelJson;
import dev.sightline.query.traces.analysis.SpanTiming;
import dev.sightline.query.traces.analysis.TraceAnalysis;
import dev.sightline.store.model.LogRecord;
import dev.sightline.store.model.Scoped;
import dev.sightline.store.model.Span;
import dev.sightline.store.read.Trace;

import java.util.List;
import java.util.TreeSet;

/** A trace by ID as the API answers it: every span in display order with its analysis, and the trace's logs. */
final class TraceJson {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private TraceJson() {
    }

    static ObjectNode trace(Trace trace, TraceAnalysis analysis, List<Scoped<LogRecord>> logs) {
        List<Scoped<Span>> spans = trace.spans();
        ObjectNode body = F.objectNode();
        body.put("traceId", trace.traceId().toHex());
        long start = Long.MAX_VALUE;
        long end = Long.MIN_VALUE;
        TreeSet<String> services = new TreeSet<>();
        for (Scoped<Span> s : spans) {
            start = Math.min(start, s.item().startEpochNanos());
            end = Math.max(end, s.item().endEpochNanos());
            services.add(s.resource().serviceName());
        }
        body.put("startTimeUnixNano", Long.toString(start));
        body.put("endTimeUnixNano", Long.toString(end));
        body.put("durationNanos", Long.toString(end - start));
        body.put("criticalPathNanos", Long.toString(analysis.criticalPathNanos()));
        body.put("spanCount", spans.size());
        ArrayNode serviceArray = body.putArray("services");
        services.forEach(serviceArray::add);
        ArrayNode warnings = body.putArray("warnings");
        analysis.warnings().forEach(warnings::add);
        ArrayNode spanArray = body.putArray("spans");
        for (SpanTiming t : analysis.inDisplayOrder()) {
            ObjectNode n = ModelJson.span(spans.get(t.index()));
            n.put("selfTimeNanos", Long.toString(t.selfTimeNanos()));
            n.put("criticalPath", t.onCriticalPath());
            n.put("criticalPathNanos", Long.toString(t.criticalPathNanos()));
            n.put("depth", t.depth());
            spanArray.add(n);
        }
        ArrayNode logArray = body.putArray("logs");
        logs.forEach(r -> logArray.add(ModelJson.log(r)));
        return body;
    }
}
