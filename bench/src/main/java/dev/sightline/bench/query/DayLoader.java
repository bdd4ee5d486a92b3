package dev.sightline.bench.query;

import dev.sightline.bench.query.DayTraffic.TraceInfo;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Loads a simulated day of the shop's telemetry ({@link Topology}, {@link DayTraffic}) into a running Sightline
 * over OTLP/gRPC: {@code --spans} spans (default 10 million) with logs and metrics in proportion, start times spread
 * over the 24 hours ending when the load starts, busier in the afternoon than at night (UTC). Traces go out in
 * time order, as they would have arrived, so the newest hour is the last one stored. Afterwards it writes a sample
 * of trace IDs, request IDs and operations for {@link QueryBench}. See {@code bench/README.md}.
 */
public final class DayLoader {
    private static final long DAY_NANOS = TimeUnit.DAYS.toNanos(1);
    private static final long MINUTE_NANOS = TimeUnit.MINUTES.toNanos(1);

    public static void main(String[] args) throws Exception {
        Options o = Options.parse(args);
        long dayEnd = Instant.now().toEpochMilli() * 1_000_000L;
        long dayStart = dayEnd - DAY_NANOS;
        Topology topology = Topology.shop();
        DayTraffic traffic = new DayTraffic(topology, o.seed, dayStart);
        Diurnal diurnal = new Diurnal(dayStart);
        Reservoir reservoir = new Reservoir(o.sampleSize, o.seed);
        System.out.printf(Locale.ROOT, "sightline day load: %,d spans from %d services (%d instances) over %s .. %s, "
                        + "batch %d spans, %d requests in flight, %s; load average %s%n", o.spans,
                topology.services.size(), traffic.resourceCount(), Instant.ofEpochSecond(0, dayStart),
                Instant.ofEpochSecond(0, dayEnd), o.batch, o.concurrency,
                o.dryRun ? "dry run (nothing sent)" : "OTLP/gRPC to " + o.host + ":" + o.grpcPort, loadAverage());

        long t0 = System.nanoTime();
        long deadline = t0 + o.maxDuration.toNanos();
        OtlpSender sender = o.dryRun ? null : new OtlpSender(o.host, o.grpcPort, o.concurrency, o.connections);
        Progress progress = sender == null ? null : new Progress(sender, traffic, t0, o.spans);
        SplittableRandom jitter = new SplittableRandom(o.seed ^ 0x5DEECE66DL);
        long nextMinute = dayStart + MINUTE_NANOS;
        long spanRequests = 0;
        try {
            if (progress != null) {
                progress.start();
            }
            while (traffic.spansMade < o.spans) {
                long start = diurnal.timeAt((double) traffic.spansMade / o.spans) + jitter.nextLong(MINUTE_NANOS / 600);
                while (nextMinute <= start) {
                    sendMinute(sender, traffic, nextMinute);
                    nextMinute += MINUTE_NANOS;
                }
                reservoir.offer(traffic.trace(start));
                if (traffic.pendingSpans() >= o.batch) {
                    send(sender, OtlpSender.TRACES, traffic.pendingSpans(), traffic.takeSpans());
                    spanRequests++;
                }
                if (traffic.pendingLogs() >= o.batch) {
                    send(sender, OtlpSender.LOGS, traffic.pendingLogs(), traffic.takeLogs());
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("not done after " + o.maxDuration.toMinutes() + " minutes");
                }
            }
            if (traffic.pendingSpans() > 0) {
                send(sender, OtlpSender.TRACES, traffic.pendingSpans(), traffic.takeSpans());
                spanRequests++;
            }
            while (nextMinute <= dayEnd) {
                sendMinute(sender, traffic, nextMinute);
                nextMinute += MINUTE_NANOS;
            }
            if (traffic.pendingLogs() > 0) {
                send(sender, OtlpSender.LOGS, traffic.pendingLogs(), traffic.takeLogs());
            }
            if (sender != null) {
                sender.drain(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
        } finally {
            if (progress != null) {
                progress.interrupt();
            }
            if (sender != null) {
                sender.close();
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;

        System.out.println();
        System.out.printf(Locale.ROOT, "made: %,d traces (%.2f spans each; %.2f %% with an error, %.2f %% longer than "
                        + "500 ms), %,d spans in %,d requests, %,d log records (one per %.1f spans), %,d metric points%n",
                traffic.tracesMade, (double) traffic.spansMade / traffic.tracesMade,
                100.0 * traffic.errorTraces / traffic.tracesMade, 100.0 * traffic.slowTraces / traffic.tracesMade,
                traffic.spansMade, spanRequests, traffic.logsMade, (double) traffic.spansMade / traffic.logsMade,
                traffic.pointsMade);
        if (sender != null) {
            long spans = sender.acked(OtlpSender.TRACES);
            long logs = sender.acked(OtlpSender.LOGS);
            long points = sender.acked(OtlpSender.METRICS);
            if (spans != traffic.spansMade || logs != traffic.logsMade || points != traffic.pointsMade) {
                throw new IllegalStateException("acknowledged " + spans + " spans, " + logs + " logs, " + points
                        + " points of " + traffic.spansMade + ", " + traffic.logsMade + ", " + traffic.pointsMade);
            }
            System.out.printf(Locale.ROOT, "acknowledged: %,d spans, %,d log records, %,d points in %.1f s: "
                            + "%,.0f spans/s (%,.0f items/s of all signals); %,d refusals retried, %,d timed-out "
                            + "exports resent (possible duplicates); load average %s%n", spans, logs, points, seconds,
                    spans / seconds, (spans + logs + points) / seconds, sender.refusals(), sender.deadlineRetries(),
                    loadAverage());
            double cpu = ProcessHandle.current().info().totalCpuDuration().map(Duration::toNanos).orElse(0L) / 1e9;
            System.out.printf(Locale.ROOT, "the loader's own CPU (generation, serialization, gRPC): %.1f CPU-s "
                    + "(%.2f cores on average)%n", cpu, cpu / seconds);
            System.out.printf(Locale.ROOT, "RESULT load spans=%d logs=%d points=%d traces=%d seconds=%.1f "
                            + "spans_per_s=%.0f refusals=%d resent_after_timeout=%d%n", spans, logs, points,
                    traffic.tracesMade, seconds, spans / seconds, sender.refusals(), sender.deadlineRetries());
        } else {
            System.out.printf(Locale.ROOT, "generated in %.1f s: %,.0f spans/s on one thread%n", seconds,
                    traffic.spansMade / seconds);
        }
        if (o.samples != null) {
            writeSamples(o.samples, dayStart, dayEnd, traffic, reservoir.items());
            System.out.println("samples: " + o.samples + " (" + reservoir.items().size() + " traces)");
        }
        System.exit(0); // gRPC's event loop threads must not keep us alive
    }

    private static void send(OtlpSender sender, int signal, int items, byte[] body) throws InterruptedException {
        if (sender != null) {
            sender.send(signal, body, items);
        }
    }

    private static void sendMinute(OtlpSender sender, DayTraffic traffic, long minuteEnd) throws InterruptedException {
        DayTraffic.MetricsRequest m = traffic.minute(minuteEnd);
        send(sender, OtlpSender.METRICS, m.points(), m.body());
    }

    /** The sample file QueryBench reads: tab-separated lines, the first word says what a line is. */
    private static void writeSamples(Path file, long dayStart, long dayEnd, DayTraffic traffic,
                                     List<TraceInfo> traces) throws IOException {
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8))) {
            w.println("# sightline day-load samples: day <start ms> <end ms>; totals <spans> <logs> <points> <traces>;");
            w.println("# trace <id> <request id> <start ms> <duration ms> <spans> <logs> <logs with the trace ID> <root "
                    + "service> <root operation> <error>; op <service> <span name> <SERVER spans>");
            w.printf(Locale.ROOT, "day\t%d\t%d%n", dayStart / 1_000_000, dayEnd / 1_000_000);
            w.printf(Locale.ROOT, "totals\t%d\t%d\t%d\t%d%n", traffic.spansMade, traffic.logsMade, traffic.pointsMade,
                    traffic.tracesMade);
            for (TraceInfo t : traces) {
                w.printf(Locale.ROOT, "trace\t%s\t%s\t%d\t%.3f\t%d\t%d\t%d\t%s\t%s\t%b%n", t.traceIdHex(),
                        t.requestId(), t.startNanos() / 1_000_000, t.durationNanos() / 1e6, t.spans(), t.logs(),
                        t.logsWithTraceId(), t.rootService(), t.rootOperation(), t.error());
            }
            traffic.serverSpansByOperation().forEach((k, v) -> w.printf(Locale.ROOT, "op\t%s\t%d%n", k, v));
        }
    }

    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "n/a";
        }
    }

    /**
     * Maps the share of the day's spans already made to a time of day, so that traffic follows a daily curve:
     * lowest at 04:00 UTC (35 % of the peak), highest at 16:00.
     */
    static final class Diurnal {
        private final long dayStart;
        private final double[] cumulative = new double[1441];

        Diurnal(long dayStart) {
            this.dayStart = dayStart;
            for (int m = 0; m < 1440; m++) {
                double hour = ((dayStart + m * MINUTE_NANOS) % DAY_NANOS) / 3.6e12;
                double weight = 0.35 + 0.65 * (0.5 - 0.5 * Math.cos(2 * Math.PI * (hour - 4) / 24));
                cumulative[m + 1] = cumulative[m] + weight;
            }
            for (int m = 1; m <= 1440; m++) {
                cumulative[m] /= cumulative[1440];
            }
        }

        long timeAt(double share) {
            int lo = 0;
            int hi = 1440;
            while (hi - lo > 1) {
                int mid = (lo + hi) >>> 1;
                if (cumulative[mid] <= share) {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            double within = (share - cumulative[lo]) / Math.max(1e-12, cumulative[lo + 1] - cumulative[lo]);
            return dayStart + lo * MINUTE_NANOS + (long) (Math.min(1, Math.max(0, within)) * MINUTE_NANOS);
        }
    }

    /** A uniform sample of the day's traces (algorithm R). */
    private static final class Reservoir {
        private final int size;
        private final SplittableRandom rnd;
        private final List<TraceInfo> items = new ArrayList<>();
        private long seen;

        Reservoir(int size, long seed) {
            this.size = size;
            this.rnd = new SplittableRandom(seed * 31 + 7);
        }

        void offer(TraceInfo t) {
            seen++;
            if (items.size() < size) {
                items.add(t);
            } else {
                long j = rnd.nextLong(seen);
                if (j < size) {
                    items.set((int) j, t);
                }
            }
        }

        List<TraceInfo> items() {
            return items;
        }
    }

    /** A line every 10 s: what was acknowledged, how fast, and whether the server pushes back. */
    private static final class Progress extends Thread {
        private final OtlpSender sender;
        private final DayTraffic traffic;
        private final long t0;
        private final long target;

        Progress(OtlpSender sender, DayTraffic traffic, long t0, long target) {
            super("load-progress");
            setDaemon(true);
            this.sender = sender;
            this.traffic = traffic;
            this.t0 = t0;
            this.target = target;
        }

        @Override
        public void run() {
            long lastSpans = 0;
            long last = t0;
            try {
                while (!isInterrupted()) {
                    Thread.sleep(10_000);
                    long now = System.nanoTime();
                    long spans = sender.acked(OtlpSender.TRACES);
                    System.out.printf(Locale.ROOT, "  %4.0f s: %,d spans acked (%.1f %%), %,.0f spans/s over the last "
                                    + "%.0f s; %,d logs, %,d points; %,d refusals retried; %d in flight; load %s%n",
                            (now - t0) / 1e9, spans, 100.0 * spans / target, (spans - lastSpans) / ((now - last) / 1e9),
                            (now - last) / 1e9, sender.acked(OtlpSender.LOGS), sender.acked(OtlpSender.METRICS),
                            sender.refusals(), sender.inFlight(), loadAverage());
                    lastSpans = spans;
                    last = now;
                }
            } catch (InterruptedException e) {
                // done
            }
        }
    }

    private static final class Options {
        long spans = 10_000_000;
        int batch = 512;
        int concurrency = 16;
        int connections = 2;
        String host = "127.0.0.1";
        int grpcPort = 4317;
        long seed = 20261130L;
        int sampleSize = 5000;
        Path samples;
        boolean dryRun;
        Duration maxDuration = Duration.ofMinutes(60);

        static Options parse(String[] args) {
            Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                if (a.equals("--dry-run")) {
                    o.dryRun = true;
                    continue;
                }
                if (a.equals("--help") || !a.startsWith("--") || i + 1 >= args.length) {
                    usage(a.equals("--help") ? null : "bad argument: " + a);
                }
                String v = args[++i];
                switch (a) {
                    case "--spans" -> o.spans = Long.parseLong(v.replace("_", ""));
                    case "--batch" -> o.batch = Integer.parseInt(v);
                    case "--concurrency" -> o.concurrency = Integer.parseInt(v);
                    case "--connections" -> o.connections = Integer.parseInt(v);
                    case "--host" -> o.host = v;
                    case "--grpc-port" -> o.grpcPort = Integer.parseInt(v);
                    case "--seed" -> o.seed = Long.parseLong(v);
                    case "--sample-size" -> o.sampleSize = Integer.parseInt(v);
                    case "--samples" -> o.samples = Path.of(v);
                    case "--max-minutes" -> o.maxDuration = Duration.ofMinutes(Long.parseLong(v));
                    default -> usage("unknown option: " + a);
                }
            }
            if (o.spans < 1 || o.batch < 1 || o.concurrency < 1 || o.connections < 1 || o.sampleSize < 1) {
                usage("--spans, --batch, --concurrency, --connections and --sample-size must be positive");
            }
            if (o.maxDuration.isZero() || o.maxDuration.compareTo(Duration.ofHours(3)) > 0) {
                usage("--max-minutes must be 1..180 (every run is bounded)");
            }
            try {
                if (!java.net.InetAddress.getByName(o.host).isLoopbackAddress()) {
                    usage("--host must be a loopback address: this tool loads only this machine");
                }
            } catch (java.net.UnknownHostException e) {
                usage("unknown host " + o.host);
            }
            return o;
        }

        private static void usage(String problem) {
            if (problem != null) {
                System.err.println(problem);
            }
            System.err.println("""
                    usage: DayLoader [options]
                      --spans 10000000        spans to load (logs and metrics follow in proportion)
                      --batch 512             spans (and log records) per export request
                      --concurrency 16        export requests in flight at most
                      --connections 2         gRPC channels, round robin
                      --host 127.0.0.1 --grpc-port 4317   (loopback only)
                      --samples FILE          where to write the sample for QueryBench
                      --sample-size 5000      traces in the sample
                      --seed N                the same seed makes the same day (but for the times)
                      --max-minutes 60        give up after this long
                      --dry-run               generate only, send nothing (the generator's own speed)
                    """);
            System.exit(problem == null ? 0 : 2);
        }
    }
}
