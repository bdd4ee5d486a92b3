package dev.sightline.bench.ui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.MessageLite;
import dev.sightline.bench.query.QueryBench;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.collector.logs.v1.LogsServiceGrpc;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.function.ToDoubleFunction;

/**
 * The web UI benchmark of issue 5, over the data set {@code bench.query.DayLoader} stored (a simulated day, 10
 * million spans by default): it adds one trace of 10,000 spans ({@link BigTrace}), waits until everything is
 * indexed, then (a) requests each page one request at a time, with parameters sampled from what was loaded, and
 * reports the time to the whole body (p50/p90/p99/max) and its size beside the server's own mean time, against
 * the target of 100 ms a page; (b) opens the 10,000-span trace in headless Chromium and reports what the browser
 * measured (load event, first and largest contentful paint, the "← HERE" marker), against the target of 1 s. The
 * page list is data: a page that answers 404 is reported missing, not fatal. See {@code bench/README.md}.
 */
public final class UiBench {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final double PAGE_TARGET_MS = 100;
    static final double RENDER_TARGET_MS = 1000;

    public static void main(String[] args) throws Exception {
        Options o = Options.parse(args);
        QueryBench.Samples s = QueryBench.Samples.read(o.samples);
        List<String> out = new ArrayList<>();
        say(out, String.format(Locale.ROOT, "sightline UI bench: %s; data set %,d spans, %,d log records, %,d points, "
                        + "%,d traces over %s .. %s; %d sampled traces, %d services; load average %s", o.api,
                s.spans, s.logs, s.points, s.traces, Instant.ofEpochMilli(s.dayStart),
                Instant.ofEpochMilli(s.dayEnd), s.sampled.size(), s.services.size(), loadAverage()));
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        ServerMetrics metrics = new ServerMetrics(client, o.api);
        metrics.awaitIndexed(o.indexWait);

        BigTrace big = null;
        if (o.bigSpans > 0) {
            List<String> services = new ArrayList<>(s.services);
            Collections.shuffle(services, new Random(o.seed));
            big = new BigTrace(o.bigSpans, o.bigLogs, services.subList(0, Math.min(8, services.size())),
                    s.operationsByService(), (System.currentTimeMillis() - 10 * 60_000L) * 1_000_000L, o.seed);
            long t0 = System.nanoTime();
            send(o, big);
            metrics.awaitIndexed(o.indexWait);
            int stored = awaitTrace(client, o, big);
            say(out, String.format(Locale.ROOT, "big trace %s: %,d spans (%,d stored) over %d services, %d levels "
                            + "deep, %d logs, request ID %s; sent and indexed in %.1f s", big.traceIdHex(),
                    big.spanCount(), stored, Math.min(8, services.size()), big.depth(), big.logCount(),
                    big.requestId(), (System.nanoTime() - t0) / 1e9));
        }
        String histogram = histogram(client, o);
        say(out, "histogram metric for /metrics?name=: " + histogram);

        PageTimer timer = new PageTimer(client, o.api, metrics, o.requests, o.warmup, o.maxSecondsPerPage);
        List<PageTimer.Result> results = new ArrayList<>();
        for (PageTimer.Page p : pages(s, big, histogram, o.seed)) {
            if (!o.only.isEmpty() && !o.only.contains(p.name())) {
                continue;
            }
            PageTimer.Result r = timer.run(p);
            results.add(r);
            System.out.println(line(r));
            if (r.firstError() != null && !r.measured()) {
                System.out.println("    " + r.firstError());
            } else if (r.errors() > 0) {
                System.out.println("    " + r.errors() + " requests failed; first: " + r.firstError());
            }
        }
        say(out, "");
        say(out, String.format(Locale.ROOT, "%-18s %-52s %-14s %5s %8s %8s %8s %8s %10s %9s  %s", "page", "request",
                "outcome", "n", "p50 ms", "p90 ms", "p99 ms", "max ms", "server ms", "avg KB", "target p99 < 100 ms"));
        for (PageTimer.Result r : results) {
            say(out, line(r));
        }
        say(out, "load average after the pages: " + loadAverage());
        for (PageTimer.Result r : results) {
            out.add(String.format(Locale.ROOT, "RESULT ui page=%s outcome=%s n=%d p50_ms=%s p90_ms=%s p99_ms=%s "
                            + "max_ms=%s server_mean_ms=%s avg_bytes=%.0f errors=%d verdict=%s", r.page().name(),
                    r.outcome().replace(' ', '_'), r.n(), PageTimer.format(r.p50()), PageTimer.format(r.p90()),
                    PageTimer.format(r.p99()), PageTimer.format(r.max()),
                    r.server() == null ? "-" : PageTimer.format(r.server().meanMs()), r.avgBytes(), r.errors(),
                    verdict(r)));
        }

        if (big != null && o.browserRuns > 0) {
            browser(o, client, big, out);
        }
        if (o.results != null) {
            Files.write(o.results, (String.join("\n", out) + "\n").getBytes(StandardCharsets.UTF_8),
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
        System.exit(0); // gRPC's and Selenium's threads must not keep us alive
    }

    private static void say(List<String> out, String line) {
        System.out.println(line);
        out.add(line);
    }

    private static String line(PageTimer.Result r) {
        return String.format(Locale.ROOT, "%-18s %-52s %-14s %5d %8s %8s %8s %8s %10s %9s  %s", r.page().name(),
                r.page().what(), r.outcome(), r.n(), PageTimer.format(r.p50()), PageTimer.format(r.p90()),
                PageTimer.format(r.p99()), PageTimer.format(r.max()),
                r.server() == null ? "-" : PageTimer.format(r.server().meanMs()),
                r.measured() ? String.format(Locale.ROOT, "%.1f", r.avgBytes() / 1024) : "-", verdict(r));
    }

    private static String verdict(PageTimer.Result r) {
        if (!r.measured()) {
            return "not measured";
        }
        return r.p99() < PAGE_TARGET_MS ? "met" : r.p50() < PAGE_TARGET_MS ? "MISSED (p50 met)" : "MISSED";
    }

    /** The pages of issue 5, with the parameters of the i-th request. */
    static List<PageTimer.Page> pages(QueryBench.Samples s, BigTrace big, String histogram, long seed) {
        List<QueryBench.SampledTrace> traces = new ArrayList<>(s.sampled);
        Collections.shuffle(traces, new Random(seed));
        List<String> services = new ArrayList<>(s.services);
        Collections.shuffle(services, new Random(seed + 1));
        IntFunction<String> service = i -> enc(services.get(i % services.size()));
        IntFunction<QueryBench.SampledTrace> trace = i -> traces.get(i % traces.size());
        List<PageTimer.Page> p = new ArrayList<>();
        p.add(new PageTimer.Page("services", "/services", i -> "/services"));
        p.add(new PageTimer.Page("services-24h", "/services?range=24h", i -> "/services?range=24h"));
        p.add(new PageTimer.Page("service", "/services/{s}", i -> "/services/" + service.apply(i)));
        p.add(new PageTimer.Page("service-24h", "/services/{s}?range=24h",
                i -> "/services/" + service.apply(i) + "?range=24h"));
        p.add(new PageTimer.Page("service-graph", "/service-graph", i -> "/service-graph"));
        p.add(new PageTimer.Page("traces", "/traces?service=S", i -> "/traces?service=" + service.apply(i)));
        p.add(new PageTimer.Page("traces-slow", "/traces?service=S&minDuration=500ms",
                i -> "/traces?service=" + service.apply(i) + "&minDuration=500ms"));
        p.add(new PageTimer.Page("trace", "/traces/{id} (sampled, ~10 spans)", i -> "/traces/" + trace.apply(i).id()));
        if (big != null) {
            String id = big.traceIdHex();
            p.add(new PageTimer.Page("trace-10k", "/traces/{id} (" + big.spanCount() + " spans)",
                    i -> "/traces/" + id));
        }
        p.add(new PageTimer.Page("logs-errors", "/logs?service=S&minSeverity=ERROR",
                i -> "/logs?service=" + service.apply(i) + "&minSeverity=ERROR"));
        p.add(new PageTimer.Page("correlation", "/correlations/{request id}",
                i -> "/correlations/" + enc(trace.apply(i).requestId())));
        p.add(new PageTimer.Page("metrics", "/metrics", i -> "/metrics"));
        p.add(new PageTimer.Page("metrics-histogram", "/metrics?name=" + histogram,
                i -> "/metrics?name=" + enc(histogram)));
        p.add(new PageTimer.Page("slos", "/slos", i -> "/slos"));
        p.add(new PageTimer.Page("alerts", "/alerts", i -> "/alerts"));
        p.add(new PageTimer.Page("runbook", "/runbooks/high-latency", i -> "/runbooks/high-latency"));
        return p;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static void send(Options o, BigTrace big) throws InterruptedException {
        ManagedChannel channel = NettyChannelBuilder.forAddress(o.host(), o.grpcPort).usePlaintext()
                .maxInboundMessageSize(16 << 20).build();
        try {
            for (ExportTraceServiceRequest r : big.traceRequests(2000)) {
                ExportTraceServiceResponse answer = export(() -> TraceServiceGrpc.newBlockingStub(channel)
                        .withDeadlineAfter(60, TimeUnit.SECONDS).export(r));
                if (answer.getPartialSuccess().getRejectedSpans() > 0) {
                    throw new IllegalStateException("the server rejected " + answer.getPartialSuccess()
                            .getRejectedSpans() + " spans: " + answer.getPartialSuccess().getErrorMessage());
                }
            }
            ExportLogsServiceRequest logs = big.logRequest();
            if (logs.getResourceLogsCount() > 0) {
                ExportLogsServiceResponse answer = export(() -> LogsServiceGrpc.newBlockingStub(channel)
                        .withDeadlineAfter(60, TimeUnit.SECONDS).export(logs));
                if (answer.getPartialSuccess().getRejectedLogRecords() > 0) {
                    throw new IllegalStateException("the server rejected " + answer.getPartialSuccess()
                            .getRejectedLogRecords() + " log records");
                }
            }
        } finally {
            channel.shutdownNow();
        }
    }

    /** Sends until acknowledged, waiting out push-back (UNAVAILABLE, RESOURCE_EXHAUSTED) for up to a minute. */
    private static <T extends MessageLite> T export(java.util.function.Supplier<T> call) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        long pause = 25;
        while (true) {
            try {
                return call.get();
            } catch (StatusRuntimeException e) {
                Status.Code c = e.getStatus().getCode();
                if ((c != Status.Code.UNAVAILABLE && c != Status.Code.RESOURCE_EXHAUSTED)
                        || System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(pause);
                pause = Math.min(1000, pause * 2);
            }
        }
    }

    /** Waits until the API returns the whole big trace; returns its span count. */
    private static int awaitTrace(HttpClient client, Options o, BigTrace big) throws IOException,
            InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        int spans = 0;
        while (System.nanoTime() < deadline) {
            HttpResponse<byte[]> r = client.send(HttpRequest.newBuilder(URI.create(o.api + "/api/traces/"
                    + big.traceIdHex())).timeout(Duration.ofSeconds(60)).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (r.statusCode() == 200) {
                spans = JSON.readTree(r.body()).path("spans").size();
                if (spans >= big.spanCount()) {
                    return spans;
                }
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("the big trace has " + spans + " of " + big.spanCount()
                + " spans after 2 minutes");
    }

    /** A histogram metric the data set has: the HTTP server duration if present, else the first histogram. */
    private static String histogram(HttpClient client, Options o) throws IOException, InterruptedException {
        HttpResponse<byte[]> r = client.send(HttpRequest.newBuilder(URI.create(o.api + "/api/metrics?limit=10000"))
                .timeout(Duration.ofSeconds(60)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        String first = null;
        if (r.statusCode() == 200) {
            for (JsonNode m : JSON.readTree(r.body()).path("metrics")) {
                if (m.path("type").asText("").toLowerCase(Locale.ROOT).contains("histogram")) {
                    if (m.path("name").asText().equals("http.server.request.duration")) {
                        return "http.server.request.duration";
                    }
                    first = first == null ? m.path("name").asText() : first;
                }
            }
        }
        return first == null ? "http.server.request.duration" : first;
    }

    private static void browser(Options o, HttpClient client, BigTrace big, List<String> out)
            throws IOException, InterruptedException {
        String url = o.api + "/traces/" + big.traceIdHex();
        int status = client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60)).GET().build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
        if (status != 200) {
            say(out, "");
            say(out, "browser: /traces/" + big.traceIdHex() + " answers HTTP " + status + ": not measured");
            return;
        }
        List<BrowserTiming.Run> runs = new ArrayList<>();
        try (BrowserTiming browser = new BrowserTiming(o.chromium, o.chromedriver, o.hereSelector)) {
            say(out, "");
            say(out, String.format(Locale.ROOT, "browser: headless Chromium %s; %s opened %d times after one "
                    + "warm-up load (cached CSS and JS, as when clicking through the UI); times in ms from "
                    + "navigation start", browser.version(), "/traces/" + big.traceIdHex(), o.browserRuns));
            say(out, String.format(Locale.ROOT, "%4s %9s %9s %9s %9s %9s %9s %9s %10s %9s %7s", "run", "response",
                    "html end", "DCL", "load", "FCP", "LCP", "HERE", "HTML KB", "DOM nodes", "rows"));
            for (int k = 0; k <= o.browserRuns; k++) {
                BrowserTiming.Run r = browser.open(url, o.rowSelector);
                String line = String.format(Locale.ROOT, "%4s %9.1f %9.1f %9.1f %9.1f %9s %9s %9s %10.1f %9d %7d",
                        k == 0 ? "warm" : Integer.toString(k), r.responseStart(), r.responseEnd(),
                        r.domContentLoaded(), r.load(), opt(r.fcp()), opt(r.lcp()), opt(r.here()),
                        r.htmlBytes() / 1024.0, r.domNodes(), r.rows());
                say(out, line);
                if (k > 0) {
                    runs.add(r);
                }
            }
        }
        say(out, String.format(Locale.ROOT, "%-46s %9s %9s  %s", "browser, " + big.spanCount() + "-span trace (ms)",
                "p50", "max", "target < 1000 ms"));
        summary(out, runs, "navigation start -> response start", BrowserTiming.Run::responseStart);
        summary(out, runs, "navigation start -> HTML received", BrowserTiming.Run::responseEnd);
        summary(out, runs, "navigation start -> DOMContentLoaded", BrowserTiming.Run::domContentLoaded);
        summary(out, runs, "navigation start -> load event end", BrowserTiming.Run::load);
        summary(out, runs, "navigation start -> first contentful paint", BrowserTiming.Run::fcp);
        summary(out, runs, "navigation start -> largest contentful paint", BrowserTiming.Run::lcp);
        summary(out, runs, "navigation start -> HERE marker in the DOM", BrowserTiming.Run::here);
    }

    private static void summary(List<String> out, List<BrowserTiming.Run> runs, String what,
                                ToDoubleFunction<BrowserTiming.Run> f) {
        double[] v = runs.stream().mapToDouble(f).filter(x -> x >= 0).sorted().toArray();
        if (v.length == 0) {
            say(out, String.format(Locale.ROOT, "%-46s %9s %9s  %s", what, "-", "-", "not reported"));
            return;
        }
        double p50 = v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
        double max = v[v.length - 1];
        String verdict = max < RENDER_TARGET_MS ? "met" : p50 < RENDER_TARGET_MS ? "p50 met, max MISSED" : "MISSED";
        String missing = v.length < runs.size() ? " (" + (runs.size() - v.length) + " runs without)" : "";
        say(out, String.format(Locale.ROOT, "%-46s %9.1f %9.1f  %s%s", what, p50, max, verdict, missing));
        out.add(String.format(Locale.ROOT, "RESULT ui-browser what=\"%s\" runs=%d p50_ms=%.1f max_ms=%.1f verdict=%s",
                what, v.length, p50, max, verdict.replace(' ', '_')));
    }

    private static String opt(double v) {
        return v < 0 ? "-" : String.format(Locale.ROOT, "%.1f", v);
    }

    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "n/a";
        }
    }

    private static final class Options {
        String api = "http://127.0.0.1:16686";
        int grpcPort = 4317;
        Path samples;
        Path results;
        int requests = 200;
        int warmup = 20;
        long maxSecondsPerPage = 120;
        int browserRuns = 10;
        int bigSpans = 10_000;
        int bigLogs = 300;
        String hereSelector = ".here-mark";
        String rowSelector = "li[id^='span-']";
        String chromium = "/usr/bin/chromium";
        String chromedriver = "/usr/bin/chromedriver";
        Duration indexWait = Duration.ofMinutes(30);
        Set<String> only = Set.of();
        long seed = 11;

        String host() {
            return URI.create(api).getHost();
        }

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
                    case "--grpc-port" -> o.grpcPort = Integer.parseInt(v);
                    case "--samples" -> o.samples = Path.of(v);
                    case "--results" -> o.results = Path.of(v);
                    case "--requests" -> o.requests = Integer.parseInt(v);
                    case "--warmup" -> o.warmup = Integer.parseInt(v);
                    case "--max-seconds" -> o.maxSecondsPerPage = Long.parseLong(v);
                    case "--browser-runs" -> o.browserRuns = Integer.parseInt(v);
                    case "--big-spans" -> o.bigSpans = Integer.parseInt(v.replace("_", ""));
                    case "--big-logs" -> o.bigLogs = Integer.parseInt(v);
                    case "--here-selector" -> o.hereSelector = v;
                    case "--row-selector" -> o.rowSelector = v;
                    case "--chromium" -> o.chromium = v;
                    case "--chromedriver" -> o.chromedriver = v;
                    case "--index-wait-minutes" -> o.indexWait = Duration.ofMinutes(Long.parseLong(v));
                    case "--only" -> o.only = Set.copyOf(Arrays.asList(v.split(",")));
                    case "--seed" -> o.seed = Long.parseLong(v);
                    default -> usage("unknown option: " + a);
                }
            }
            if (o.samples == null) {
                usage("--samples is required (DayLoader --samples FILE writes it)");
            }
            if (o.requests < 1 || o.warmup < 0 || o.maxSecondsPerPage < 1 || o.browserRuns < 0 || o.bigSpans < 0
                    || o.bigLogs < 0) {
                usage("--requests and --max-seconds must be positive; --warmup, --browser-runs, --big-spans and "
                        + "--big-logs not negative");
            }
            if (o.bigSpans > 0 && o.bigSpans < 500) {
                usage("--big-spans must be 0 (no big trace) or at least 500");
            }
            try {
                String host = o.host();
                if (host == null || !java.net.InetAddress.getByName(host).isLoopbackAddress()) {
                    usage("--api must point to a loopback address: this tool loads only this machine");
                }
            } catch (java.net.UnknownHostException e) {
                usage("unknown host in --api");
            }
            return o;
        }

        private static void usage(String problem) {
            if (problem != null) {
                System.err.println(problem);
            }
            System.err.println("""
                    usage: UiBench --samples FILE [options]
                      --api http://127.0.0.1:16686   the server (loopback only); --grpc-port 4317 its OTLP/gRPC port
                      --requests 200          measured requests per page, one at a time
                      --warmup 20             unmeasured requests before them
                      --max-seconds 120       time budget per page: a quarter for warm-up, the rest measured
                      --browser-runs 10       loads of the big trace's page in Chromium (after one warm-up load)
                      --big-spans 10000       spans of the big trace (0: none, and no browser runs)
                      --big-logs 300          log records of the big trace
                      --here-selector .here-mark   the waterfall's "HERE" marker; --row-selector "li[id^='span-']"
                      --chromium /usr/bin/chromium --chromedriver /usr/bin/chromedriver
                      --only a,b              only these pages (names as printed)
                      --results FILE          append the tables and RESULT lines to FILE
                      --index-wait-minutes 30 --seed 11
                    """);
            System.exit(problem == null ? 0 : 2);
        }
    }
}
