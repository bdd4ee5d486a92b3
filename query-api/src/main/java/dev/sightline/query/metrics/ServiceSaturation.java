package dev.sightline.query.metrics;

import dev.sightline.store.model.Attribute;
import dev.sightline.store.model.MetricData;
import dev.sightline.store.query.AnyValues;
import dev.sightline.store.query.TimeRange;
import dev.sightline.store.read.MetricReader;
import dev.sightline.store.read.MetricSeries;
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
    private static final long STALE_NANOS = 5 * 60_000_000_000L;
    /** Newest-first windows before the whole range: the latest value is usually in the first. */
    private static final long[] TAIL_WINDOWS = {5 * 60_000_000_000L, 3600_000_000_000L};

    private static final Pattern QUEUE = Pattern.compile(
            "kafka\\.consumer\\.records_lag(_max)?|messaging\\..*(lag|backlog).*|(?i).*queue.*(size|length|depth).*");

    private final MetricReader metrics;

    public ServiceSaturation(MetricReader metrics) {
        this.metrics = metrics;
    }

    public Saturation saturation(String service, TimeRange range) {
        Set<String> names = new HashSet<>(metrics.metricNames());
        Lookup lookup = new Lookup(service, range, names);
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

    /** The latest value of each series, with the series it came from. */
    private record Latest(MetricSeries series, double value, long epochNanos) {
        String attribute(String key) {
            Attribute a = null;
            for (Attribute x : series.attributes()) {
                if (x.key().equals(key)) {
                    a = x;
                    break;
                }
            }
            return a == null ? null : AnyValues.text(a.value());
        }
    }

    /** A value for one instance, with the time of its newest input. */
    private record Reading(double value, long epochNanos, String detail) {
    }

    private void ratioAsSent(List<SaturationSignal> out, Lookup lookup, SaturationSignal.Resource resource,
                             String name, Function<List<Latest>, Double> combine) {
        asSent(out, lookup, resource, name, true, combine);
    }

    private void asSent(List<SaturationSignal> out, Lookup lookup, SaturationSignal.Resource resource, String name,
                        boolean utilization, Function<List<Latest>, Double> combine) {
        Map<Instance, List<Latest>> byInstance = lookup.latest(name);
        String unit = utilization ? "1" : lookup.unit(name);
        worst(byInstance, latest -> {
            Double v = combine.apply(latest);
            return v == null ? null : new Reading(v, newest(latest), null);
        }).ifPresent(r -> out.add(new SaturationSignal(resource, name, r.reading.value, utilization, unit,
                r.reading.epochNanos, r.instance, r.reading.detail)));
    }

    private void jvmMemory(List<SaturationSignal> out, Lookup lookup) {
        Map<Instance, List<Latest>> used = lookup.latest("jvm.memory.used");
        Map<Instance, List<Latest>> limit = lookup.latest("jvm.memory.limit");
        Map<Instance, Reading> readings = new LinkedHashMap<>();
        for (Map.Entry<Instance, List<Latest>> e : limit.entrySet()) {
            Map<String, Latest> limits = byKey(e.getValue(), l -> l.attribute("jvm.memory.pool.name") + "|"
                    + l.attribute("jvm.memory.type"));
            double usedSum = 0;
            double limitSum = 0;
            long time = 0;
            int pools = 0;
            for (Latest u : used.getOrDefault(e.getKey(), List.of())) {
                Latest l = limits.get(u.attribute("jvm.memory.pool.name") + "|" + u.attribute("jvm.memory.type"));
                if (l != null && l.value > 0) {
                    usedSum += u.value;
                    limitSum += l.value;
                    time = Math.max(time, Math.max(u.epochNanos, l.epochNanos));
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
    private void pool(List<SaturationSignal> out, Lookup lookup, String countName, String maxName, String stateKey,
                      String poolKey) {
        Map<Instance, List<Latest>> counts = lookup.latest(countName);
        if (counts.isEmpty()) {
            return;
        }
        Map<Instance, List<Latest>> maxima = lookup.latest(maxName);
        Map<Instance, Reading> readings = new LinkedHashMap<>();
        for (Map.Entry<Instance, List<Latest>> e : maxima.entrySet()) {
            Map<String, Latest> max = byKey(e.getValue(), l -> String.valueOf(l.attribute(poolKey)));
            Reading fullest = null;
            for (Latest u : withState(counts.getOrDefault(e.getKey(), List.of()), "used", stateKey)) {
                Latest m = max.get(String.valueOf(u.attribute(poolKey)));
                if (m == null || m.value <= 0) {
                    continue;
                }
                double ratio = u.value / m.value;
                if (fullest == null || ratio > fullest.value) {
                    String pool = u.attribute(poolKey);
                    fullest = new Reading(ratio, Math.max(u.epochNanos, m.epochNanos),
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

    private static Optional<Worst> worst(Map<Instance, List<Latest>> byInstance,
                                                   Function<List<Latest>, Reading> reading) {
        Map<Instance, Reading> readings = new LinkedHashMap<>();
        byInstance.forEach((instance, latest) -> {
            Reading r = reading.apply(latest);
            if (r != null) {
                readings.put(instance, r);
            }
        });
        return worstOf(readings);
    }

    private static Optional<Worst> worstOf(Map<Instance, Reading> readings) {
        Worst worst = null;
        for (Map.Entry<Instance, Reading> e : readings.entrySet()) {
            if (worst == null || e.getValue().value > worst.reading.value) {
                worst = new Worst(e.getKey().display(), e.getValue());
            }
        }
        return Optional.ofNullable(worst);
    }

    private static Double sum(List<Latest> latest) {
        if (latest.isEmpty()) {
            return null;
        }
        double s = 0;
        for (Latest l : latest) {
            s += l.value;
        }
        return s;
    }

    private static Double max(List<Latest> latest) {
        Double m = null;
        for (Latest l : latest) {
            m = m == null ? l.value : Math.max(m, l.value);
        }
        return m;
    }

    /** 1 − idle per CPU, averaged over CPUs; series without a mode are taken as the busy fraction itself. */
    private static Double busyCpu(List<Latest> latest) {
        Map<String, List<Latest>> byCpu = new TreeMap<>();
        for (Latest l : latest) {
            String cpu = l.attribute("cpu.logical_number");
            byCpu.computeIfAbsent(cpu != null ? cpu : String.valueOf(l.attribute("cpu")), k -> new ArrayList<>())
                    .add(l);
        }
        double total = 0;
        for (List<Latest> cpu : byCpu.values()) {
            double busy = 0;
            for (Latest l : cpu) {
                String mode = l.attribute("cpu.mode") != null ? l.attribute("cpu.mode") : l.attribute("state");
                if (!"idle".equals(mode)) {
                    busy += l.value;
                }
            }
            total += busy;
        }
        return byCpu.isEmpty() ? null : total / byCpu.size();
    }

    /** The series whose state attribute (under any of the keys) is {@code state}; all of them when none has one. */
    private static List<Latest> withState(List<Latest> latest, String state, String... keys) {
        List<Latest> matching = new ArrayList<>();
        boolean anyState = false;
        for (Latest l : latest) {
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

    private static Map<String, Latest> byKey(List<Latest> latest, Function<Latest, String> key) {
        Map<String, Latest> out = new LinkedHashMap<>();
        for (Latest l : latest) {
            out.merge(key.apply(l), l, (a, b) -> new Latest(a.series, a.value + b.value,
                    Math.max(a.epochNanos, b.epochNanos)));
        }
        return out;
    }

    private static long newest(List<Latest> latest) {
        long t = 0;
        for (Latest l : latest) {
            t = Math.max(t, l.epochNanos);
        }
        return t;
    }

    /** Reads metrics of one service near the end of the range, newest window first. */
    private final class Lookup {
        private final String service;
        private final TimeRange range;
        private final Set<String> names;
        private final Map<String, String> units = new LinkedHashMap<>();

        Lookup(String service, TimeRange range, Set<String> names) {
            this.service = service;
            this.range = range;
            this.names = names;
        }

        String unit(String name) {
            return units.getOrDefault(name, "");
        }

        /** Latest value of each of the service's series of {@code name}, by instance; fresh instances only. */
        Map<Instance, List<Latest>> latest(String name) {
            Map<Instance, List<Latest>> byInstance = new LinkedHashMap<>();
            if (!names.contains(name)) {
                return byInstance;
            }
            List<Latest> all = new ArrayList<>();
            for (MetricSeries s : seriesOfService(name)) {
                units.putIfAbsent(name, s.unit());
                for (int i = s.points().size() - 1; i >= 0; i--) {
                    if (s.points().get(i) instanceof MetricData.NumberPoint p) {
                        all.add(new Latest(s, p.value().asDouble(), p.epochNanos()));
                        break;
                    }
                }
            }
            long newest = newest(all);
            for (Latest l : all) {
                if (l.epochNanos > newest - STALE_NANOS) {
                    byInstance.computeIfAbsent(instance(l.series), k -> new ArrayList<>()).add(l);
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

    /** One instance of the service: its resource attributes, shown by instance ID or host name (or null). */
    private record Instance(List<Attribute> attributes, String display) {
    }

    private static Instance instance(MetricSeries s) {
        List<Attribute> attributes = s.resource().attributes();
        String id = Attribute.findString(attributes, "service.instance.id");
        if (id == null) {
            id = Attribute.findString(attributes, "host.name");
        }
        return new Instance(attributes, id);
    }
}
