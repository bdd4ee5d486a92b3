package dev.sightline.store.index;

import dev.sightline.store.model.Attribute;
import dev.sightline.store.model.LogBatch;
import dev.sightline.store.model.LogRecord;
import dev.sightline.store.model.Metric;
import dev.sightline.store.model.MetricBatch;
import dev.sightline.store.model.MetricData;
import dev.sightline.store.model.ResourceGroup;
import dev.sightline.store.model.ScopeGroup;
import dev.sightline.store.model.Signal;
import dev.sightline.store.model.Span;
import dev.sightline.store.model.SpanBatch;
import dev.sightline.store.model.TelemetryBatch;
import dev.sightline.store.model.TraceId;
import dev.sightline.store.read.CorrelationValues;
import dev.sightline.store.rollup.RollupDelta;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the indexes need from one batch, computed once on the appender's thread and handed along with the log
 * append, so the indexer never decodes a payload it has just written (replay decodes and recomputes it).
 * Small: one entry per trace, service, metric name and series, never one per span, log record or point.
 *
 * @param items    spans, log records or metric points
 * @param minNanos earliest item time in the batch (span start, log time, point time); Long.MAX_VALUE if none
 * @param maxNanos latest (span end, log time, point time); Long.MIN_VALUE if none
 * @param traces   per trace ID: its items' time range and count (logs: only records that carry a trace ID)
 * @param services service names of the batch's resources
 * @param metrics  per metric name: its points' time range and count
 * @param series   every distinct series (name + resource + scope + point attributes) of the batch, as a stable hash
 * @param digest   what searches can rule out without decoding the record
 * @param rollup   what the per-minute rollups and the service graph need (spans only; empty otherwise)
 */
