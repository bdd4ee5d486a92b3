package dev.sightline.store.rollup;

import dev.sightline.store.model.SpanKind;
import dev.sightline.store.rollup.RollupDelta.SpanCell;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rollups held in memory: the operations and edges with their surrogate ids, and a bounded LRU of decoded rows
 * ({@link RollupOptions#cachedCells()}), with what changed since the last write. Past a cardinality cap, a new
 * operation or callee folds into {@link RollupOptions#OTHER}.
 *
 * <p>The writer (the indexer's thread) changes everything here, and reads it without a lock; readers, from any
 * thread, copy rows out under {@link #lock}, which the writer holds for every change they could see. Neither
 * reads nor writes the database: a miss is the caller's to read ({@link #cached}, {@link #put}).
 */
final class RollupMemory {

    record OpKey(String service, String name, SpanKind kind) {
    }

    record EdgeKey(String caller, String callee, boolean virtualCallee) {
    }

    /**
     * An operation ({@link OpKey}) or edge ({@link EdgeKey}): its surrogate id (rows stay small), its newest minute
     * (what retention forgets it by), and whether its row is written.
     */
    static final class Entry {
        final Object key;
        final int id;
        long lastMinute;
        boolean stored;

        Entry(Object key, int id, long lastMinute, boolean stored) {
            this.key = key;
            this.id = id;
            this.lastMinute = lastMinute;
            this.stored = stored;
        }
    }

    /** A span rollup row (edge = false, id of an operation) or an edge rollup row (edge = true, id of an edge). */
    record CellKey(boolean edge, int id, long minute) {
    }

    /** A row, decoded. For an edge, {@code ok} holds every call's latency and {@code failed} is null. */
    static final class Cell {
        final CellKey key;
        final Entry owner;
        long count;
        long errors;
        final LatencySketch ok;
        final LatencySketch failed;

        Cell(CellKey key, Entry owner, long count, long errors, LatencySketch ok, LatencySketch failed) {
            this.key = key;
            this.owner = owner;
            this.count = count;
            this.errors = errors;
            this.ok = ok;
            this.failed = failed;
        }

        /** A row with nothing in it yet. */
        static Cell empty(CellKey key, Entry owner) {
            return new Cell(key, owner, 0, 0, LatencySketch.empty(), key.edge() ? null : LatencySketch.empty());
        }
    }

    private final RollupOptions options;

    /**
     * Guards what readers copy from memory: the cells and the operation and edge maps. The writer changes them
     * only while holding it; it reads them without.
     */
    private final Object lock = new Object();
    private final Map<OpKey, Entry> operations = new HashMap<>();
    private final Map<String, Integer> operationsPerService = new HashMap<>();
    private final Map<EdgeKey, Entry> edges = new HashMap<>();
    private final Map<String, Integer> calleesPerCaller = new HashMap<>();
    private final LinkedHashMap<CellKey, Cell> cells = new LinkedHashMap<>(256, 0.75f, true);

    // Writer thread only.
    private final Set<Cell> dirty = new LinkedHashSet<>();
    private final Set<Entry> changedEntries = new LinkedHashSet<>();
    private int nextOperationId;
    private int nextEdgeId;

    RollupMemory(RollupOptions options) {
        this.options = options;
    }

    /** Forgets everything, and holds the operations and edges the database has written instead. Writer thread. */
    void reset(List<Entry> storedOperations, List<Entry> storedEdges) {
        dirty.clear();
        changedEntries.clear();
        nextOperationId = 0;
        nextEdgeId = 0;
        synchronized (lock) {
            operations.clear();
            operationsPerService.clear();
            edges.clear();
            calleesPerCaller.clear();
            cells.clear();
            for (Entry e : storedOperations) {
                OpKey key = (OpKey) e.key;
                operations.put(key, e);
                operationsPerService.merge(key.service(), 1, Integer::sum);
                nextOperationId = Math.max(nextOperationId, e.id + 1);
            }
            for (Entry e : storedEdges) {
                EdgeKey key = (EdgeKey) e.key;
                edges.put(key, e);
                calleesPerCaller.merge(key.caller(), 1, Integer::sum);
                nextEdgeId = Math.max(nextEdgeId, e.id + 1);
            }
        }
    }

    int operationCount() {
        return operations.size();
    }

    int edgeCount() {
        return edges.size();
    }

    /** Rows held, changed or not. */
    int cellCount() {
        return cells.size();
    }

    // ------------------------------------------------------------------------------------------------ writing

    /** The operation's entry; a new name past a cap folds into {@code <other>} of its service and kind. */
    Entry operation(SpanCell c) {
        OpKey key = new OpKey(c.service(), c.operation(), c.kind());
        Entry e = operations.get(key);
        if (e != null) {
            return e;
        }
        if (!c.operation().equals(RollupOptions.OTHER)
                && (operationsPerService.getOrDefault(c.service(), 0) >= options.maxOperationsPerService()
                || operations.size() >= options.maxOperations())) {
            key = new OpKey(c.service(), RollupOptions.OTHER, c.kind());
            e = operations.get(key);
            if (e != null) {
                return e;
            }
        }
        e = new Entry(key, nextOperationId++, c.epochMinute(), false);
        changedEntries.add(e);
        synchronized (lock) {
            operations.put(key, e);
            operationsPerService.merge(c.service(), 1, Integer::sum);
        }
        return e;
    }

    /** The call's edge entry; a new callee past the cap folds into {@code <other>} of its caller. */
    Entry edge(ServiceGraphMatcher.Call call) {
        EdgeKey key = new EdgeKey(call.caller(), call.callee(), call.virtualCallee());
        Entry e = edges.get(key);
        if (e != null) {
            return e;
        }
        if (!call.callee().equals(RollupOptions.OTHER)
                && calleesPerCaller.getOrDefault(call.caller(), 0) >= options.maxCalleesPerCaller()) {
            key = new EdgeKey(call.caller(), RollupOptions.OTHER, call.virtualCallee());
            e = edges.get(key);
            if (e != null) {
                return e;
            }
        }
        e = new Entry(key, nextEdgeId++, call.epochMinute(), false);
        changedEntries.add(e);
        synchronized (lock) {
            edges.put(key, e);
            calleesPerCaller.merge(call.caller(), 1, Integer::sum);
        }
        return e;
    }

    /** The row in memory, or null. */
    Cell cached(CellKey key) {
        synchronized (lock) {
            return cells.get(key); // in access order, a get reorders: not while a reader iterates
        }
    }

    /** Holds {@code cell} (read or new), and returns it. */
    Cell put(Cell cell) {
        synchronized (lock) {
            cells.put(cell.key, cell);
        }
        return cell;
    }

    /**
     * Adds spans and calls to their rows ({@code spanCells.get(i)} is the row of {@code spans.get(i)}, alike for
     * calls), all under one lock, so a reader sees a record whole or not at all.
     */
    void add(List<SpanCell> spans, List<Cell> spanCells, List<ServiceGraphMatcher.Call> calls,
             List<Cell> edgeCells) {
        synchronized (lock) {
            for (int i = 0; i < spanCells.size(); i++) {
                SpanCell c = spans.get(i);
                Cell cell = spanCells.get(i);
                cell.count += c.requests();
                cell.errors += c.failedNanos().length;
                for (long d : c.okNanos()) {
                    cell.ok.accept(d);
                }
                for (long d : c.failedNanos()) {
                    cell.failed.accept(d);
                }
                touch(cell, c.epochMinute());
            }
            for (int i = 0; i < calls.size(); i++) {
                ServiceGraphMatcher.Call call = calls.get(i);
                Cell cell = edgeCells.get(i);
                cell.count++;
                if (call.error()) {
                    cell.errors++;
                }
                cell.ok.accept(call.durationNanos());
                touch(cell, call.epochMinute());
            }
        }
    }

    private void touch(Cell cell, long minute) {
        dirty.add(cell);
        Entry owner = cell.owner;
        if (!owner.stored || minute > owner.lastMinute) {
            owner.lastMinute = Math.max(owner.lastMinute, minute);
            changedEntries.add(owner);
        }
    }

    /** Whether anything changed since the last write. */
    boolean changed() {
        return !dirty.isEmpty() || !changedEntries.isEmpty();
    }

    /** Operations and edges created, or seen in a later minute, since the last write. */
    Collection<Entry> changedEntries() {
        return changedEntries;
    }

    /** Rows changed since the last write. */
    Collection<Cell> changedCells() {
        return dirty;
    }

    /** After the changes are written: nothing is changed any more, and the cache is trimmed. */
    void written() {
        changedEntries.forEach(e -> e.stored = true);
        changedEntries.clear();
        dirty.clear();
        synchronized (lock) {
            // Least recently used first; every cell is written now, so any may go. Down to three quarters, so a
            // working set larger than the cache does not write at every record.
            int keep = options.cachedCells() - options.cachedCells() / 4;
            Iterator<Cell> it = cells.values().iterator();
            while (cells.size() > keep && it.hasNext()) {
                it.next();
                it.remove();
            }
        }
    }

    /** Forgets the rows of minutes before {@code epochMinute}, and the operations and edges last seen before it. */
    void forgetBefore(long epochMinute) {
        synchronized (lock) {
            cells.keySet().removeIf(k -> k.minute() < epochMinute);
            operations.values().removeIf(e -> e.lastMinute < epochMinute);
            edges.values().removeIf(e -> e.lastMinute < epochMinute);
            operationsPerService.clear();
            operations.keySet().forEach(k -> operationsPerService.merge(k.service(), 1, Integer::sum));
            calleesPerCaller.clear();
            edges.keySet().forEach(k -> calleesPerCaller.merge(k.caller(), 1, Integer::sum));
        }
    }

    // ------------------------------------------------------------------------------------------------ reading

    /** The operations of {@code service} (of all services if null), sorted. Any thread. */
    List<OperationInfo> operations(String service) {
        List<OperationInfo> out = new ArrayList<>();
        synchronized (lock) {
            for (OpKey k : operations.keySet()) {
                if (service == null || service.equals(k.service())) {
                    out.add(new OperationInfo(k.service(), k.name(), k.kind()));
                }
            }
        }
        out.sort(Comparator.comparing(OperationInfo::service).thenComparing(OperationInfo::name)
                .thenComparing(OperationInfo::kind));
        return out;
    }

    /** Copies of the span rows in memory of minutes [from, to), by key. Any thread. */
    Map<CellKey, SpanRollup> spanRollups(String service, String operation, long fromEpochMinute,
                                         long toEpochMinute) {
        Map<CellKey, SpanRollup> rows = new HashMap<>();
        synchronized (lock) {
            for (Cell c : cells.values()) {
                if (!c.key.edge() && c.key.minute() >= fromEpochMinute && c.key.minute() < toEpochMinute
                        && c.owner.key instanceof OpKey k && (service == null || service.equals(k.service()))
                        && (operation == null || operation.equals(k.name()))) {
                    rows.put(c.key, new SpanRollup(k.service(), k.name(), k.kind(), c.key.minute(), c.count,
                            c.errors, c.ok.copy(), c.failed.copy()));
                }
            }
        }
        return rows;
    }

    /** Copies of the edge rows in memory of minutes [from, to), by key. Any thread. */
    Map<CellKey, EdgeRollup> edgeRollups(long fromEpochMinute, long toEpochMinute) {
        Map<CellKey, EdgeRollup> rows = new HashMap<>();
        synchronized (lock) {
            for (Cell c : cells.values()) {
                if (c.key.edge() && c.key.minute() >= fromEpochMinute && c.key.minute() < toEpochMinute
                        && c.owner.key instanceof EdgeKey k) {
                    rows.put(c.key, new EdgeRollup(k.caller(), k.callee(), k.virtualCallee(), c.key.minute(),
                            c.count, c.errors, c.ok.copy()));
                }
            }
        }
        return rows;
    }
}
