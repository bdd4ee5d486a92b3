package dev.sightline.bench;

import dev.sightline.bench.Payloads.Signal;
import dev.sightline.collector.grpc.RawBytesMarshaller;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * Sends OTLP export requests to a running Sightline over gRPC or HTTP, for a bounded time, and reports what was
 * acknowledged, how fast, and at what latency. See {@code bench/README.md}.
 *
 * <p>Requests come from a pool of pre-serialized templates; each one sent is a copy with fresh trace and span IDs
 * and current timestamps ({@link PayloadTemplate}), so the generator spends its (shared) CPU on sending, not on
 * protobuf serialization.
 *
 * <p>With {@code --rate N > 0} the schedule is open-loop: request {@code i} is due at {@code start + i * period},
 * and its latency is measured from that due time, not from when it was actually sent. A server that stalls
 * therefore shows the stall in every request that should have gone out meanwhile (no coordinated omission);
 * {@code --concurrency} caps the requests in flight. With {@code --rate 0} each of the {@code --concurrency}
 * slots sends its next request as soon as the previous one is answered (closed loop: the maximum rate).
 *
 * <p>Refusals (gRPC UNAVAILABLE or RESOURCE_EXHAUSTED, HTTP 503 or 429) are counted, not retried; in closed loop
 * the slot waits {@code --refusal-backoff} before its next request, as an SDK would back off.
 */
public final class LoadGenerator {

    private enum Outcome { ACKED, REFUSED, FAILED }

    /**
     * What the server answered: the outcome, for an acknowledgement the items it reported as rejected, and for a
     * refusal whether it carried a retry hint (HTTP {@code Retry-After}, gRPC {@code RetryInfo}).
     */
    private record Answer(Outcome outcome, long rejectedItems, String detail, boolean retryHint) {
        Answer(Outcome outcome, long rejectedItems, String detail) {
            this(outcome, rejectedItems, detail, false);
        }

        static Answer failed(String detail) {
            return new Answer(Outcome.FAILED, 0, detail);
        }
    }

    private interface Transport extends AutoCloseable {
        CompletableFuture<Answer> send(byte[] body);

        @Override
        void close();
    }

    public static void main(String[] args) throws Exception {
        Options o = Options.parse(args);
        System.out.printf(Locale.ROOT, "sightline load: %s over %s, rate %s items/s, batch %d, concurrency %d, "
                        + "warmup %ds, duration %ds, load average %s%n", o.signal.lower(), o.target,
                o.rate == 0 ? "max" : Long.toString(o.rate), o.batch, o.concurrency, o.warmup.toSeconds(),
                o.duration.toSeconds(), loadAverage());
        long b0 = System.nanoTime();
        List<PayloadTemplate> pool = Payloads.templates(o.signal, o.pool, o.batch, 20261129L);
        double avgBytes = pool.stream().mapToInt(PayloadTemplate::size).average().orElse(0);
        System.out.printf(Locale.ROOT, "pool: %d requests of %d %s, %.0f bytes each (%.0f B/item), %d patch points "
                        + "each, built in %d ms%n", pool.size(), o.batch, itemName(o.signal), avgBytes,
                avgBytes / o.batch, pool.get(0).patchPoints(), (System.nanoTime() - b0) / 1_000_000);
        try (Transport transport = o.target.equals("grpc") ? new GrpcTransport(o) : new HttpTransport(o)) {
            new Run(o, pool, transport).execute();
        }
        System.exit(0); // the transports' non-daemon threads (gRPC's event loops) must not keep us alive
    }

    // ------------------------------------------------------------------------------------------------ the run

