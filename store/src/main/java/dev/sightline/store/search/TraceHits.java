package dev.sightline.store.search;

import dev.sightline.store.model.Scoped;
import dev.sightline.store.model.Span;
import dev.sightline.store.model.SpanId;
import dev.sightline.store.query.TraceHit;
import dev.sightline.store.read.Trace;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Set;

/** Summaries of whole traces, as search results show them. */
public final class TraceHits {
    private TraceHits() {
    }

    /** {@code trace.spans()} are by start time, so the first root found is the earliest. */
    public static TraceHit summarize(Trace trace) {
        Set<SpanId> ids = new HashSet<>();
        for (Scoped<Span> s : trace.spans()) {
            ids.add(s.item().spanId());
        }
        Scoped<Span> root = null;
        Scoped<Span> orphan = null;
        long start = Long.MAX_VALUE;
        long end = Long.MIN_VALUE;
        int errors = 0;
        LinkedHashSet<String> services = new LinkedHashSet<>();
        for (Scoped<Span> s : trace.spans()) {
            Span span = s.item();
            start = Math.min(start, span.startEpochNanos());
            end = Math.max(end, span.endEpochNanos());
            if (span.isError()) {
                errors++;
            }
            services.add(s.resource().serviceName());
            if (root == null && span.isRoot()) {
                root = s;
            }
            if (orphan == null && !span.isRoot() && !ids.contains(span.parentSpanId())) {
                orphan = s;
            }
        }
        Scoped<Span> top = root != null ? root : orphan != null ? orphan : trace.spans().get(0);
        return new TraceHit(trace.traceId(), top.resource().serviceName(), top.item().name(), start,
                Math.max(0, end - start), trace.spans().size(), errors, new ArrayList<>(services));
    }
}
