package dev.sightline.bench.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * Measures the query API against the data set {@link DayLoader} stored: waits until the server has indexed
 * everything, then, for each kind of query, sends warm-up requests and then {@code --requests} measured ones, one
 * at a time (a user clicking, not a load test), and reports latency percentiles (client side, from sending the
 * request to the last byte of the answer) and answer sizes against the targets of issue 3. Any answer other than
 * 200 stops the run. Every answer is also parsed (outside the timing) and checked against what was loaded: the
 * span count of a trace, the logs of a trace, the trace a request ID leads to. See {@code bench/README.md}.
 */
public final class QueryBench {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long HOUR_MS = TimeUnit.HOURS.toMillis(1);
    private static final long DAY_MS = TimeUnit.DAYS.toMillis(1);

    /** One sampled trace, as DayLoader wrote it. */
    public record SampledTrace(String id, String requestId, long startMillis, int spans, int logs, int logsWithTraceId,
                        String rootService, boolean error) {
    }

    public record Operation(String service, String name) {
    }

    /** What to measure: a name, the issue's target for p99 (ms, 0 = none), and the i-th request's path. */
    private record Kind(String name, String what, double targetMs, IntFunction<String> path, Checker checker) {
    }

    /** Checks one answer; returns a problem or null, and adds to the kind's tallies. */
    private interface Checker {
        String check(int i, JsonNode body, Tally tally);
    }

    private static final class Tally {
        long hits;
        long answers;
        long incomplete;
        long scanned;
        long checkFailures;
        final List<String> problems = new ArrayList<>();
    }

    public static void main(String[] args) throws Exception {
        Options o = Options.parse(args);
        Samples s = Samples.read(o.samples);
        System.out.printf(Locale.ROOT, "sightline query bench: %s; data set %,d spans, %,d log records, %,d points, "
                        + "%,d traces over %s .. %s; %d sampled traces, %d services, %d operations; load average %s%n",
                o.api, s.spans, s.logs, s.points, s.traces, java.time.Instant.ofEpochMilli(s.dayStart),
                java.time.Instant.ofEpochMilli(s.dayEnd), s.sampled.size(), s.services.size(), s.operations.size(),
                DayLoader.loadAverage());
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        waitForIndex(client, o);

        List<Kind> kinds = kinds(s, o);
        List<String> results = new ArrayList<>();
        List<String> table = new ArrayList<>();
        for (Kind k : kinds) {
            if (!o.only.isEmpty() && !o.only.contains(k.name())) {
                continue;
            }
            results.add(run(client, o, k, table));
        }
        System.out.println();
        System.out.printf(Locale.ROOT, "%-22s %-62s %6s %8s %8s %8s %8s %9s %10s  %s%n", "kind", "request", "n",
                "p50 ms", "p90 ms", "p99 ms", "max ms", "target", "avg bytes", "answers");
        table.forEach(System.out::println);
        System.out.println("load average at end: " + DayLoader.loadAverage());
        results.forEach(System.out::println);
        System.exit(0);
    }

