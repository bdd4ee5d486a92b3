package dev.sightline.alerting.slo;

import dev.sightline.store.model.SpanKind;
import dev.sightline.store.read.RollupReader;
import dev.sightline.store.rollup.EdgeRollup;
import dev.sightline.store.rollup.LatencySketch;
import dev.sightline.store.rollup.OperationInfo;
import dev.sightline.store.rollup.SpanRollup;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Span rollups held in a table, answering {@link RollupReader} as the store does: rows sorted by service,
 * operation, kind and minute, sketches copied, whole hours merged by {@link #spanRollupsByHour}. Counts reads so
 * tests can check how the tracker reads.
 */
final class RollupTable implements RollupReader {
    record Key(String service, String operation, SpanKind kind, long minute) {
    }

    private static final Comparator<Key> ORDER = Comparator.comparing(Key::service).thenComparing(Key::operation)
            .thenComparing(Key::kind).thenComparingLong(Key::minute);

    private static final class Cell {
        long requests;
        long errors;
        final LatencySketch ok = LatencySketch.empty();
        final LatencySketch failed = LatencySketch.empty();
    }

    private final TreeMap<Key, Cell> cells = new TreeMap<>(ORDER);
    /** The keys of each minute, so a read of a few minutes does not walk the whole table. */
    private final TreeMap<Long, List<Key>> byMinute = new TreeMap<>();
    int minuteReads;
    int hourReads;

    /** Adds spans without latencies (availability only). */
    void add(String service, String operation, SpanKind kind, long minute, long requests, long errors) {
        Cell c = cell(new Key(service, operation, kind, minute));
        c.requests += requests;
        c.errors += errors;
    }

    /** Adds one span with its duration. */
    void addSpan(String service, String operation, SpanKind kind, long minute, long durationNanos, boolean error) {
        Cell c = cell(new Key(service, operation, kind, minute));
        c.requests++;
        if (error) {
            c.errors++;
            c.failed.accept(durationNanos);
        } else {
            c.ok.accept(durationNanos);
        }
    }

    private Cell cell(Key key) {
        Cell c = cells.get(key);
        if (c == null) {
            c = new Cell();
            cells.put(key, c);
            byMinute.computeIfAbsent(key.minute(), m -> new ArrayList<>()).add(key);
        }
        return c;
    }

    @Override
    public List<OperationInfo> operations(String service) {
        return List.of();
    }

    @Override
    public List<SpanRollup> spanRollups(String service, String operation, long fromEpochMinute, long toEpochMinute) {
        minuteReads++;
        List<Key> keys = new ArrayList<>();
        if (fromEpochMinute < toEpochMinute) {
            for (List<Key> ks : byMinute.subMap(fromEpochMinute, toEpochMinute).values()) {
                for (Key k : ks) {
                    if (matches(k, service, operation)) {
                        keys.add(k);
                    }
                }
            }
        }
        keys.sort(ORDER);
        List<SpanRollup> out = new ArrayList<>(keys.size());
        for (Key k : keys) {
            out.add(row(k, k.minute(), cells.get(k)));
        }
        return out;
    }

    @Override
    public List<SpanRollup> spanRollupsByHour(String service, String operation, long fromEpochMinute,
                                              long toEpochMinute) {
        hourReads++;
        TreeMap<Key, Cell> merged = new TreeMap<>(ORDER);
        for (Map.Entry<Key, Cell> e : cells.entrySet()) {
            Key k = e.getKey();
            if (k.minute() < fromEpochMinute || k.minute() >= toEpochMinute || !matches(k, service, operation)) {
                continue;
            }
            long hourStart = Math.floorDiv(k.minute(), 60) * 60;
            boolean wholeHourInside = hourStart >= fromEpochMinute && hourStart + 60 <= toEpochMinute;
            long at = wholeHourInside ? hourStart : k.minute();
            Cell m = merged.computeIfAbsent(new Key(k.service(), k.operation(), k.kind(), at), x -> new Cell());
            m.requests += e.getValue().requests;
            m.errors += e.getValue().errors;
            m.ok.merge(e.getValue().ok);
            m.failed.merge(e.getValue().failed);
        }
        List<SpanRollup> out = new ArrayList<>();
        merged.forEach((k, c) -> out.add(row(k, k.minute(), c)));
        return out;
    }

    @Override
    public List<EdgeRollup> edgeRollups(long fromEpochMinute, long toEpochMinute) {
        return List.of();
    }

    private static boolean matches(Key k, String service, String operation) {
        return (service == null || service.equals(k.service())) && (operation == null
                || operation.equals(k.operation()));
    }

    private static SpanRollup row(Key k, long minute, Cell c) {
        return new SpanRollup(k.service(), k.operation(), k.kind(), minute, c.requests, c.errors, c.ok.copy(),
                c.failed.copy());
    }
}
