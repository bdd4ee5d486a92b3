package dev.sightline.store.rollup;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongFunction;

/**
 * Whole hours of span rollups, merged, kept for reads over long ranges: a day of golden signals is 24 merged rows
 * per operation instead of 1,440 — the same downsampling tier Prometheus' and Thanos' long-range reads rely on. An
 * hour is computed from its minute rows on first read and kept until a write touches one of its minutes.
 *
 * <p>Each hour has a version that writes move on; a read keeps what it computed only if the hour's version did not
 * move while it computed, and a kept hour is used only while its version is current. So a read never serves an
 * hour older than the writes it could see. At most {@code maxHours} hours are kept, least recently used out.
 */
final class HourRollups {
    static final long MINUTES = 60;

    private record Kept(long version, List<SpanRollup> rows) {
    }

    private final int maxHours;
    private final ConcurrentHashMap<Long, Long> versions = new ConcurrentHashMap<>();
    private final Map<Long, Kept> kept;

    HourRollups(int maxHours) {
        this.maxHours = maxHours;
        this.kept = new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, Kept> eldest) {
                return size() > HourRollups.this.maxHours;
            }
        };
    }

    /** After a write to a minute of the hour starting at {@code hourStartMinute} (writer thread). */
    void touched(long epochMinute) {
        long hour = Math.floorDiv(epochMinute, MINUTES);
        versions.merge(hour, 1L, Long::sum);
        synchronized (kept) {
            kept.remove(hour);
        }
    }

    /** After a purge or a recreated database: nothing kept is current. */
    void clear() {
        synchronized (kept) {
            for (Long hour : kept.keySet()) {
                versions.merge(hour, 1L, Long::sum);
            }
            kept.clear();
        }
    }

    /**
     * The merged rows of the hour starting at minute {@code hourStartMinute}, all services: kept ones, else
     * {@code minuteRows} of the hour merged (and kept). The rows are shared: callers must not change their sketches.
     */
    List<SpanRollup> hour(long hourStartMinute, LongFunction<List<SpanRollup>> minuteRows) {
        long hour = Math.floorDiv(hourStartMinute, MINUTES);
        long version = versions.getOrDefault(hour, 0L);
        synchronized (kept) {
            Kept k = kept.get(hour);
            if (k != null && k.version == version) {
                return k.rows;
            }
        }
        List<SpanRollup> rows = merge(hourStartMinute, minuteRows.apply(hourStartMinute));
        if (versions.getOrDefault(hour, 0L) == version) {
            synchronized (kept) {
                kept.put(hour, new Kept(version, rows));
            }
        }
        return rows;
    }

    private record OperationKey(String service, String operation, dev.sightline.store.model.SpanKind kind) {
    }

    private static final class Sum {
        long requests;
        long errors;
        final LatencySketch ok = LatencySketch.empty();
        final LatencySketch failed = LatencySketch.empty();
    }

    private static List<SpanRollup> merge(long hourStartMinute, List<SpanRollup> minutes) {
        Map<OperationKey, Sum> sums = new LinkedHashMap<>();
        for (SpanRollup r : minutes) {
            Sum s = sums.computeIfAbsent(new OperationKey(r.service(), r.operation(), r.kind()), k -> new Sum());
            s.requests += r.requests();
            s.errors += r.errors();
            s.ok.merge(r.ok());
            s.failed.merge(r.failed());
        }
        List<SpanRollup> out = new ArrayList<>(sums.size());
        sums.forEach((k, s) -> out.add(new SpanRollup(k.service(), k.operation(), k.kind(), hourStartMinute,
                s.requests, s.errors, s.ok, s.failed)));
        return List.copyOf(out);
    }
}
