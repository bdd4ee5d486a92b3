package dev.sightline.ui.traces;

import dev.sightline.query.signals.Window;
import dev.sightline.store.model.SpanKind;
import dev.sightline.store.query.TimeRange;
import dev.sightline.store.read.RollupReader;
import dev.sightline.store.rollup.LatencySketch;
import dev.sightline.store.rollup.SpanRollup;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;

/**
 * The usual p95 of each operation a trace touches, from the rollups of the day before the trace ended: what
 * "slow" means for that operation. One read per service in the trace (merged hours, so 24 rows per operation, not
 * 1,440), whatever the number of spans; successful and failed spans together, because a span is compared with
 * everything its operation usually takes. Operations are told apart by kind too: a SERVER and a CLIENT span of the
 * same name are different work.
 */
public final class UsualLatency {
    public static final Duration WINDOW = Duration.ofHours(24);
    /**
     * Services whose baselines one page reads at most: each is a read of a day of rollups, and a trace through
     * hundreds of services must not cost hundreds of them. The caller passes the services with the most spans
     * first; spans of the others show no baseline.
     */
    public static final int MAX_SERVICES = 50;
    static final double QUANTILE = 0.95;

    /** A (service, operation, kind) whose usual latency is known. */
    public record Operation(String service, String name, SpanKind kind) {
    }

    /** The p95 in nanoseconds and how many spans it is the p95 of. */
    public record Baseline(double p95Nanos, long count) {
    }

    private static final UsualLatency NONE = new UsualLatency(Map.of());

    private final Map<Operation, Baseline> baselines;

    private UsualLatency(Map<Operation, Baseline> baselines) {
        this.baselines = Map.copyOf(baselines);
    }

    public static UsualLatency of(Map<Operation, Baseline> baselines) {
        return new UsualLatency(baselines);
    }

    public static UsualLatency none() {
        return NONE;
    }

    /**
     * Reads the baselines of the first {@link #MAX_SERVICES} of the given services over {@link #WINDOW} up to
     * {@code endEpochNanos} (the trace's end, so an old trace is compared with what was usual then, not now).
     */
    public static UsualLatency read(RollupReader rollups, Collection<String> services, long endEpochNanos) {
        long from = endEpochNanos - WINDOW.toNanos();
        Window w = Window.of(new TimeRange(from, endEpochNanos));
        Map<Operation, LatencySketch> sketches = new HashMap<>();
        for (String service : new LinkedHashSet<>(services).stream().limit(MAX_SERVICES).toList()) {
            for (SpanRollup r : rollups.spanRollupsByHour(service, null, w.fromMinute(), w.toMinute())) {
                LatencySketch s = sketches.computeIfAbsent(new Operation(r.service(), r.operation(), r.kind()),
                        k -> LatencySketch.empty());
                s.merge(r.ok());
                s.merge(r.failed());
            }
        }
        Map<Operation, Baseline> baselines = new HashMap<>();
        sketches.forEach((op, s) -> {
            if (!s.isEmpty()) {
                baselines.put(op, new Baseline(s.quantileNanos(QUANTILE), s.count()));
            }
        });
        return new UsualLatency(baselines);
    }

    /** The baseline of the operation, null when there is none. */
    public Baseline of(String service, String name, SpanKind kind) {
        return baselines.get(new Operation(service, name, kind));
    }
}
