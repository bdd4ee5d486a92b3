package dev.sightline.store.engine;

import dev.sightline.store.model.Attribute;
import dev.sightline.store.model.InstrumentationScope;
import dev.sightline.store.model.LogBatch;
import dev.sightline.store.model.LogRecord;
import dev.sightline.store.model.Metric;
import dev.sightline.store.model.MetricBatch;
import dev.sightline.store.model.MetricData;
import dev.sightline.store.model.Resource;
import dev.sightline.store.model.ResourceGroup;
import dev.sightline.store.model.ScopeGroup;
import dev.sightline.store.model.Scoped;
import dev.sightline.store.model.Span;
import dev.sightline.store.model.SpanBatch;
import dev.sightline.store.model.SpanId;
import dev.sightline.store.model.TelemetryBatch;
import dev.sightline.store.model.TraceId;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What the store should answer, computed the obvious way from every batch appended (in order): the reference
 * the engine's answers are compared with.
 */
final class Oracle {
    private final Map<TraceId, Map<SpanId, Scoped<Span>>> spans = new LinkedHashMap<>();
    private final Map<TraceId, Set<Scoped<LogRecord>>> logs = new LinkedHashMap<>();
    private final List<MetricBatch> metrics = new ArrayList<>();

    void add(TelemetryBatch batch) {
        if (batch instanceof SpanBatch b) {
            for (ResourceGroup<Span> g : b.resources()) {
                for (ScopeGroup<Span> s : g.scopes()) {
                    for (Span span : s.items()) {
                        spans.computeIfAbsent(span.traceId(), k -> new LinkedHashMap<>())
                                .putIfAbsent(span.spanId(), new Scoped<>(g.resource(), s.scope(), span));
                    }
                }
            }
        } else if (batch instanceof LogBatch b) {
            for (ResourceGroup<LogRecord> g : b.resources()) {
                for (ScopeGroup<LogRecord> s : g.scopes()) {
                    for (LogRecord r : s.items()) {
                        if (r.traceId() != null) {
                            logs.computeIfAbsent(r.traceId(), k -> new LinkedHashSet<>())
                                    .add(new Scoped<>(g.resource(), s.scope(), r));
                        }
                    }
                }
            }
        } else {
            metrics.add((MetricBatch) batch);
        }
    }

    Set<TraceId> traceIds() {
        return spans.keySet();
    }

    Set<TraceId> logTraceIds() {
        return logs.keySet();
    }

    List<Scoped<Span>> trace(TraceId id) {
        List<Scoped<Span>> out = new ArrayList<>(spans.getOrDefault(id, Map.of()).values());
        out.sort(Comparator.comparingLong((Scoped<Span> s) -> s.item().startEpochNanos())
                .thenComparing((a, b) -> Long.compareUnsigned(a.item().spanId().value(), b.item().spanId().value())));
        return out;
    }

    List<Scoped<LogRecord>> logsOf(TraceId id) {
        List<Scoped<LogRecord>> out = new ArrayList<>(logs.getOrDefault(id, Set.of()));
        out.sort(Comparator.comparingLong((Scoped<LogRecord> s) -> s.item().effectiveEpochNanos())
                .thenComparingLong(s -> s.item().observedEpochNanos()));
        return out;
    }

    Set<String> metricNames() {
        Set<String> names = new java.util.TreeSet<>();
        for (MetricBatch b : metrics) {
            for (ResourceGroup<Metric> g : b.resources()) {
                for (ScopeGroup<Metric> s : g.scopes()) {
                    for (Metric m : s.items()) {
                        names.add(m.name());
                    }
                }
            }
        }
        return names;
    }

    record SeriesKey(Resource resource, InstrumentationScope scope, List<Attribute> attributes) {
    }

    /** Per series of the name: its points in [from, to), first of each timestamp kept, by time. */
    Map<SeriesKey, List<MetricData.Point>> series(String name, long from, long to) {
        Map<SeriesKey, TreeMap<Long, MetricData.Point>> out = new HashMap<>();
        for (MetricBatch b : metrics) {
            for (ResourceGroup<Metric> g : b.resources()) {
                for (ScopeGroup<Metric> s : g.scopes()) {
                    for (Metric m : s.items()) {
                        if (!m.name().equals(name)) {
                            continue;
                        }
                        for (MetricData.Point p : m.data().points()) {
                            if (p.epochNanos() >= from && p.epochNanos() < to) {
                                out.computeIfAbsent(new SeriesKey(g.resource(), s.scope(), p.attributes()),
                                        k -> new TreeMap<>()).putIfAbsent(p.epochNanos(), p);
                            }
                        }
                    }
                }
            }
        }
        Map<SeriesKey, List<MetricData.Point>> result = new HashMap<>();
        out.forEach((k, v) -> result.put(k, new ArrayList<>(v.values())));
        return result;
    }
}