    private static List<Kind> kinds(Samples s, Options o) {
        List<SampledTrace> traces = new ArrayList<>(s.sampled);
        Collections.shuffle(traces, new Random(o.seed));
        List<String> services = new ArrayList<>(s.services);
        List<Operation> ops = new ArrayList<>(s.operations);
        Collections.shuffle(ops, new Random(o.seed + 1));
        IntFunction<SampledTrace> trace = i -> traces.get(i % traces.size());
        IntFunction<String> service = i -> services.get(i % services.size());
        List<Kind> k = new ArrayList<>();

        k.add(new Kind("trace-by-id", "GET /api/traces/{id}", 5, i -> "/api/traces/" + trace.apply(i).id(),
                (i, b, t) -> {
                    int spans = b.path("spans").size();
                    t.hits += spans;
                    return spans == trace.apply(i).spans() ? null
                            : "trace " + trace.apply(i).id() + ": " + spans + " spans, loaded " + trace.apply(i).spans();
                }));
        k.add(new Kind("jaeger-trace-by-id", "GET /jaeger/api/traces/{id}", 5,
                i -> "/jaeger/api/traces/" + trace.apply(i).id(), (i, b, t) -> {
                    int spans = b.path("data").path(0).path("spans").size();
                    t.hits += spans;
                    return spans == trace.apply(i).spans() ? null
                            : "trace " + trace.apply(i).id() + ": " + spans + " spans, loaded " + trace.apply(i).spans();
                }));
        k.add(new Kind("trace-logs", "GET /api/traces/{id}/logs", 10, i -> "/api/traces/" + trace.apply(i).id() + "/logs",
                (i, b, t) -> {
                    int logs = b.path("logs").size();
                    t.hits += logs;
                    return logs == trace.apply(i).logsWithTraceId() ? null : "trace " + trace.apply(i).id() + ": "
                            + logs + " logs, loaded " + trace.apply(i).logsWithTraceId() + " with its trace ID";
                }));
        k.add(new Kind("correlation", "GET /api/correlations/{requestId}", 10,
                i -> "/api/correlations/" + trace.apply(i).requestId(), (i, b, t) -> {
                    SampledTrace st = trace.apply(i);
                    JsonNode found = b.path("traces");
                    int logs = b.path("logs").size();
                    t.hits += found.size() + logs;
                    if (found.size() != 1 || !st.id().equals(found.path(0).path("traceId").asText())) {
                        return "request " + st.requestId() + ": " + found.size() + " traces, expected " + st.id();
                    }
                    return logs == st.logs() ? null : "request " + st.requestId() + ": " + logs + " logs, loaded "
                            + st.logs();
                }));
        k.add(search("search-service-1h", "GET /api/traces?service=S&start=-1h&end=now&limit=20",
                i -> "/api/traces?service=" + enc(service.apply(i)) + lastHour() + "&limit=20"));
        k.add(search("search-operation-1h", "... &operation=O",
                i -> "/api/traces?service=" + enc(ops.get(i % ops.size()).service()) + "&operation="
                        + enc(ops.get(i % ops.size()).name()) + lastHour() + "&limit=20"));
        k.add(search("search-min-duration-1h", "... &minDuration=500ms",
                i -> "/api/traces?service=" + enc(service.apply(i)) + "&minDuration=500ms" + lastHour() + "&limit=20"));
        k.add(search("search-error-1h", "... &error=true",
                i -> "/api/traces?service=" + enc(service.apply(i)) + "&error=true" + lastHour() + "&limit=20"));
        k.add(search("search-filter-1h", "... &filter=http.response.status_code=500",
                i -> "/api/traces?service=" + enc(service.apply(i)) + "&filter="
                        + enc("http.response.status_code=500") + lastHour() + "&limit=20"));
        k.add(new Kind("signals-all-24h", "GET /api/signals?start=-24h&end=now", 50,
                i -> "/api/signals?" + lastDay().substring(1), (i, b, t) -> {
                    int n = b.path("services").size();
                    t.hits += n;
                    return n >= s.services.size() ? null : n + " services, loaded " + s.services.size();
                }));
        k.add(new Kind("signals-service-24h", "GET /api/signals/{service}?start=-24h&end=now", 0,
                i -> "/api/signals/" + enc(service.apply(i)) + "?" + lastDay().substring(1), (i, b, t) -> {
                    t.hits += b.path("operations").size();
                    return null;
                }));
        k.add(new Kind("service-graph-24h", "GET /api/service-graph?start=-24h&end=now", 0,
                i -> "/api/service-graph?" + lastDay().substring(1), (i, b, t) -> {
                    t.hits += b.path("edges").size();
                    return b.path("edges").size() > 0 ? null : "no edges";
                }));
        k.add(new Kind("log-search-1h", "GET /api/logs?service=S&minSeverity=ERROR&limit=50 (1 h)", 0,
                i -> "/api/logs?service=" + enc(service.apply(i)) + "&minSeverity=ERROR&limit=50" + lastHour(),
                (i, b, t) -> {
                    t.hits += b.path("logs").size();
                    t.scanned += b.path("recordsScanned").asLong();
                    if (!b.path("complete").asBoolean(true)) {
                        t.incomplete++;
                    }
                    return null;
                }));
        return k;
    }

    private static Kind search(String name, String what, IntFunction<String> path) {
        return new Kind(name, what, 200, path, (i, b, t) -> {
            t.hits += b.path("traces").size();
            t.scanned += b.path("recordsScanned").asLong();
            if (!b.path("complete").asBoolean(true)) {
                t.incomplete++;
            }
            return null;
        });
    }

    private static String lastHour() {
        long now = System.currentTimeMillis();
        return "&start=" + (now - HOUR_MS) + "&end=" + now;
    }

