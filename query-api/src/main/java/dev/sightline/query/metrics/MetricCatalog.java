package dev.sightline.query.metrics;

import dev.sightline.store.query.TimeRange;
import dev.sightline.store.read.MetricReader;
import dev.sightline.store.read.MetricSeries;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Type, unit and description of each metric name. The store indexes names only, so these come from the newest
 * series of the name, found by looking back from now in widening windows (1 m, 10 m, 1 h, 6 h, 1 d, 7 d, then
 * everything older): a name sent recently costs one small read. Answers are cached; a cached name is checked
 * again after {@value #REFRESH_SECONDS} s, and then only for points since the last check, so the cost of a
 * listing stays small however old the data. The cache is what one store holds: the server keeps one catalog per
 * tenant.
 */
public class MetricCatalog {
    static final long REFRESH_SECONDS = 60;
    private static final long MINUTE = 60_000_000_000L;
    private static final long[] WINDOWS = {MINUTE, 10 * MINUTE, 60 * MINUTE, 360 * MINUTE, 1440 * MINUTE,
            7 * 1440 * MINUTE};
    /** Points are indexed just after their ack, and may carry times a little older than their arrival. */
    private static final long RECHECK_OVERLAP = 5 * MINUTE;

    /** What is known of one metric name; type, unit and description are null when no point was found. */
    public record MetricInfo(String name, String type, String unit, String description, String temporality,
                             Boolean monotonic) {
        static MetricInfo of(MetricSeries s) {
            return new MetricInfo(s.name(), s.type(), s.unit(), s.description(), s.temporality().name(),
                    s.monotonic());
        }

        static MetricInfo unknown(String name) {
            return new MetricInfo(name, null, null, null, null, null);
        }
    }

    private record Cached(MetricInfo info, long checkedUpTo) {
    }

    private final MetricReader metrics;
    private final Clock clock;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    public MetricCatalog(MetricReader metrics, Clock clock) {
        this.metrics = metrics;
        this.clock = clock;
    }

    /** The names with what is known about each, in the order given; forgets names no longer stored. */
    public List<MetricInfo> describe(List<String> names, List<String> allNames) {
        cache.keySet().retainAll(new HashSet<>(allNames));
        long now = nowNanos();
        List<MetricInfo> out = new ArrayList<>(names.size());
        for (String name : names) {
            Cached c = cache.get(name);
            if (c == null || now - c.checkedUpTo() >= REFRESH_SECONDS * 1_000_000_000L) {
                MetricInfo found = newest(name, c == null ? Long.MIN_VALUE : c.checkedUpTo() - RECHECK_OVERLAP, now);
                c = new Cached(found != null ? found : c != null ? c.info() : MetricInfo.unknown(name), now);
                cache.put(name, c);
            }
            out.add(c.info());
        }
        return out;
    }

    /** The newest series of the name with a point at or after {@code notBefore}, or null. */
    private MetricInfo newest(String name, long notBefore, long now) {
        long to = Long.MAX_VALUE;
        for (long length : WINDOWS) {
            long from = Math.max(notBefore, now - length);
            if (from < to) {
                MetricInfo found = newestIn(name, from, to);
                if (found != null) {
                    return found;
                }
                to = from;
            }
            if (from == notBefore) {
                return null;
            }
        }
        return notBefore < to ? newestIn(name, notBefore, to) : null;
    }

    private MetricInfo newestIn(String name, long from, long to) {
        MetricSeries newest = null;
        long newestTime = Long.MIN_VALUE;
        for (MetricSeries s : metrics.seriesByName(name, from, to)) {
            long t = s.points().isEmpty() ? Long.MIN_VALUE : s.points().get(s.points().size() - 1).epochNanos();
            if (newest == null || t > newestTime) {
                newest = s;
                newestTime = t;
            }
        }
        return newest == null ? null : MetricInfo.of(newest);
    }

    private long nowNanos() {
        return TimeRange.epochNanos(clock.instant());
    }
}