public record IndexDelta(Signal signal, int items, long minNanos, long maxNanos, List<TraceRef> traces,
                         List<String> services, List<MetricRef> metrics, List<SeriesRef> series,
                         RecordDigest digest, RollupDelta rollup) {

    public IndexDelta {
        traces = List.copyOf(traces);
        services = List.copyOf(services);
        metrics = List.copyOf(metrics);
        series = List.copyOf(series);
        rollup = rollup == null ? RollupDelta.EMPTY : rollup;
    }

    public IndexDelta(Signal signal, int items, long minNanos, long maxNanos, List<TraceRef> traces,
                      List<String> services, List<MetricRef> metrics, List<SeriesRef> series,
                      RecordDigest digest) {
        this(signal, items, minNanos, maxNanos, traces, services, metrics, series, digest, RollupDelta.EMPTY);
    }

    public IndexDelta(Signal signal, int items, long minNanos, long maxNanos, List<TraceRef> traces,
                      List<String> services, List<MetricRef> metrics, List<SeriesRef> series) {
        this(signal, items, minNanos, maxNanos, traces, services, metrics, series, RecordDigest.UNKNOWN);
    }

    /**
     * The hot-map key under which the records carrying a correlation ID are found. Correlation IDs share the trace
     * map (and its overflow rows, purge and rebuild) with trace IDs: a key is a 128-bit hash in its own namespace,
     * so it does not meet a real trace ID.
     */
    public static TraceId correlationKey(String correlationId) {
        StableHash h = new StableHash().add("sightline.correlation").add(correlationId);
        return new TraceId(h.high(), h.low() == 0 && h.high() == 0 ? 1 : h.low());
    }

    public record TraceRef(long high, long low, long minNanos, long maxNanos, int items) {
        public TraceId traceId() {
            return new TraceId(high, low);
        }
    }

    /** Points of one metric name in one batch; a metric without points has an empty range (min > max). */
    public record MetricRef(String name, long minNanos, long maxNanos, int points) {
    }

    public record SeriesRef(long high, long low, String metricName) {
    }

    /** For a payload that cannot be decoded: the record stays in the log but is found by nothing. */
    public static IndexDelta empty(Signal signal) {
        return new IndexDelta(signal, 0, Long.MAX_VALUE, Long.MIN_VALUE, List.of(), List.of(), List.of(), List.of());
    }

    public static IndexDelta of(TelemetryBatch batch) {
        return of(batch, List.of());
    }

    /** The extract of a batch, with the values of {@code correlationKeys} indexed as correlation IDs. */
    public static IndexDelta of(TelemetryBatch batch, List<String> correlationKeys) {
        if (batch instanceof SpanBatch spans) {
            return ofSpans(spans, correlationKeys);
        }
        if (batch instanceof LogBatch logs) {
            return ofLogs(logs, correlationKeys);
        }
        return ofMetrics((MetricBatch) batch);
    }

    private static final class Range {
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        int count;

        void add(long from, long to) {
            min = Math.min(min, from);
            max = Math.max(max, to);
            count++;
        }
    }

    private static IndexDelta ofSpans(SpanBatch batch, List<String> correlationKeys) {
        Map<TraceId, Range> traces = new HashMap<>();
        Set<String> services = new LinkedHashSet<>();
        RecordDigest.Builder digest = new RecordDigest.Builder();
        RollupDelta.Builder rollup = RollupDelta.builder();
        Range all = new Range();
        for (ResourceGroup<Span> g : batch.resources()) {
            String service = g.resource().serviceName();
            services.add(service);
            digest.service(service);
            for (ScopeGroup<Span> s : g.scopes()) {
                for (Span span : s.items()) {
                    traces.computeIfAbsent(span.traceId(), k -> new Range())
                            .add(span.startEpochNanos(), span.endEpochNanos());
                    all.add(span.startEpochNanos(), span.endEpochNanos());
                    digest.operation(service, span.name());
                    digest.span(span.durationNanos(), span.isError());
                    rollup.add(service, span);
                    addCorrelations(traces, span.attributes(), correlationKeys, span.startEpochNanos(),
                            span.endEpochNanos());
                }
            }
        }
        return new IndexDelta(batch.signal(), all.count, all.min, all.max, traceRefs(traces),
                new ArrayList<>(services), List.of(), List.of(), digest.build(), rollup.build());
    }

    private static IndexDelta ofLogs(LogBatch batch, List<String> correlationKeys) {
        Map<TraceId, Range> traces = new HashMap<>();
        Set<String> services = new LinkedHashSet<>();
        RecordDigest.Builder digest = new RecordDigest.Builder();
        Range all = new Range();
        for (ResourceGroup<LogRecord> g : batch.resources()) {
            services.add(g.resource().serviceName());
            digest.service(g.resource().serviceName());
            for (ScopeGroup<LogRecord> s : g.scopes()) {
                for (LogRecord r : s.items()) {
                    long t = r.effectiveEpochNanos();
                    all.add(t, t);
                    digest.severity(r.severityNumber());
                    if (r.traceId() != null) {
                        traces.computeIfAbsent(r.traceId(), k -> new Range()).add(t, t);
                    }
                    addCorrelations(traces, r.attributes(), correlationKeys, t, t);
                }
            }
        }
        return new IndexDelta(batch.signal(), all.count, all.min, all.max, traceRefs(traces),
                new ArrayList<>(services), List.of(), List.of(), digest.build());
    }

    private static void addCorrelations(Map<TraceId, Range> refs, List<Attribute> attributes, List<String> keys,
                                        long from, long to) {
        if (keys.isEmpty() || attributes.isEmpty()) {
            return;
        }
        for (String key : keys) {
            for (String id : CorrelationValues.of(Attribute.find(attributes, key))) {
                refs.computeIfAbsent(correlationKey(id), k -> new Range()).add(from, to);
            }
        }
    }

    private static IndexDelta ofMetrics(MetricBatch batch) {
        Map<String, Range> names = new LinkedHashMap<>();
        Set<SeriesRef> series = new LinkedHashSet<>();
        Set<String> services = new LinkedHashSet<>();
        Range all = new Range();
        for (ResourceGroup<Metric> g : batch.resources()) {
            services.add(g.resource().serviceName());
            StableHash resourceHash = new StableHash().add(g.resource());
            for (ScopeGroup<Metric> s : g.scopes()) {
                StableHash scopeHash = resourceHash.copy().add(s.scope());
                for (Metric m : s.items()) {
                    Range range = names.computeIfAbsent(m.name(), k -> new Range());
                    StableHash nameHash = scopeHash.copy().add(m.name());
                    for (MetricData.Point p : m.data().points()) {
                        range.add(p.epochNanos(), p.epochNanos());
                        all.add(p.epochNanos(), p.epochNanos());
                        StableHash h = nameHash.copy().add(p.attributes());
                        series.add(new SeriesRef(h.high(), h.low(), m.name()));
                    }
                }
            }
        }
        List<MetricRef> metrics = new ArrayList<>(names.size());
        names.forEach((name, r) -> metrics.add(new MetricRef(name, r.min, r.max, r.count)));
        return new IndexDelta(batch.signal(), all.count, all.min, all.max, List.of(), new ArrayList<>(services),
                metrics, new ArrayList<>(series));
    }

    private static List<TraceRef> traceRefs(Map<TraceId, Range> traces) {
        List<TraceRef> out = new ArrayList<>(traces.size());
        traces.forEach((id, r) -> out.add(new TraceRef(id.high(), id.low(), r.min, r.max, r.count)));
        return out;
    }

    private static final int TRACE_REF_BYTES = 36;

    /** The trace part in the compact form kept in H2 (one blob per log record), or null if there is none. */
    byte[] encodeTraces() {
        if (traces.isEmpty()) {
            return null;
        }
        ByteBuffer b = ByteBuffer.allocate(4 + TRACE_REF_BYTES * traces.size());
        b.putInt(traces.size());
        for (TraceRef t : traces) {
            b.putLong(t.high).putLong(t.low).putLong(t.minNanos).putLong(t.maxNanos).putInt(t.items);
        }
        return b.array();
    }

    static List<TraceRef> decodeTraces(byte[] blob) {
        if (blob == null || blob.length < 4) {
            return List.of();
        }
        ByteBuffer b = ByteBuffer.wrap(blob);
        int n = b.getInt();
        if (n < 0 || n > (blob.length - 4) / TRACE_REF_BYTES) {
            throw new IllegalArgumentException("corrupt trace blob: " + n + " entries in " + blob.length + " bytes");
        }
        List<TraceRef> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(new TraceRef(b.getLong(), b.getLong(), b.getLong(), b.getLong(), b.getInt()));
        }
        return out;
    }
}
