package dev.sightline.alerting.rule;

import dev.sightline.query.metrics.RangeQuery;
import dev.sightline.query.metrics.RangeQueryEngine;
import dev.sightline.query.metrics.RangeResult;
import dev.sightline.query.metrics.Saturation;
import dev.sightline.query.metrics.ServiceSaturation;
import dev.sightline.store.query.TimeRange;
import dev.sightline.store.read.RollupReader;
import dev.sightline.store.read.ServiceCatalog;
import dev.sightline.store.read.ServiceInfo;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the rules of one evaluation round (one {@code now}) read, each read once: the golden signals of all services
 * per window, the service list, each service's saturation per window, and each distinct metric query. A thousand
 * rules over the same 5-minute window thus cost one rollup read, not one per rule and service. Thread-safe; a round
 * is dropped when the next {@code now} comes, so nothing read is reused across rounds.
 */
final class RuleEvaluationRound {
    private final Instant now;
    private final RollupReader rollups;
    private final ServiceCatalog catalog;
    private final ServiceSaturation saturation;
    private final RangeQueryEngine metrics;

    private final Map<Duration, WindowSignals> signals = new ConcurrentHashMap<>();
    private final Map<SaturationKey, Saturation> saturations = new ConcurrentHashMap<>();
    private final Map<RangeQuery, RangeResult> metricResults = new ConcurrentHashMap<>();
    private volatile List<String> services;

    private record SaturationKey(String service, Duration window) {
    }

    RuleEvaluationRound(Instant now, RollupReader rollups, ServiceCatalog catalog, ServiceSaturation saturation,
                        RangeQueryEngine metrics) {
        this.now = now;
        this.rollups = rollups;
        this.catalog = catalog;
        this.saturation = saturation;
        this.metrics = metrics;
    }

    Instant now() {
        return now;
    }

    long nowNanos() {
        return TimeRange.epochNanos(now);
    }

    WindowSignals signals(Duration window) {
        return signals.computeIfAbsent(window, w -> WindowSignals.read(rollups, now, w));
    }

    /** Every service the store has seen, in any signal. */
    List<String> services() {
        List<String> s = services;
        if (s == null) {
            s = catalog.services().stream().map(ServiceInfo::name).toList();
            services = s;
        }
        return s;
    }

    Saturation saturation(String service, Duration window) {
        return saturations.computeIfAbsent(new SaturationKey(service, window), k -> saturation.saturation(service,
                new TimeRange(nowNanos() - window.toNanos(), nowNanos())));
    }

    RangeResult metric(RangeQuery query) {
        return metricResults.computeIfAbsent(query, metrics::run);
    }
}
