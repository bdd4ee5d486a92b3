package dev.sightline.alerting.slo;

import dev.sightline.store.model.SpanKind;
import dev.sightline.store.read.RollupReader;
import dev.sightline.store.rollup.LatencySketch;
import dev.sightline.store.rollup.SpanRollup;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Zero-config SLOs: for every service with requests in the last day, an availability SLO and a latency SLO that
 * it meets today, to accept as they are or tune. Services that already have an SLO of a kind get no suggestion of
 * that kind.
 *
 * <ul>
 *   <li>Availability: 99.9 %, or, when the service does not achieve that, the highest of 99.5, 99, 98, 97 and
 *   95 % below what it achieves; none below 95 % (the default page burn rate of 14.4× cannot fire below 93.1 %,
 *   and such a service needs fixing before an objective).</li>
 *   <li>Latency: 99 % of successful requests within the day's p99 of successful requests, rounded up to 1, 2,
 *   2.5 or 5 times a power of ten milliseconds (432 ms → 500 ms).</li>
 * </ul>
 */
public final class SloSuggestions {
    static final Duration LOOKBACK = Duration.ofHours(24);
    /** Fewer requests in a day say too little about a service to propose an objective. */
    static final long MIN_REQUESTS = SloDefinition.DEFAULT_MIN_EVENTS;
    static final double[] AVAILABILITY_LADDER = {0.999, 0.995, 0.99, 0.98, 0.97, 0.95};
    static final double LATENCY_OBJECTIVE = 0.99;
    private static final double[] NICE = {1, 2, 2.5, 5};

    private final RollupReader rollups;

    public SloSuggestions(RollupReader rollups) {
        this.rollups = rollups;
    }

    public List<SloSuggestion> suggest(List<SloDefinition> existing, Instant now) {
        long to = Math.floorDiv(now.getEpochSecond(), 60);
        long from = to - LOOKBACK.toMinutes();
        Map<String, long[]> counts = new TreeMap<>();
        Map<String, LatencySketch> latency = new LinkedHashMap<>();
        for (SpanRollup r : rollups.spanRollupsByHour(null, null, from, to)) {
            if (r.kind() != SpanKind.SERVER && r.kind() != SpanKind.CONSUMER) {
                continue;
            }
            long[] c = counts.computeIfAbsent(r.service(), k -> new long[2]);
            c[0] += r.requests();
            c[1] += r.errors();
            latency.computeIfAbsent(r.service(), k -> LatencySketch.empty()).merge(r.ok());
        }
        Set<String> names = new HashSet<>(SloFile.RESERVED_NAMES);
        Set<String> covered = new HashSet<>();
        for (SloDefinition slo : existing) {
            names.add(slo.name());
            covered.add(slo.service() + '\u0000' + slo.sli());
        }
        List<SloSuggestion> out = new ArrayList<>();
        counts.forEach((service, c) -> {
            if (c[0] < MIN_REQUESTS) {
                return;
            }
            if (!covered.contains(service + '\u0000' + SliKind.AVAILABILITY)) {
                availability(service, c[0], c[1], names).ifPresent(out::add);
            }
            LatencySketch ok = latency.get(service);
            if (!covered.contains(service + '\u0000' + SliKind.LATENCY) && ok.count() >= MIN_REQUESTS) {
                out.add(latency(service, ok, names));
            }
        });
        return out;
    }

    private static java.util.Optional<SloSuggestion> availability(String service, long requests, long errors,
                                                                   Set<String> names) {
        double achieved = (double) (requests - errors) / requests;
        for (double objective : AVAILABILITY_LADDER) {
            if (objective < achieved) {
                SloDefinition slo = new SloDefinition(name(service, "availability", names), service, null,
                        SliKind.AVAILABILITY, objective, null, SloDefinition.DEFAULT_WINDOW,
                        SloDefinition.DEFAULT_MIN_EVENTS, Map.of(), null, BurnRatePolicy.DEFAULT);
                String basis = String.format(Locale.ROOT, "%.3f%% of %d requests succeeded in the last 24h",
                        100 * achieved, requests);
                return java.util.Optional.of(new SloSuggestion(slo, SloYaml.write(slo), basis));
            }
        }
        return java.util.Optional.empty();
    }

    private static SloSuggestion latency(String service, LatencySketch ok, Set<String> names) {
        double p99Ms = ok.quantileNanos(0.99) / 1e6;
        double thresholdMs = niceCeiling(p99Ms);
        SloDefinition slo = new SloDefinition(name(service, "latency", names), service, null, SliKind.LATENCY,
                LATENCY_OBJECTIVE, Duration.ofNanos(Math.round(thresholdMs * 1e6)), SloDefinition.DEFAULT_WINDOW,
                SloDefinition.DEFAULT_MIN_EVENTS, Map.of(), null, BurnRatePolicy.DEFAULT);
        String basis = String.format(Locale.ROOT, "p99 of %d successful requests in the last 24h was %.1f ms",
                ok.count(), p99Ms);
        return new SloSuggestion(slo, SloYaml.write(slo), basis);
    }

    /** The smallest 1, 2, 2.5 or 5 × 10^k milliseconds at or above {@code ms}, at least 1 ms. */
    static double niceCeiling(double ms) {
        if (!(ms > 1)) {
            return 1;
        }
        double scale = Math.pow(10, Math.floor(Math.log10(ms)));
        for (double n : NICE) {
            if (n * scale >= ms * (1 - 1e-12)) {
                return n * scale;
            }
        }
        return 10 * scale;
    }

    /** {@code <service>-<kind>}, with what a name cannot hold replaced by '-', made unique. */
    private static String name(String service, String kind, Set<String> taken) {
        String base = service.replaceAll("[^a-zA-Z0-9_.-]", "-");
        if (base.isEmpty() || !Character.isLetterOrDigit(base.charAt(0))) {
            base = "svc" + base;
        }
        String name = base + "-" + kind;
        for (int i = 2; taken.contains(name); i++) {
            name = base + "-" + kind + "-" + i;
        }
        taken.add(name);
        return name;
    }
}
