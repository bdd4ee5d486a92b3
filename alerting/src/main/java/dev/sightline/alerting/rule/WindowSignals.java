package dev.sightline.alerting.rule;

import dev.sightline.query.signals.Window;
import dev.sightline.store.query.TimeRange;
import dev.sightline.store.read.RollupReader;
import dev.sightline.store.rollup.SpanRollup;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * The golden signals of every service and every operation over [now − window, now), from one read of the span
 * rollups. Same semantics as the query API's {@code GoldenSignals}: only SERVER and CONSUMER spans are requests,
 * and every minute that overlaps the window counts, with rates divided by the seconds those minutes cover up to
 * now. Read here rather than through {@code GoldenSignals} because rules need what its answer leaves out: p90,
 * the per-operation cells of every service in the same read, and sketches to merge operations.
 */
final class WindowSignals {
    private final Instant from;
    private final Instant to;
    private final double seconds;
    private final Map<String, SignalCell> services;
    private final Map<String, Map<String, SignalCell>> operations;

    private WindowSignals(Instant from, Instant to, double seconds, Map<String, SignalCell> services,
                          Map<String, Map<String, SignalCell>> operations) {
        this.from = from;
        this.to = to;
        this.seconds = seconds;
        this.services = services;
        this.operations = operations;
    }

    static WindowSignals read(RollupReader rollups, Instant now, Duration window) {
        long toNanos = TimeRange.epochNanos(now);
        Window w = Window.of(new TimeRange(toNanos - window.toNanos(), toNanos));
        Map<String, SignalCell> services = new TreeMap<>();
        Map<String, Map<String, SignalCell>> operations = new TreeMap<>();
        for (SpanRollup r : rollups.spanRollupsByHour(null, null, w.fromMinute(), w.toMinute())) {
            if (r.isRequest()) {
                services.computeIfAbsent(r.service(), k -> new SignalCell()).add(r);
                operations.computeIfAbsent(r.service(), k -> new TreeMap<>())
                        .computeIfAbsent(r.operation(), k -> new SignalCell()).add(r);
            }
        }
        return new WindowSignals(now.minus(window), now, w.seconds(), services, operations);
    }

    Instant from() {
        return from;
    }

    Instant to() {
        return to;
    }

    double seconds() {
        return seconds;
    }

    /** Services with requests in the window, by name. */
    Map<String, SignalCell> services() {
        return services;
    }

    /** A service's operations with requests in the window, by name; empty when it had none. */
    Map<String, SignalCell> operations(String service) {
        return operations.getOrDefault(service, Map.of());
    }
}