    private static final class Run {
        private final Options o;
        private final List<PayloadTemplate> pool;
        private final Transport transport;
        private final Semaphore slots;
        private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "load-timer");
            t.setDaemon(true);
            return t;
        });
        private final long t0 = System.nanoTime();
        private final long epochAtT0 = Instant.now().toEpochMilli() * 1_000_000L;
        private final long measureStart;
        private final long measureEnd;

        // Guarded by this.
        private final Histogram latency = new Histogram(TimeUnit.MINUTES.toMicros(10), 3);
        private final Histogram serviceTime = new Histogram(TimeUnit.MINUTES.toMicros(10), 3);
        private final Histogram lateness = new Histogram(TimeUnit.MINUTES.toMicros(10), 3);
        /** From send to a refusal's answer: how fast an overloaded server says no. */
        private final Histogram refusalTime = new Histogram(TimeUnit.MINUTES.toMicros(10), 3);
        private long refusedWithHint;
        private final long[] itemsPerSecond;
        private final long[] maxLatencyPerSecond;
        private long windowAckedItems;
        private long windowAckedRequests;
        private long windowRejectedItems;
        private long issuedInWindow;
        private long ackedOfIssued;
        private long refusedOfIssued;
        private long failedOfIssued;
        private long allAckedItems;
        private long allRefused;
        private long allFailed;
        private final Map<String, Long> failures = new LinkedHashMap<>();

        private final AtomicLong sent = new AtomicLong();
        private long slotWaits;
        private volatile Snapshot atStart;
        private volatile Snapshot atEnd;

        Run(Options o, List<PayloadTemplate> pool, Transport transport) {
            this.o = o;
            this.pool = pool;
            this.transport = transport;
            this.slots = new Semaphore(o.concurrency);
            this.measureStart = t0 + o.warmup.toNanos();
            this.measureEnd = measureStart + o.duration.toNanos();
            this.itemsPerSecond = new long[(int) Math.max(1, o.duration.toSeconds())];
            this.maxLatencyPerSecond = new long[itemsPerSecond.length];
        }

        void execute() throws Exception {
            timer.schedule(() -> atStart = Snapshot.take(o), measureStart - System.nanoTime(), TimeUnit.NANOSECONDS);
            timer.schedule(() -> atEnd = Snapshot.take(o), measureEnd - System.nanoTime(), TimeUnit.NANOSECONDS);
            int items = pool.get(0).items();
            long period = o.rate > 0 ? Math.max(1, Math.round(1e9 * items / o.rate)) : 0;
            for (long i = 0; i < o.maxRequests; i++) {
                PayloadTemplate template = pool.get((int) (i % pool.size()));
                byte[] body = template.instantiate(ThreadLocalRandom.current().nextLong() | 1,
                        epochAtT0 + (System.nanoTime() - t0));
                long due;
                if (period > 0) {
                    due = t0 + i * period;
                    if (due >= measureEnd) {
                        break;
                    }
                    parkUntil(due);
                }
                if (!slots.tryAcquire()) {
                    synchronized (this) {
                        slotWaits++;
                    }
                    long left = measureEnd - System.nanoTime();
                    if (left <= 0 || !slots.tryAcquire(left, TimeUnit.NANOSECONDS)) {
                        break;
                    }
                }
                long sendAt = System.nanoTime();
                if (period == 0) {
                    due = sendAt;
                    if (due >= measureEnd) {
                        slots.release();
                        break;
                    }
                } else {
                    due = t0 + i * period;
                }
                long dueAt = due;
                sent.incrementAndGet();
                CompletableFuture<Answer> answer;
                try {
                    answer = transport.send(body);
                } catch (RuntimeException e) {
                    answer = CompletableFuture.completedFuture(Answer.failed(e.toString()));
                }
                answer.whenComplete((a, t) -> {
                    Answer result = t != null ? Answer.failed(t.toString()) : a;
                    record(dueAt, sendAt, System.nanoTime(), template.items(), result);
                    if (result.outcome() == Outcome.REFUSED && period == 0 && !o.refusalBackoff.isZero()) {
                        Runnable release = slots::release;
                        timer.schedule(release, o.refusalBackoff.toNanos(), TimeUnit.NANOSECONDS);
                    } else {
                        slots.release();
                    }
                });
            }
            long drainStart = System.nanoTime();
            boolean drained = slots.tryAcquire(o.concurrency, o.timeout.toNanos() + 5_000_000_000L,
                    TimeUnit.NANOSECONDS);
            long drainMillis = (System.nanoTime() - drainStart) / 1_000_000;
            while (atEnd == null && System.nanoTime() < measureEnd + 10_000_000_000L) {
                Thread.sleep(50);
            }
            Thread.sleep(o.settle.toMillis()); // let the indexer catch up before the final size is taken
            Snapshot after = Snapshot.take(o);
            report(drained, drainMillis, after);
            timer.shutdownNow();
        }

        private synchronized void record(long due, long sendAt, long done, int items, Answer a) {
            switch (a.outcome()) {
                case ACKED -> allAckedItems += items - a.rejectedItems();
                case REFUSED -> allRefused++;
                case FAILED -> {
                    allFailed++;
                    if (failures.size() < 20 || failures.containsKey(a.detail())) {
                        failures.merge(a.detail(), 1L, Long::sum);
                    }
                }
            }
            if (a.outcome() == Outcome.ACKED && done >= measureStart && done < measureEnd) {
                windowAckedItems += items - a.rejectedItems();
                windowRejectedItems += a.rejectedItems();
                windowAckedRequests++;
                int second = (int) ((done - measureStart) / 1_000_000_000L);
                if (second < itemsPerSecond.length) {
                    itemsPerSecond[second] += items - a.rejectedItems();
                }
            }
            if (due >= measureStart && due < measureEnd) {
                issuedInWindow++;
                switch (a.outcome()) {
                    case ACKED -> ackedOfIssued++;
                    case REFUSED -> refusedOfIssued++;
                    case FAILED -> failedOfIssued++;
                }
                lateness.recordValue(Math.min(lateness.getHighestTrackableValue(), Math.max(0, (sendAt - due) / 1000)));
                int second = (int) ((due - measureStart) / 1_000_000_000L);
                if (second < maxLatencyPerSecond.length) {
                    maxLatencyPerSecond[second] = Math.max(maxLatencyPerSecond[second], (done - due) / 1000);
                }
                if (a.outcome() == Outcome.REFUSED) {
                    refusalTime.recordValue(Math.min(refusalTime.getHighestTrackableValue(),
                            Math.max(0, (done - sendAt) / 1000)));
                    if (a.retryHint()) {
                        refusedWithHint++;
                    }
                }
                if (a.outcome() == Outcome.ACKED) {
                    latency.recordValue(Math.min(latency.getHighestTrackableValue(), Math.max(0, (done - due) / 1000)));
                    serviceTime.recordValue(Math.min(serviceTime.getHighestTrackableValue(),
                            Math.max(0, (done - sendAt) / 1000)));
                }
            }
        }

        private synchronized void report(boolean drained, long drainMillis, Snapshot after) {
            double seconds = o.duration.toNanos() / 1e9;
            String item = itemName(o.signal);
            double rate = windowAckedItems / seconds;
            long[] perSecond = itemsPerSecond.clone();
            Arrays.sort(perSecond);
            System.out.println();
            System.out.printf(Locale.ROOT, "acknowledged: %,.0f %s/s over %.0f s (%,d %s in %,d requests; "
                            + "per-second min %,d, median %,d, max %,d)%n", rate, item, seconds, windowAckedItems,
                    item, windowAckedRequests, perSecond[0], perSecond[perSecond.length / 2],
                    perSecond[perSecond.length - 1]);
            if (o.rate > 0) {
                System.out.printf(Locale.ROOT, "offered: %,d %s/s; requests due in the window: %,d (acked %,d, "
                                + "refused %,d, failed %,d)%n", o.rate, item, issuedInWindow, ackedOfIssued,
                        refusedOfIssued, failedOfIssued);
            } else {
                System.out.printf(Locale.ROOT, "requests sent in the window: %,d (acked %,d, refused %,d, failed %,d)%n",
                        issuedInWindow, ackedOfIssued, refusedOfIssued, failedOfIssued);
            }
            System.out.printf(Locale.ROOT, "latency (from %s, acked requests, ms): p50 %.2f  p95 %.2f  p99 %.2f  "
                            + "p99.9 %.2f  max %.2f%n", o.rate > 0 ? "due time" : "send", ms(latency, 50),
                    ms(latency, 95), ms(latency, 99), ms(latency, 99.9), latency.getMaxValue() / 1000.0);
            if (o.rate > 0) {
                System.out.printf(Locale.ROOT, "service time (from actual send, ms): p50 %.2f  p99 %.2f  max %.2f; "
                                + "times all %d slots were busy: %,d%n", ms(serviceTime, 50), ms(serviceTime, 99),
                        serviceTime.getMaxValue() / 1000.0, o.concurrency, slotWaits);
                System.out.printf(Locale.ROOT, "send lateness (actual send - due time, ms): p50 %.2f  p99 %.2f  "
                        + "max %.2f%n", ms(lateness, 50), ms(lateness, 99), lateness.getMaxValue() / 1000.0);
            }
            if (refusedOfIssued > 0) {
                System.out.printf(Locale.ROOT, "refusals in the window: %,d, answered (from send, ms) p50 %.2f  p99 %.2f  "
                                + "max %.2f; with a retry hint: %,d (%.1f %%)%n", refusedOfIssued, ms(refusalTime, 50),
                        ms(refusalTime, 99), refusalTime.getMaxValue() / 1000.0, refusedWithHint,
                        100.0 * refusedWithHint / refusedOfIssued);
            }
            StringBuilder timeline = new StringBuilder();
            for (int i = 0; i < itemsPerSecond.length; i++) {
                timeline.append(String.format(Locale.ROOT, " %d:%dk/%dms", i, itemsPerSecond[i] / 1000,
                        maxLatencyPerSecond[i] / 1000));
            }
            System.out.println("per second (acked k items / max latency of requests due then):" + timeline);
            System.out.printf(Locale.ROOT, "whole run (incl. warmup): %,d %s acked, %,d requests refused, %,d failed, "
                    + "%,d %s rejected as invalid in the window; drained %s in %d ms%n", allAckedItems, item, allRefused,
                    allFailed, windowRejectedItems, item, drained ? "fully" : "NOT fully", drainMillis);
            failures.forEach((k, v) -> System.out.printf("  failure x%d: %s%n", v, k));

            Snapshot s0 = atStart;
            Snapshot s1 = atEnd;
            String serverCpu = "n/a";
            double itemsPerCpuSecond = Double.NaN;
            double serverCores = Double.NaN;
            double otherCores = Double.NaN;
            if (s0 != null && s1 != null) {
                if (s0.serverCpuNanos >= 0 && s1.serverCpuNanos >= 0) {
                    double cpu = (s1.serverCpuNanos - s0.serverCpuNanos) / 1e9;
                    serverCores = cpu / seconds;
                    itemsPerCpuSecond = windowAckedItems / cpu;
                    serverCpu = String.format(Locale.ROOT, "%.1f CPU-s (%.2f cores, via %s)", cpu, serverCores,
                            s0.cpuSource);
                }
                double selfCpu = (s1.selfCpuNanos - s0.selfCpuNanos) / 1e9;
                double machineBusy = s1.machineBusyTicks - s0.machineBusyTicks;
                double machineTotal = s1.machineTotalTicks - s0.machineTotalTicks;
                System.out.printf(Locale.ROOT, "cpu in the window: server %s; generator %.1f CPU-s (%.2f cores); "
                                + "whole machine %.0f%% busy of %d cores; load average at end %s%n", serverCpu,
                        selfCpu, selfCpu / seconds, machineTotal > 0 ? 100 * machineBusy / machineTotal : Double.NaN,
                        Runtime.getRuntime().availableProcessors(), s1.loadAverage);
                double others = machineBusy / Math.max(1, clockTicksPerSecond()) - selfCpu
                        - (s0.serverCpuNanos >= 0 ? (s1.serverCpuNanos - s0.serverCpuNanos) / 1e9 : 0);
                StringBuilder top = new StringBuilder();
                long self = ProcessHandle.current().pid();
                s1.processes.entrySet().stream()
                        .filter(e -> e.getKey() != self && e.getKey() != o.serverPid)
                        .map(e -> Map.entry(e.getValue().name(), e.getValue().cpuNanos()
                                - Optional.ofNullable(s0.processes.get(e.getKey())).map(ProcCpu::cpuNanos).orElse(0L)))
                        .filter(e -> e.getValue() > 500_000_000L)
                        .sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(4)
                        .forEach(e -> top.append(String.format(Locale.ROOT, "; %s %.1f CPU-s", e.getKey(),
                                e.getValue() / 1e9)));
                otherCores = others / seconds;
                System.out.printf(Locale.ROOT, "cpu used by everything else (other processes, kernel threads): "
                        + "%.1f CPU-s (%.2f cores; within +-0.1 core, the kernel counts in ticks)%s%n", others, others / seconds,
                        top);
                if (!Double.isNaN(itemsPerCpuSecond)) {
                    System.out.printf(Locale.ROOT, "server efficiency: %,.0f %s per server CPU-second%n",
                            itemsPerCpuSecond, item);
                }
            }
            double walPerItem = Double.NaN;
            double dirPerItem = Double.NaN;
            if (o.dataDir != null && after.walBytes >= 0 && allAckedItems > 0) {
                walPerItem = (double) after.walBytes / allAckedItems;
                dirPerItem = (double) after.dirAllocatedBytes / allAckedItems;
                System.out.printf(Locale.ROOT, "disk after the run (%,d %s acked in all): log (wal/) %,d bytes = %.1f "
                                + "B/%s; whole data dir %,d bytes allocated (%,d apparent) = %.1f B/%s%n",
                        allAckedItems, item, after.walBytes, walPerItem, singular(item), after.dirAllocatedBytes,
                        after.dirApparentBytes, dirPerItem, singular(item));
                if (s0 != null && s1 != null && s1.walBytes >= 0 && windowAckedItems > 0) {
                    System.out.printf(Locale.ROOT, "disk growth in the window: log %.1f B/%s, whole dir %.1f B/%s "
                                    + "(allocated)%n", (double) (s1.walBytes - s0.walBytes) / windowAckedItems,
                            singular(item), (double) (s1.dirAllocatedBytes - s0.dirAllocatedBytes) / windowAckedItems,
                            singular(item));
                }
            }
            if (!after.serverMetrics.isEmpty()) {
                System.out.println("server metrics after the run:");
                after.serverMetrics.forEach(l -> System.out.println("  " + l));
            }
            System.out.printf(Locale.ROOT, "RESULT label=%s target=%s signal=%s rate=%d batch=%d concurrency=%d "
                            + "duration_s=%.0f acked_per_s=%.0f min_second=%d p50_ms=%.2f p95_ms=%.2f p99_ms=%.2f "
                            + "max_ms=%.2f refused=%d failed=%d server_cores=%.2f items_per_cpu_s=%.0f "
                            + "wal_bytes_per_item=%.1f dir_bytes_per_item=%.1f other_cores=%.2f load=%s "
                            + "refused_in_window=%d refused_p50_ms=%.2f refused_p99_ms=%.2f refused_with_hint=%d%n",
                    o.label, o.target, o.signal.lower(), o.rate, o.batch, o.concurrency, seconds, rate, perSecond[0],
                    ms(latency, 50), ms(latency, 95), ms(latency, 99), latency.getMaxValue() / 1000.0, allRefused,
                    allFailed, serverCores, itemsPerCpuSecond, walPerItem, dirPerItem, otherCores,
                    s1 != null ? s1.loadAverage.replace(' ', '/') : "n/a", refusedOfIssued, ms(refusalTime, 50),
                    ms(refusalTime, 99), refusedWithHint);
        }

        private static double ms(Histogram h, double percentile) {
            return h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(percentile) / 1000.0;
        }
    }

    private static void parkUntil(long deadline) {
        long left;
        while ((left = deadline - System.nanoTime()) > 0) {
            LockSupport.parkNanos(left);
        }
    }

    private static String itemName(Signal s) {
        return switch (s) {
            case TRACES -> "spans";
            case LOGS -> "log records";
            case METRICS -> "points";
        };
    }

    private static String singular(String items) {
        return items.endsWith("s") ? items.substring(0, items.length() - 1) : items;
    }

    // --------------------------------------------------------------------------------------- measurements

    /** CPU, disk and load at one moment. Negative values: not available. */
    private static final class Snapshot {
        long serverCpuNanos = -1;
        String cpuSource = "none";
        long selfCpuNanos;
        long machineBusyTicks;
        long machineTotalTicks;
        long walBytes = -1;
        long dirAllocatedBytes = -1;
        long dirApparentBytes = -1;
        String loadAverage;
        List<String> serverMetrics = List.of();
        Map<Long, ProcCpu> processes = Map.of();

        static Snapshot take(Options o) {
            Snapshot s = new Snapshot();
            s.selfCpuNanos = ProcessHandle.current().info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
            if (o.serverPid > 0) {
                s.serverCpuNanos = procCpuNanos(o.serverPid);
                s.cpuSource = "/proc/" + o.serverPid + "/stat";
            }
            List<String> metrics = scrapeMetrics(o);
            if (s.serverCpuNanos < 0) {
                for (String line : metrics) {
                    if (line.startsWith("process_cpu_seconds_total")) {
                        s.serverCpuNanos = (long) (lastNumber(line) * 1e9);
                        s.cpuSource = "process_cpu_seconds_total";
                    } else if (line.startsWith("process_cpu_time_ns_total")) {
                        s.serverCpuNanos = (long) lastNumber(line);
                        s.cpuSource = "process_cpu_time_ns_total";
                    }
                }
            }
            List<String> interesting = new ArrayList<>();
            for (String line : metrics) {
                if (!line.startsWith("#") && line.contains("signal=\"" + o.signal.lower() + "\"")
                        && (line.startsWith("sightline_index_lag") || line.startsWith("sightline_wal_bytes")
                        || line.startsWith("sightline_wal_overload") || line.startsWith("sightline_ingest_items")
                        || line.startsWith("sightline_wal_fsyncs") || line.startsWith("sightline_wal_records"))) {
                    interesting.add(line);
                }
            }
            s.serverMetrics = interesting;
            long[] machine = machineTicks();
            s.machineBusyTicks = machine[0];
            s.machineTotalTicks = machine[1];
            s.loadAverage = loadAverage();
            s.processes = allProcesses();
            if (o.dataDir != null) {
                s.walBytes = apparentSize(o.dataDir.resolve("wal"));
                long[] du = du(o.dataDir);
                s.dirAllocatedBytes = du[0];
                s.dirApparentBytes = du[1];
            }
            return s;
        }
    }

    /** utime + stime of a process, from /proc/PID/stat (fields 14 and 15), in nanoseconds; -1 if unreadable. */
    static long procCpuNanos(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]); // fields 14, 15; f[0] is field 3
            return ticks * (1_000_000_000L / clockTicksPerSecond());
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static long clkTck;

    private static synchronized long clockTicksPerSecond() {
        if (clkTck == 0) {
            clkTck = 100; // USER_HZ on every mainstream Linux; confirmed below when getconf is there
            try {
                Process p = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
                if (p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0) {
                    clkTck = Long.parseLong(out);
                }
            } catch (IOException | RuntimeException | InterruptedException ignored) {
                // keep 100
            }
        }
        return clkTck;
    }

    /** A process's name and CPU time, for the "who else used the CPU" line of the report. */
    private record ProcCpu(String name, long cpuNanos) {
    }

    private static Map<Long, ProcCpu> allProcesses() {
        Map<Long, ProcCpu> out = new java.util.HashMap<>();
        try (Stream<Path> dirs = Files.list(Path.of("/proc"))) {
            dirs.map(p -> p.getFileName().toString()).filter(n -> n.chars().allMatch(Character::isDigit))
                    .forEach(n -> {
                        long pid = Long.parseLong(n);
                        long cpu = procCpuNanos(pid);
                        if (cpu >= 0) {
                            out.put(pid, new ProcCpu(procName(pid), cpu));
                        }
                    });
        } catch (IOException | RuntimeException ignored) {
            // best effort
        }
        return out;
    }

    private static String procName(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String comm = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
            byte[] cmd = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
            String line = new String(cmd, StandardCharsets.UTF_8).replace('\0', ' ').trim();
            if (!line.isEmpty()) {
                String[] words = line.split(" ");
                String last = words[words.length - 1];
                return comm + " (" + (last.length() > 60 ? last.substring(last.length() - 60) : last) + ")";
            }
            return comm;
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }

    /** Busy and total jiffies of the whole machine, from the first line of /proc/stat. */
    private static long[] machineTicks() {
        try {
            String cpu = Files.readAllLines(Path.of("/proc/stat")).get(0);
            String[] f = cpu.trim().split("\\s+");
            long total = 0;
            long idle = 0;
            for (int i = 1; i < f.length && i <= 8; i++) {
                long v = Long.parseLong(f[i]);
                total += v;
                if (i == 4 || i == 5) { // idle, iowait
                    idle += v;
                }
            }
            return new long[] {total - idle, total};
        } catch (IOException | RuntimeException e) {
            return new long[] {0, 0};
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

    private static long apparentSize(Path dir) {
        if (!Files.isDirectory(dir)) {
            return -1;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    return 0; // deleted meanwhile (retention)
                }
            }).sum();
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** {allocated, apparent} bytes of a directory tree, via du (sparse Chronicle Map files differ a lot). */
    private static long[] du(Path dir) {
        long apparent = apparentSize(dir);
        long allocated = apparent;
        try {
            Process p = new ProcessBuilder("du", "-s", "-B1", dir.toString()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
            if (p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0) {
                allocated = Long.parseLong(out.split("\\s+")[0]);
            }
        } catch (IOException | RuntimeException | InterruptedException ignored) {
            // keep the apparent size
        }
        return new long[] {allocated, apparent};
    }

    private static List<String> scrapeMetrics(Options o) {
        if (o.metricsUrl.isEmpty()) {
            return List.of();
        }
        try {
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(o.metricsUrl))
                    .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? r.body().lines().toList() : List.of();
        } catch (IOException | RuntimeException e) {
            return List.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
    }

    private static double lastNumber(String line) {
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
    }

    // ---------------------------------------------------------------------------------------------- gRPC

    /**
     * grpc-java over Netty, calling the OTLP services' Export methods by the names the generated stubs declare,
     * with the request as ready-made bytes (a pass-through marshaller) and the response parsed for its
     * partial-success count.
     */
    private static final class GrpcTransport implements Transport {
        private final List<io.grpc.ManagedChannel> channels = new ArrayList<>();
        private final io.grpc.MethodDescriptor<byte[], byte[]> method;
        private final Signal signal;
        private final Duration timeout;
        private final AtomicLong next = new AtomicLong();

        GrpcTransport(Options o) {
            this.signal = o.signal;
            this.timeout = o.timeout;
            String name = switch (o.signal) {
                case TRACES -> io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc.getExportMethod()
                        .getFullMethodName();
                case LOGS -> io.opentelemetry.proto.collector.logs.v1.LogsServiceGrpc.getExportMethod()
                        .getFullMethodName();
                case METRICS -> io.opentelemetry.proto.collector.metrics.v1.MetricsServiceGrpc.getExportMethod()
                        .getFullMethodName();
            };
            this.method = io.grpc.MethodDescriptor.<byte[], byte[]>newBuilder()
                    .setType(io.grpc.MethodDescriptor.MethodType.UNARY)
                    .setFullMethodName(name)
                    .setRequestMarshaller(RawBytesMarshaller.INSTANCE)
                    .setResponseMarshaller(RawBytesMarshaller.INSTANCE)
                    .build();
            for (int i = 0; i < o.connections; i++) {
                channels.add(io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder.forAddress(o.host, o.grpcPort)
                        .usePlaintext()
                        .directExecutor()
                        .maxInboundMessageSize(16 << 20)
                        .flowControlWindow(8 << 20)
                        .build());
            }
        }

        @Override
        public CompletableFuture<Answer> send(byte[] body) {
            CompletableFuture<Answer> f = new CompletableFuture<>();
            io.grpc.ManagedChannel channel = channels.get((int) (next.getAndIncrement() % channels.size()));
            io.grpc.ClientCall<byte[], byte[]> call = channel.newCall(method,
                    io.grpc.CallOptions.DEFAULT.withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS));
            io.grpc.stub.ClientCalls.asyncUnaryCall(call, body, new io.grpc.stub.StreamObserver<>() {
                @Override
                public void onNext(byte[] response) {
                    f.complete(new Answer(Outcome.ACKED, rejected(signal, response), ""));
                }

                @Override
                public void onError(Throwable t) {
                    io.grpc.Status status = io.grpc.Status.fromThrowable(t);
                    boolean refusal = status.getCode() == io.grpc.Status.Code.UNAVAILABLE
                            || status.getCode() == io.grpc.Status.Code.RESOURCE_EXHAUSTED;
                    f.complete(new Answer(refusal ? Outcome.REFUSED : Outcome.FAILED, 0,
                            status.getCode() + ": " + status.getDescription(), refusal && hasRetryInfo(t)));
                }

                @Override
                public void onCompleted() {
                    f.complete(Answer.failed("completed without a response"));
                }
            });
            return f;
        }

        @Override
        public void close() {
            for (io.grpc.ManagedChannel c : channels) {
                c.shutdownNow();
            }
        }
    }

    private static boolean hasRetryInfo(Throwable t) {
        com.google.rpc.Status details = io.grpc.protobuf.StatusProto.fromThrowable(t);
        return details != null && details.getDetailsList().stream().anyMatch(d -> d.is(com.google.rpc.RetryInfo.class));
    }

    /** The partial-success rejected count of an export response (0 when absent or unreadable). */
    private static long rejected(Signal signal, byte[] response) {
        try {
            return switch (signal) {
                case TRACES -> io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse.parseFrom(response)
                        .getPartialSuccess().getRejectedSpans();
                case LOGS -> io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse.parseFrom(response)
                        .getPartialSuccess().getRejectedLogRecords();
                case METRICS -> io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse
                        .parseFrom(response).getPartialSuccess().getRejectedDataPoints();
            };
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            return 0;
        }
    }

    // ---------------------------------------------------------------------------------------------- HTTP

    /** java.net.http over HTTP/1.1 (one connection per request in flight), application/x-protobuf bodies. */
    private static final class HttpTransport implements Transport {
        private final HttpClient client;
        private final URI uri;
        private final Signal signal;
        private final Duration timeout;
        private final java.util.concurrent.ExecutorService executor;

        HttpTransport(Options o) {
            this.signal = o.signal;
            this.timeout = o.timeout;
            this.uri = URI.create("http://" + o.host + ":" + o.httpPort + "/v1/" + o.signal.lower());
            this.executor = Executors.newFixedThreadPool(2, r -> {
                Thread t = new Thread(r, "load-http");
                t.setDaemon(true);
                return t;
            });
            this.client = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5))
                    .executor(executor)
                    .build();
        }

        @Override
        public CompletableFuture<Answer> send(byte[] body) {
            HttpRequest request = HttpRequest.newBuilder(uri)
                    .timeout(timeout)
                    .header("Content-Type", "application/x-protobuf")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                    .build();
            return client.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()).handle((r, t) -> {
                if (t != null) {
                    return Answer.failed(t.getClass().getSimpleName() + ": " + t.getMessage());
                }
                int code = r.statusCode();
                if (code == 200) {
                    return new Answer(Outcome.ACKED, rejected(signal, r.body()), "");
                }
                if (code == 503 || code == 429) {
                    return new Answer(Outcome.REFUSED, 0, "HTTP " + code,
                            r.headers().firstValue("Retry-After").isPresent());
                }
                return Answer.failed("HTTP " + code + ": "
                        + new String(r.body(), 0, Math.min(200, r.body().length), StandardCharsets.UTF_8));
            });
        }

        @Override
        public void close() {
            executor.shutdownNow();
        }
    }

    // ------------------------------------------------------------------------------------------- options

    private static final class Options {
        String target = "grpc";
        Signal signal = Signal.TRACES;
        long rate;
        int batch = 512;
        int concurrency = 16;
        int connections = 2;
        int pool = 32;
        Duration duration = Duration.ofSeconds(60);
        Duration warmup = Duration.ofSeconds(10);
        Duration timeout = Duration.ofSeconds(30);
        Duration settle = Duration.ofSeconds(3);
        Duration refusalBackoff = Duration.ofMillis(20);
        String host = "127.0.0.1";
        int grpcPort = 4317;
        int httpPort = 4318;
        long serverPid;
        Path dataDir;
        String metricsUrl = "http://127.0.0.1:16686/q/metrics";
        long maxRequests = 2_000_000;
        String label = "";

        static Options parse(String[] args) {
            Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                if (a.equals("--help") || a.equals("-h")) {
                    usage(null);
                }
                if (!a.startsWith("--") || i + 1 >= args.length) {
                    usage("bad argument: " + a);
                }
                String v = args[++i];
                switch (a) {
                    case "--target" -> o.target = v;
                    case "--signal" -> o.signal = Signal.parse(v);
                    case "--rate" -> o.rate = Long.parseLong(v);
                    case "--batch" -> o.batch = Integer.parseInt(v);
                    case "--concurrency" -> o.concurrency = Integer.parseInt(v);
                    case "--connections" -> o.connections = Integer.parseInt(v);
                    case "--pool" -> o.pool = Integer.parseInt(v);
                    case "--duration" -> o.duration = duration(v);
                    case "--warmup" -> o.warmup = duration(v);
                    case "--timeout" -> o.timeout = duration(v);
                    case "--settle" -> o.settle = duration(v);
                    case "--refusal-backoff" -> o.refusalBackoff = duration(v);
                    case "--host" -> o.host = v;
                    case "--grpc-port" -> o.grpcPort = Integer.parseInt(v);
                    case "--http-port" -> o.httpPort = Integer.parseInt(v);
                    case "--server-pid" -> o.serverPid = Long.parseLong(v);
                    case "--data-dir" -> o.dataDir = Path.of(v);
                    case "--metrics-url" -> o.metricsUrl = v;
                    case "--max-requests" -> o.maxRequests = Long.parseLong(v);
                    case "--label" -> o.label = v;
                    default -> usage("unknown option: " + a);
                }
            }
            if (!o.target.equals("grpc") && !o.target.equals("http")) {
                usage("--target must be grpc or http");
            }
            if (o.batch < 1 || o.concurrency < 1 || o.connections < 1 || o.pool < 1 || o.rate < 0) {
                usage("--batch, --concurrency, --connections and --pool must be positive, --rate not negative");
            }
            if (o.duration.compareTo(Duration.ofSeconds(1)) < 0 || o.duration.compareTo(Duration.ofMinutes(30)) > 0
                    || o.warmup.isNegative() || o.warmup.compareTo(Duration.ofMinutes(10)) > 0) {
                usage("--duration must be 1s..30m and --warmup 0..10m (every run is bounded)");
            }
            if (!isLoopback(o.host)) {
                usage("--host must be a loopback address: this tool loads only this machine");
            }
            return o;
        }

        private static boolean isLoopback(String host) {
            try {
                return java.net.InetAddress.getByName(host).isLoopbackAddress();
            } catch (java.net.UnknownHostException e) {
                return false;
            }
        }

        static Duration duration(String v) {
            String s = v.trim().toLowerCase(Locale.ROOT);
            if (s.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2)));
            }
            if (s.endsWith("s")) {
                return Duration.ofMillis(Math.round(Double.parseDouble(s.substring(0, s.length() - 1)) * 1000));
            }
            if (s.endsWith("m")) {
                return Duration.ofMillis(Math.round(Double.parseDouble(s.substring(0, s.length() - 1)) * 60_000));
            }
            return Duration.ofMillis(Math.round(Double.parseDouble(s) * 1000));
        }

        private static void usage(String problem) {
            if (problem != null) {
                System.err.println(problem);
            }
            System.err.println("""
                    usage: LoadGenerator [options]
                      --target grpc|http        transport (default grpc)
                      --signal traces|logs|metrics
                      --rate N                  items/s, open-loop paced; 0 = as fast as possible (default 0)
                      --batch N                 items per request (default 512)
                      --concurrency C           requests in flight at most (default 16)
                      --connections N           gRPC channels, round robin (default 2)
                      --duration 60s            measured window (1s..30m)
                      --warmup 10s              unmeasured lead-in
                      --timeout 30s             per-request deadline
                      --host 127.0.0.1 --grpc-port 4317 --http-port 4318   (loopback only)
                      --server-pid PID          server CPU from /proc/PID/stat (else from --metrics-url)
                      --data-dir DIR            the server's data directory, for bytes on disk per item
                      --metrics-url URL         default http://127.0.0.1:16686/q/metrics ("" = none)
                      --pool N                  distinct request templates (default 32)
                      --max-requests N          hard bound on requests sent (default 2000000)
                      --refusal-backoff 20ms    closed loop: pause of a slot after a refusal
                      --settle 3s               wait after the run before measuring the data dir
                      --label NAME              name in the RESULT line
                    """);
            System.exit(problem == null ? 0 : 2);
        }
    }
}
