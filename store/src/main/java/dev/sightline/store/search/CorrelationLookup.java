package dev.sightline.store.search;

import dev.sightline.store.index.IndexDelta;
import dev.sightline.store.index.IndexStore;
import dev.sightline.store.model.Attribute;
import dev.sightline.store.model.LogBatch;
import dev.sightline.store.model.LogRecord;
import dev.sightline.store.model.ResourceGroup;
import dev.sightline.store.model.ScopeGroup;
import dev.sightline.store.model.Scoped;
import dev.sightline.store.model.Signal;
import dev.sightline.store.model.Span;
import dev.sightline.store.model.SpanBatch;
import dev.sightline.store.model.TraceId;
import dev.sightline.store.query.Correlation;
import dev.sightline.store.query.TraceHit;
import dev.sightline.store.read.CorrelationReader;
import dev.sightline.store.read.CorrelationValues;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Correlation ID → every trace and log of one user action. At ingest, the values of the correlation keys are
 * indexed like trace IDs (under a hashed key, {@link IndexDelta#correlationKey}), so a lookup reads only the
 * records that carry the ID, then follows the traces found to their logs.
 */
public final class CorrelationLookup implements CorrelationReader {
    private final IndexStore index;
    private final RecordSource source;
    private final List<String> keys;
    private final int maxTraces;
    private final int maxLogs;

    public CorrelationLookup(IndexStore index, RecordSource source, List<String> keys, int maxTraces, int maxLogs) {
        this.index = index;
        this.source = source;
        this.keys = List.copyOf(keys);
        this.maxTraces = maxTraces;
        this.maxLogs = maxLogs;
    }

    @Override
    public List<String> correlationKeys() {
        return keys;
    }

    @Override
    public Correlation correlate(String id) {
        TraceId key = IndexDelta.correlationKey(id);
        // Spans of the traces and their logs are mostly in the records that carry the ID: read each once.
        CachedRecords cached = new CachedRecords(source);
        boolean complete = true;

        LinkedHashSet<TraceId> traceIds = new LinkedHashSet<>();
        for (long position : index.tracePositions(key, Signal.TRACES)) {
            if (cached.read(Signal.TRACES, position) instanceof SpanBatch batch) {
                for (ResourceGroup<Span> g : batch.resources()) {
                    for (ScopeGroup<Span> s : g.scopes()) {
                        for (Span span : s.items()) {
                            if (carries(span.attributes(), id)) {
                                traceIds.add(span.traceId());
                            }
                        }
                    }
                }
            }
        }
        LinkedHashSet<Scoped<LogRecord>> logs = new LinkedHashSet<>();
        for (long position : index.tracePositions(key, Signal.LOGS)) {
            if (cached.read(Signal.LOGS, position) instanceof LogBatch batch) {
                for (ResourceGroup<LogRecord> g : batch.resources()) {
                    for (ScopeGroup<LogRecord> s : g.scopes()) {
                        for (LogRecord r : s.items()) {
                            if (carries(r.attributes(), id)) {
                                logs.add(new Scoped<>(g.resource(), s.scope(), r));
                                if (r.traceId() != null) {
                                    traceIds.add(r.traceId());
                                }
                            }
                        }
                    }
                }
            }
        }
        TraceAssembler assembler = new TraceAssembler(cached);
        List<TraceHit> traces = new ArrayList<>();
        for (TraceId t : traceIds) {
            if (traces.size() == maxTraces) {
                complete = false;
                break;
            }
            assembler.trace(t, index.tracePositions(t, Signal.TRACES)).map(TraceHits::summarize)
                    .ifPresent(traces::add);
            logs.addAll(assembler.logs(t, index.tracePositions(t, Signal.LOGS)));
        }
        traces.sort(Comparator.comparingLong(TraceHit::startEpochNanos));
        List<Scoped<LogRecord>> sorted = new ArrayList<>(logs);
        sorted.sort(TraceAssembler.LOG_TIME_ORDER);
        if (sorted.size() > maxLogs) {
            complete = false;
            sorted = sorted.subList(0, maxLogs);
        }
        return new Correlation(id, traces, sorted, complete);
    }

    private boolean carries(List<Attribute> attributes, String id) {
        for (String k : keys) {
            if (CorrelationValues.of(Attribute.find(attributes, k)).contains(id)) {
                return true;
            }
        }
        return false;
    }
}
