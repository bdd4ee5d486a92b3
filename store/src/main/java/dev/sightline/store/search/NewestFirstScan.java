package dev.sightline.store.search;

import dev.sightline.store.index.IndexStore;
import dev.sightline.store.index.RecordDigest;
import dev.sightline.store.index.RecordRef;
import dev.sightline.store.model.Signal;
import dev.sightline.store.model.TelemetryBatch;
import dev.sightline.store.query.TimeRange;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The scan trace and log search share: a signal's records whose time range overlaps the query's, from the newest
 * back; a record whose skip index rules it out is not read; each read record yields its hits in record order;
 * the scan stops at {@code limit} distinct hits, at the end, or when the budget is spent, and says where to go on.
 */
final class NewestFirstScan {
    private static final int LIST_BATCH = 512;

    private NewestFirstScan() {
    }

    /**
     * @param hits          distinct hits in the order found
     * @param withHits      the records that yielded a hit, by position (to read a hit's neighbours without
     *                      reading the record again)
     * @param nextCursor    where the next page starts, null at the end
     * @param complete      false when the budget ran out before the end
     * @param recordsRead   records read and decoded
     */
    record Result<T>(List<T> hits, Map<Long, TelemetryBatch> withHits, String nextCursor, boolean complete,
                     int recordsRead) {
    }

    static <T> Result<T> run(IndexStore index, RecordSource source, ScanBudget budget, Signal signal,
                             TimeRange range, String cursorText, int limit, Predicate<RecordDigest> admits,
                             Function<TelemetryBatch, List<T>> hitsOf) {
        SearchCursor cursor = SearchCursor.parse(cursorText);
        ScanBudget.Meter meter = budget.start();
        LinkedHashSet<T> hits = new LinkedHashSet<>();
        Map<Long, TelemetryBatch> withHits = new HashMap<>();
        long before = cursor == null ? Long.MAX_VALUE : cursor.listBefore();
        while (true) {
            List<RecordRef> refs = index.recordsOverlapping(signal, range.fromEpochNanos(), range.toEpochNanos(),
                    before, LIST_BATCH);
            for (int r = 0; r < refs.size(); r++) {
                RecordRef ref = refs.get(r);
                before = ref.position();
                if (!admits.test(ref.digest())) {
                    continue;
                }
                if (meter.exhausted()) {
                    return new Result<>(new ArrayList<>(hits), withHits, new SearchCursor(ref.position(), 0).toString(),
                            false, meter.recordsRead());
                }
                TelemetryBatch batch = source.read(signal, ref.position());
                meter.recordRead();
                if (batch == null) {
                    continue;
                }
                List<T> found = hitsOf.apply(batch);
                int skip = cursor != null && cursor.position() == ref.position() ? cursor.skip() : 0;
                for (int i = skip; i < found.size(); i++) {
                    if (hits.add(found.get(i))) {
                        withHits.put(ref.position(), batch);
                    }
                    if (hits.size() == limit) {
                        boolean more = i + 1 < found.size() || r + 1 < refs.size() || refs.size() == LIST_BATCH;
                        String next = more ? new SearchCursor(ref.position(), i + 1).toString() : null;
                        return new Result<>(new ArrayList<>(hits), withHits, next, true, meter.recordsRead());
                    }
                }
            }
            if (refs.size() < LIST_BATCH) {
                return new Result<>(new ArrayList<>(hits), withHits, null, true, meter.recordsRead());
            }
        }
    }
}
