package dev.sightline.query.signals;

import dev.sightline.store.query.TimeRange;
import dev.sightline.store.read.RollupReader;
import dev.sightline.store.read.ServiceCatalog;
import dev.sightline.store.read.ServiceInfo;
import dev.sightline.store.rollup.SpanRollup;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Golden signals from the per-minute rollups: a window of any length is a merge of its minutes' counts and
 * latency sketches. Only SERVER and CONSUMER spans are requests; a service's outgoing calls and internal work are
 * not its traffic.
 */
@ApplicationScoped
public class GoldenSignals {
    /** Series longer than this many steps get a coarser step. */
    static final int MAX_STEPS = 1440;

    private final RollupReader rollups;
    private final ServiceCatalog catalog;

    public GoldenSignals(RollupReader rollups, ServiceCatalog catalog) {
        this.rollups = rollups;
        this.catalog = catalog;
    }

    /** Every known service, those without requests in the window included (with {@code noData}), by name. */
    public List<Signals> services(TimeRange range) {
        Window w = Window.of(range);
        return services(range, rollups.spanRollupsByHour(null, null, w.fromMinute(), w.toMinute()));
    }

    /**
     * {@link #services(TimeRange)} from rows the caller has read already (every service's rollups of the range,
     * per minute or by hour), for a page that draws something else from the same rows and should not read them
     * twice.
     */
    public List<Signals> services(TimeRange range, List<SpanRollup> rows) {
        Window w = Window.of(range);
        Map<String, SignalAccumulator> byService = new TreeMap<>();
        for (ServiceInfo s : catalog.services()) {
            byService.put(s.name(), new SignalAccumulator());
        }
        for (SpanRollup r : rows) {
            if (r.isRequest()) {
                byService.computeIfAbsent(r.service(), k -> new SignalAccumulator()).add(r);
            }
        }
        List<Signals> out = new ArrayList<>(byService.size());
        byService.forEach((service, acc) -> out.add(acc.result(service, null, w.seconds())));
        return out;
    }

    public ServiceSignals service(String service, TimeRange range) {
        Window w = Window.of(range);
        SignalAccumulator total = new SignalAccumulator();
        Map<String, SignalAccumulator> byOperation = new TreeMap<>();
        for (SpanRollup r : rollups.spanRollupsByHour(service, null, w.fromMinute(), w.toMinute())) {
            if (r.isRequest()) {
                total.add(r);
                byOperation.computeIfAbsent(r.operation(), k -> new SignalAccumulator()).add(r);
            }
        }
        List<Signals> operations = new ArrayList<>(byOperation.size());
        byOperation.forEach((op, acc) -> operations.add(acc.result(service, op, w.seconds())));
        operations.sort(Comparator.comparingLong(Signals::requests).reversed().thenComparing(Signals::operation));
        return new ServiceSignals(total.result(service, null, w.seconds()), operations);
    }

    /**
     * Per-step signals of a service (and one operation, when given) over the range; {@code stepMinutes} is raised
     * so there are at most {@link #MAX_STEPS} steps. Steps without requests are present, with zero counts.
     */
    public List<SignalPoint> series(String service, String operation, TimeRange range, int stepMinutes) {
        Window w = Window.of(range);
        int step = (int) Math.max(stepMinutes, (w.minutes() + MAX_STEPS - 1) / MAX_STEPS);
        int steps = (int) ((w.minutes() + step - 1) / step);
        SignalAccumulator[] acc = new SignalAccumulator[steps];
        for (int i = 0; i < steps; i++) {
            acc[i] = new SignalAccumulator();
        }
        for (SpanRollup r : rollups.spanRollups(service, operation, w.fromMinute(), w.toMinute())) {
            if (r.isRequest()) {
                acc[(int) ((r.epochMinute() - w.fromMinute()) / step)].add(r);
            }
        }
        List<SignalPoint> out = new ArrayList<>(steps);
        for (int i = 0; i < steps; i++) {
            long startMinute = w.fromMinute() + (long) i * step;
            long endNanos = Math.min((startMinute + step) * Window.MINUTE_NANOS, range.toEpochNanos());
            double seconds = Math.max(1e-9, (endNanos - startMinute * Window.MINUTE_NANOS) / 1e9);
            Signals s = acc[i].result(service, operation, seconds);
            out.add(new SignalPoint(startMinute * 60_000L, s.requests(), s.requestsPerSecond(), s.errors(),
                    s.errorRatio(), s.latency(), s.latencyOk(), s.latencyFailed()));
        }
        return out;
    }
}
