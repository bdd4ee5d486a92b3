package dev.sightline.query.metrics;

import dev.sightline.store.query.TimeRange;
import dev.sightline.store.read.MetricReader;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The saturation golden signal of a service: the latest value, in a time range, of each OpenTelemetry
 * semantic-convention metric below that the service (resource {@code service.name}) sends. With several instances
 * the most saturated one is reported; instances whose newest point is more than 5 minutes older than the newest of
 * any instance are ignored (gone, as Prometheus' staleness would say).
 *
 * <table>
 *   <caption>Signals</caption>
 *   <tr><th>resource</th><th>metric</th><th>value</th></tr>
 *   <tr><td>cpu</td><td>{@code process.cpu.utilization}</td><td>sum over {@code cpu.mode}</td></tr>
 *   <tr><td>cpu</td><td>{@code system.cpu.utilization}</td><td>1 − idle, averaged over CPUs</td></tr>
 *   <tr><td>cpu</td><td>{@code jvm.cpu.recent_utilization}</td><td>as sent</td></tr>
 *   <tr><td>memory</td><td>{@code jvm.memory.used / jvm.memory.limit}</td><td>summed over the pools that
 *       report a limit</td></tr>
 *   <tr><td>memory</td><td>{@code process.memory.usage}</td><td>bytes (OpenTelemetry defines no process memory
 *       limit)</td></tr>
 *   <tr><td>memory</td><td>{@code system.memory.utilization}</td><td>state {@code used}</td></tr>
 *   <tr><td>db_connections</td><td>{@code db.client.connection.count{state=used} / db.client.connection.max}</td>
 *       <td>the fullest pool</td></tr>
 *   <tr><td>db_connections</td><td>{@code db.client.connections.usage{state=used} / db.client.connections.max}</td>
 *       <td>the same, older names</td></tr>
 *   <tr><td>queue</td><td>{@code kafka.consumer.records_lag(_max)}, {@code messaging.*} names with lag or backlog,
 *       names with queue and size, length or depth (at most {@value #MAX_QUEUE_METRICS})</td>
 *       <td>sum over series (max for {@code *_max})</td></tr>
 * </table>
 */
@Singleton
public class ServiceSaturation {
    static final int MAX_QUEUE_METRICS = 8;

    private static final Pattern QUEUE = Pattern.compile(
            "kafka\\.consumer\\.records_lag(_max)?|messaging\\..*(lag|backlog).*|(?i).*queue.*(size|length|depth).*");

    private final MetricReader metrics;

    public ServiceSaturation(MetricReader metrics) {
        this.metrics = metrics;
    }

    public Saturation saturation(String service, TimeRange range) {
        Set<String> names = new HashSet<>(metrics.metricNames());
        LatestValueLookup lookup = new LatestValueLookup(metrics, service, range, names);
        List<SaturationSignal> out = new ArrayList<>();

        ratioAsSent(out, lookup, SaturationSignal.Resource.CPU, "process.cpu.utilization", ServiceSaturation::sum);
        ratioAsSent(out, lookup, SaturationSignal.Resource.CPU, "system.cpu.utilization",
                ServiceSaturation::busyCpu);
        ratioAsSent(out, lookup, SaturationSignal.Resource.CPU, "jvm.cpu.recent_utilization", ServiceSaturation::max);

        jvmMemory(out, lookup);
        asSent(out, lookup, SaturationSignal.Resource.MEMORY, "process.memory.usage", false, ServiceSaturation::sum);
        ratioAsSent(out, lookup, SaturationSignal.Resource.MEMORY, "system.memory.utilization",
                series -> sum(withState(series, "used", "system.memory.state", "state")));

        pool(out, lookup, "db.client.connection.count", "db.client.connection.max", "db.client.connection.state",
                "db.client.connection.pool.name");
        pool(out, lookup, "db.client.connections.usage", "db.client.connections.max", "state", "pool.name");

        names.stream().filter(n -> QUEUE.matcher(n).matches()).sorted().limit(MAX_QUEUE_METRICS).forEach(name ->
                asSent(out, lookup, SaturationSignal.Resource.QUEUE, name, false,
                        name.endsWith("max") ? ServiceSaturation::max : ServiceSaturation::sum));
        return Saturation.of(out);
    }

    /** A value for one instance, with the time of its newest input. */
    private record Reading(double value, long epochNanos, String detail) {
    }

    private void ratioAsSent(List<SaturationSignal> out, LatestValueLookup lookup,
                             SaturationSignal.Resource resource, String name,
                             Function<List<LatestValue>, Double> combine) {
        asSent(out, lookup, resource, name, true, combine);
    }

    private void asSent(List<SaturationSignal> out, LatestValueLookup lookup, SaturationSignal.Resource resource,
                        String name, boolean utilization, Function<List<LatestValue>, Double> combine) {
        Map<ServiceInstance, List<LatestValue>> byInstance = lookup.latest(name);
        String unit = utilization ? "1" : lookup.unit(name);
        worst(byInstance, latest -> {
            Double v = combine.apply(latest);
            return v == null ? null : new Reading(v, LatestValue.newest(latest), null);
        }).ifPresent(r -> out.add(new SaturationSignal(resource, name, r.reading.value, utilization, unit,
                r.reading.epochNanos, r.instance, r.reading.detail)));
    }

    private void jvmMemory(List<SaturationSignal> out, LatestValueLookup lookup) {
        Map<ServiceInstance, List<LatestValue>> used = lookup.latest("jvm.memory.used");
        Map<ServiceInstance, List<LatestValue>> limit = lookup.latest("jvm.memory.limit");
        Map<ServiceInstance, Reading> readings = new LinkedHashMap<>();
        for (Map.Entry<ServiceInstance, List<LatestValue>> e : limit.entrySet()) {
            Map<String, LatestValue> limits = byKey(e.getValue(), l -> l.attribute("jvm.memory.pool.name") + "|"
                    + l.attribute("jvm.memory.type"));
            double usedSum = 0;
            double limitSum = 0;
            long time = 0;
            int pools = 0;
            for (LatestValue u : used.getOrDefault(e.getKey(), List.of())) {
                LatestValue l = limits.get(u.attribute("jvm.memory.pool.name") + "|"
                        + u.attribute("jvm.memory.type"));
                if (l != null && l.value() > 0) {
                    usedSum += u.value();
                    limitSum += l.value();
                    time = Math.max(time, Math.max(u.epochNanos(), l.epochNanos()));
                    pools++;
                }
            }
            if (pools > 0) {
                readings.put(e.getKey(), new Reading(usedSum / limitSum, time,
                        pools + (pools == 1 ? " pool" : " pools") + " with a limit"));
            }
        }
        worstOf(readings).ifPresent(r -> out.add(new SaturationSignal(SaturationSignal.Resource.MEMORY,
                "jvm.memory.used/jvm.memory.limit", r.reading.value, true, "1", r.reading.epochNanos, r.instance,
                r.reading.detail)));
    }

    /** Used connections over the pool maximum, for the fullest pool. */
    private void pool(List<SaturationSignal> out, LatestValueLookup lookup, String countName, String maxName,
                      String stateKey, String poolKey) {
        Map<ServiceInstance, List<LatestValue>> counts = lookup.latest(countName);
        if (counts.isEmpty()) {
            return;
        }
        Map<ServiceInstance, List<LatestValue>> maxima = lookup.latest(maxName);
        Map<ServiceInstance, Reading> readings = new LinkedHashMap<>();
        for (Map.Entry<ServiceInstance, List<LatestValue>> e : maxima.entrySet()) {
            Map<String, LatestValue> max = byKey(e.getValue(), l -> String.valueOf(l.attribute(poolKey)));
            Reading fullest = null;
            for (LatestValue u : withState(counts.getOrDefault(e.getKey(), List.of()), "used", stateKey)) {
                LatestValue m = max.get(String.valueOf(u.attribute(poolKey)));
                if (m == null || m.value() <= 0) {
                    continue;
                }
                double ratio = u.value() / m.value();
                if (fullest == null || ratio > fullest.value) {
                    String pool = u.attribute(poolKey);
                    fullest = new Reading(ratio, Math.max(u.epochNanos(), m.epochNanos()),
                            pool == null ? null : "pool " + pool);
                }
            }
            if (fullest != null) {
                readings.put(e.getKey(), fullest);
            }
        }
        worstOf(readings).ifPresent(r -> out.add(new SaturationSignal(SaturationSignal.Resource.DB_CONNECTIONS,
                countName + "/" + maxName, r.reading.value, true, "1", r.reading.epochNanos, r.instance,
                r.reading.detail)));
    }

    private record Worst(String instance, Reading reading) {
    }

    private static Optional<Worst> worst(Map<ServiceInstance, List<LatestValue>> byInstance,
                                                   Function<List<LatestValue>, Reading> reading) {
        Map<ServiceInstance, Reading> readings = new LinkedHashMap<>();
        byInstance.forEach((instance, latest) -> {
            Reading r = reading.apply(latest);
            if (r != null) {
                readings.put(instance, r);
            }
        });
        return worstOf(readings);
    }

    private static Optional<Worst> worstOf(Map<ServiceInstance, Reading> readings) {
        Worst worst = null;
        for (Map.Entry<ServiceInstance, Reading> e : readings.entrySet()) {
            if (worst == null || e.getValue().value > worst.reading.value) {
                worst = new Worst(e.getKey().display(), e.getValue());
            }
        }
        return Optional.ofNullable(worst);
    }

    private static Double sum(List<LatestValue> latest) {
        if (latest.isEmpty()) {
            return null;
        }
        double s = 0;
        for (LatestValue l : latest) {
            s += l.value();
        }
        return s;
    }

    private static Double max(List<LatestValue> latest) {
        Double m = null;
        for (LatestValue l : latest) {
            m = m == null ? l.value() : Math.max(m, l.value());
        }
        return m;
    }

    /** 1 − idle per CPU, averaged over CPUs; series without a mode are taken as the busy fraction itself. */
    private static Double busyCpu(List<LatestValue> latest) {
        Map<String, List<LatestValue>> byCpu = new TreeMap<>();
        for (LatestValue l : latest) {
            String cpu = l.attribute("cpu.logical_number");
            byCpu.computeIfAbsent(cpu != null ? cpu : String.valueOf(l.attribute("cpu")), k -> new ArrayList<>())
                    .add(l);
        }
        double total = 0;
        for (List<LatestValue> cpu : byCpu.values()) {
            double busy = 0;
            for (LatestValue l : cpu) {
                String mode = l.attribute("cpu.mode") != null ? l.attribute("cpu.mode") : l.attribute("state");
                if (!"idle".equals(mode)) {
                    busy += l.value();
                }
            }
            total += busy;
        }
        return byCpu.isEmpty() ? null : total / byCpu.size();
    }

    /** The series whose state attribute (under any of the keys) is {@code state}; all of them when none has one. */
    private static List<LatestValue> withState(List<LatestValue> latest, String state, String... keys) {
        List<LatestValue> matching = new ArrayList<>();
        boolean anyState = false;
        for (LatestValue l : latest) {
            String s = null;
            for (String key : keys) {
                s = s != null ? s : l.attribute(key);
            }
            anyState |= s != null;
            if (state.equals(s)) {
                matching.add(l);
            }
        }
        return anyState ? matching : latest;
    }

    private static Map<String, LatestValue> byKey(List<LatestValue> latest, Function<LatestValue, String> key) {
        Map<String, LatestValue> out = new LinkedHashMap<>();
        for (LatestValue l : latest) {
            out.merge(key.apply(l), l, (a, b) -> new LatestValue(a.series(), a.value() + b.value(),
                    Math.max(a.epochNanos(), b.epochNanos())));
        }
        return out;
    }
}