    private static String lastDay() {
        long now = System.currentTimeMillis();
        return "&start=" + (now - DAY_MS) + "&end=" + now;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String run(HttpClient client, Options o, Kind k, List<String> table) throws Exception {
        Histogram latency = new Histogram(TimeUnit.MINUTES.toMicros(5), 3);
        Tally tally = new Tally();
        long bytes = 0;
        int n = 0;
        // A slow kind gets a quarter of its time budget for warming up and the rest for measuring.
        long warmupDeadline = System.nanoTime() + o.maxSecondsPerKind * 250_000_000L;
        long deadline = Long.MAX_VALUE;
        int warmups = 0;
        for (int i = 0; n < o.requests; i++) {
            boolean measured = warmups >= o.warmup || System.nanoTime() > warmupDeadline;
            if (measured && deadline == Long.MAX_VALUE) {
                deadline = System.nanoTime() + o.maxSecondsPerKind * 750_000_000L;
            }
            if (measured && n > 0 && System.nanoTime() > deadline) {
                break;
            }
            if (!measured) {
                warmups++;
            }
            String path = k.path().apply(i);
            HttpRequest request = HttpRequest.newBuilder(URI.create(o.api + path)).timeout(Duration.ofSeconds(60))
                    .header("Accept", "application/json").GET().build();
            long t0 = System.nanoTime();
            HttpResponse<byte[]> r = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
            long micros = (System.nanoTime() - t0) / 1000;
            if (r.statusCode() != 200) {
                throw new IllegalStateException(k.name() + ": HTTP " + r.statusCode() + " for " + path + ": "
                        + new String(r.body(), 0, Math.min(500, r.body().length), StandardCharsets.UTF_8));
            }
            if (measured) {
                latency.recordValue(Math.min(latency.getHighestTrackableValue(), micros));
                bytes += r.body().length;
                n++;
            }
            JsonNode body = JSON.readTree(r.body());
            tally.answers++;
            String problem = k.checker().check(i, body, tally);
            if (problem != null) {
                tally.checkFailures++;
                if (tally.problems.size() < 5) {
                    tally.problems.add(problem);
                }
            }
        }
        double p50 = ms(latency, 50);
        double p90 = ms(latency, 90);
        double p99 = ms(latency, 99);
        double max = latency.getMaxValue() / 1000.0;
        String verdict = k.targetMs() <= 0 ? "" : p99 < k.targetMs() ? "met" : "MISSED";
        String answers = String.format(Locale.ROOT, "%.1f items/answer", (double) tally.hits / tally.answers);
        if (tally.scanned > 0) {
            answers += String.format(Locale.ROOT, ", %.0f records scanned", (double) tally.scanned / tally.answers);
        }
        if (tally.incomplete > 0) {
            answers += ", " + tally.incomplete + " incomplete (scan budget)";
        }
        if (tally.checkFailures > 0) {
            answers += ", " + tally.checkFailures + " CHECK FAILURES";
        }
        String line = String.format(Locale.ROOT, "%-22s %-62s %6d %8.2f %8.2f %8.2f %8.2f %9s %10.0f  %s", k.name(),
                k.what(), n, p50, p90, p99, max, k.targetMs() > 0 ? "<" + (int) k.targetMs() + " " + verdict : "-",
                (double) bytes / Math.max(1, n), answers);
        table.add(line);
        System.out.println(line);
        tally.problems.forEach(p -> System.out.println("    check failed: " + p));
        return String.format(Locale.ROOT, "RESULT query kind=%s n=%d p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f max_ms=%.2f "
                        + "avg_bytes=%.0f target_ms=%s verdict=%s items_per_answer=%.1f incomplete=%d check_failures=%d",
                k.name(), n, p50, p90, p99, max, (double) bytes / Math.max(1, n),
                k.targetMs() > 0 ? Integer.toString((int) k.targetMs()) : "none", verdict.isEmpty() ? "none" : verdict,
                (double) tally.hits / tally.answers, tally.incomplete, tally.checkFailures);
    }

    private static double ms(Histogram h, double percentile) {
        return h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(percentile) / 1000.0;
    }

    /** Polls {@code sightline_index_lag_records} until every signal reads 0 twice in a row. */
    private static void waitForIndex(HttpClient client, Options o) throws Exception {
        long t0 = System.nanoTime();
        long deadline = t0 + o.indexWait.toNanos();
        int zeros = 0;
        long lastPrint = 0;
        while (true) {
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(o.api + "/q/metrics"))
                    .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("/q/metrics: HTTP " + r.statusCode());
            }
            double lag = 0;
            boolean found = false;
            for (String line : r.body().split("\n")) {
                if (line.startsWith("sightline_index_lag_records{")) {
                    lag += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                    found = true;
                }
            }
            if (!found) {
                throw new IllegalStateException("no sightline_index_lag_records in /q/metrics");
            }
            zeros = lag == 0 ? zeros + 1 : 0;
            if (zeros >= 2) {
                System.out.printf(Locale.ROOT, "index lag 0 after %.1f s%n", (System.nanoTime() - t0) / 1e9);
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("index lag still " + lag + " records after " + o.indexWait);
            }
            if (System.nanoTime() - lastPrint > 10_000_000_000L) {
                System.out.printf(Locale.ROOT, "waiting for the indexer: %.0f log records not yet indexed%n", lag);
                lastPrint = System.nanoTime();
            }
            Thread.sleep(1000);
        }
    }

    /** The sample file DayLoader wrote; the UI bench picks its page parameters from it too. */
    public static final class Samples {
        public long dayStart;
        public long dayEnd;
        public long spans;
        public long logs;
        public long points;
        public long traces;
        public final List<SampledTrace> sampled = new ArrayList<>();
        public final Set<String> services = new LinkedHashSet<>();
        public final List<Operation> operations = new ArrayList<>();

        /** Each service's operations, in the file's order. */
        public Map<String, List<String>> operationsByService() {
            Map<String, List<String>> out = new LinkedHashMap<>();
            for (Operation op : operations) {
                out.computeIfAbsent(op.service(), k -> new ArrayList<>()).add(op.name());
            }
            return out;
        }

        public static Samples read(Path file) throws IOException {
            Samples s = new Samples();
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.startsWith("#") || line.isBlank()) {
                    continue;
                }
                String[] f = line.split("\t");
                switch (f[0]) {
                    case "day" -> {
                        s.dayStart = Long.parseLong(f[1]);
                        s.dayEnd = Long.parseLong(f[2]);
                    }
                    case "totals" -> {
                        s.spans = Long.parseLong(f[1]);
                        s.logs = Long.parseLong(f[2]);
                        s.points = Long.parseLong(f[3]);
                        s.traces = Long.parseLong(f[4]);
                    }
                    case "trace" -> s.sampled.add(new SampledTrace(f[1], f[2], Long.parseLong(f[3]),
                            Integer.parseInt(f[5]), Integer.parseInt(f[6]), Integer.parseInt(f[7]), f[8],
                            Boolean.parseBoolean(f[10])));
                    case "op" -> {
                        s.services.add(f[1]);
                        s.operations.add(new Operation(f[1], f[2]));
                    }
                    default -> throw new IOException("unexpected line in " + file + ": " + line);
                }
            }
            if (s.sampled.isEmpty() || s.operations.isEmpty()) {
                throw new IOException(file + " has no traces or no operations");
            }
            return s;
        }
    }

    private static final class Options {
        String api = "http://127.0.0.1:16686";
        Path samples;
        int requests = 500;
        int warmup = 50;
        long maxSecondsPerKind = 120;
        Duration indexWait = Duration.ofMinutes(20);
        Set<String> only = Set.of();
        long seed = 7;

        static Options parse(String[] args) {
            Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                if (a.equals("--help") || !a.startsWith("--") || i + 1 >= args.length) {
                    usage(a.equals("--help") ? null : "bad argument: " + a);
                }
                String v = args[++i];
                switch (a) {
                    case "--api" -> o.api = v.endsWith("/") ? v.substring(0, v.length() - 1) : v;
                    case "--samples" -> o.samples = Path.of(v);
                    case "--requests" -> o.requests = Integer.parseInt(v);
                    case "--warmup" -> o.warmup = Integer.parseInt(v);
                    case "--max-seconds" -> o.maxSecondsPerKind = Long.parseLong(v);
                    case "--index-wait-minutes" -> o.indexWait = Duration.ofMinutes(Long.parseLong(v));
                    case "--only" -> o.only = Set.of(v.split(","));
                    case "--seed" -> o.seed = Long.parseLong(v);
                    default -> usage("unknown option: " + a);
                }
            }
            if (o.samples == null) {
                usage("--samples is required (DayLoader --samples FILE writes it)");
            }
            if (o.requests < 1 || o.warmup < 0 || o.maxSecondsPerKind < 1) {
                usage("--requests and --max-seconds must be positive, --warmup not negative");
            }
            String host = URI.create(o.api).getHost();
            try {
                if (host == null || !java.net.InetAddress.getByName(host).isLoopbackAddress()) {
                    usage("--api must point to a loopback address");
                }
            } catch (java.net.UnknownHostException e) {
                usage("unknown host in --api: " + host);
            }
            return o;
        }

        private static void usage(String problem) {
            if (problem != null) {
                System.err.println(problem);
            }
            System.err.println("""
                    usage: QueryBench --samples FILE [options]
                      --api http://127.0.0.1:16686   the query API (loopback only)
                      --requests 500          measured requests per kind of query
                      --warmup 50             unmeasured requests before them
                      --max-seconds 120       time budget per kind: a quarter for warm-up, the rest measured
                      --index-wait-minutes 20 how long to wait for the index lag to reach 0
                      --only a,b              only these kinds (names as printed)
                      --seed 7                order of the sampled traces and operations
                    """);
            System.exit(problem == null ? 0 : 2);
        }
    }
}
