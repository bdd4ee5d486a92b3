package dev.sightline.query.metrics;

import dev.sightline.store.model.MetricData;
import dev.sightline.store.query.TimeRange;
import dev.sightline.store.read.MetricReader;
import dev.sightline.store.read.MetricSeries;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads metrics of one service near the end of the range, newest window first, down to the latest value of each
 * series by instance; instances whose newest point is over 5 minutes older than the newest of any instance are left
 * out as gone.
 */
final class LatestValueLookup {
    private static final long STALE_NANOS = 5 * 60_000_000_000L;
    /** Newest-first windows before the whole range: the latest value is usually in the first. */
    private static final long[] TAIL_WINDOWS = {5 * 60_000_000_000L, 3600_000_000_000L};

    private final MetricReader metrics;
    private final String service;
    private final TimeRange range;
    private final Set<String> names;
    private final Map<String, String> units = new LinkedHashMap<>();

    LatestValueLookup(MetricReader metrics, String service, TimeRange range, Set<String> names) {
        this.metrics = metrics;
        this.service = service;
        this.range = range;
        this.names = names;
    }

    /** The unit of a metric {@link #latest} found, or "". */
    String unit(String name) {
        return units.getOrDefault(name, "");
    }

    /** Latest value of each of the service's series of {@code name}, by instance; fresh instances only. */
    Map<ServiceInstance, List<LatestValue>> latest(String name) {
        Map<ServiceInstance, List<LatestValue>> byInstance = new LinkedHashMap<>();
        if (!names.contains(name)) {
            return byInstance;
        }
        List<LatestValue> all = new ArrayList<>();
        for (MetricSeries s : seriesOfService(name)) {
            units.putIfAbsent(name, s.unit());
            for (int i = s.points().size() - 1; i >= 0; i--) {
                if (s.points().get(i) instanceof MetricData.NumberPoint p) {
                    all.add(new LatestValue(s, p.value().asDouble(), p.epochNanos()));
                    break;
                }
            }
        }
        long newest = LatestValue.newest(all);
        for (LatestValue l : all) {
            if (l.epochNanos() > newest - STALE_NANOS) {
                byInstance.computeIfAbsent(ServiceInstance.of(l.series()), k -> new ArrayList<>()).add(l);
            }
        }
        return byInstance;
    }

    private List<MetricSeries> seriesOfService(String name) {
        long end = range.toEpochNanos();
        long windowEnd = end;
        for (long length : TAIL_WINDOWS) {
            long from = Math.max(range.fromEpochNanos(), end - length);
            if (from < windowEnd) {
                List<MetricSeries> found = ofService(metrics.seriesByName(name, from, windowEnd));
                if (!found.isEmpty()) {
                    return found;
                }
                windowEnd = from;
            }
        }
        return windowEnd > range.fromEpochNanos()
                ? ofService(metrics.seriesByName(name, range.fromEpochNanos(), windowEnd)) : List.of();
    }

    private List<MetricSeries> ofService(List<MetricSeries> series) {
        return series.stream().filter(s -> s.resource().serviceName().equals(service)).toList();
    }
}
