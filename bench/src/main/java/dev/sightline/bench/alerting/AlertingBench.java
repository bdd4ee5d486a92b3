package dev.sightline.bench.alerting;

import dev.sightline.alerting.alert.AlertInstance;
import dev.sightline.alerting.alert.AlertKind;
import dev.sightline.alerting.alert.AlertState;
import dev.sightline.alerting.alert.AlertStateStore;
import dev.sightline.alerting.config.DefinitionRegistry;
import dev.sightline.alerting.engine.AlertView;
import dev.sightline.alerting.engine.AlertingEngine;
import dev.sightline.alerting.engine.EvaluationLoop;
import dev.sightline.alerting.engine.MuteStage;
import dev.sightline.alerting.engine.RoundReport;
import dev.sightline.alerting.evidence.EvidenceFinder;
import dev.sightline.alerting.notify.NotificationDispatcher;
import dev.sightline.alerting.notify.NotificationSettings;
import dev.sightline.alerting.notify.Receiver;
import dev.sightline.alerting.rule.RuleAlertSource;
import dev.sightline.alerting.rule.RuleConditions;
import dev.sightline.alerting.rule.RuleFile;
import dev.sightline.alerting.rule.RuleRegistry;
import dev.sightline.alerting.runbook.RunbookCatalog;
import dev.sightline.alerting.silence.Inhibition;
import dev.sightline.alerting.silence.Matcher;
import dev.sightline.alerting.silence.NotificationFilter;
import dev.sightline.alerting.silence.SilenceRequest;
import dev.sightline.alerting.silence.SilenceStore;
import dev.sightline.alerting.slo.BurnRateAlerts;
import dev.sightline.alerting.slo.SliHistoryStore;
import dev.sightline.alerting.slo.SloAlertSource;
import dev.sightline.alerting.slo.SloDefinition;
import dev.sightline.alerting.slo.SloFile;
import dev.sightline.alerting.slo.SloRegistry;
import dev.sightline.alerting.slo.SloTracker;
import dev.sightline.alerting.storage.AlertingDatabase;
import dev.sightline.query.metrics.MetricLimits;
import dev.sightline.query.metrics.RangeQueryEngine;
import dev.sightline.query.metrics.ServiceSaturation;
import dev.sightline.store.StoreConfig;
import dev.sightline.store.codec.BinaryBatchCodec;
import dev.sightline.store.engine.EmbeddedStore;

import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * The alerting benchmark of issue 4: "1,000 SLOs and 1,000 rules over 200 services: one evaluation round &lt; 1 s;
 * a webhook is delivered within evaluation interval + 5 s of its condition becoming true".
 *
 * <p>In one JVM: a real {@link EmbeddedStore} on a fresh temporary directory is loaded with {@link Traffic} (three
 * days and an hour of history ending at a chosen "now", the store's clock set to it); the engine is assembled as
 * the server's {@code AlertingBeans} does it (SLO and rule registries over real YAML files and the real parsers,
 * the SLO tracker, rule conditions, evidence search, silences with inhibition, the notification dispatcher with one
 * webhook receiver on loopback, all over an H2 alerting database), without the server's ingest-push-back alert.
 *
 * <ol>
 *   <li><b>Simulated rounds.</b> The first round at "now" (it backfills every SLO's history), then
 *       {@code --rounds} rounds 15 s of simulated time apart, the new 15 s of traffic appended and indexed before
 *       each (and a failure burst on one service every 15th round, so alerts fire, find evidence and notify).</li>
 *   <li><b>Restart.</b> The engine is stopped as the server stops it (SLO histories saved, the alerting database
 *       closed), {@code --restart-gap} minutes of traffic are appended, and a second engine is assembled on the
 *       same alerting directory and store; its first round (histories restored, the minutes since the save read)
 *       is timed beside the cold first round. The live phase runs on this second engine.</li>
 *   <li><b>Live webhook latency.</b> The clock switches to the system clock, the gap is filled with traffic, a
 *       thread appends live traffic every second, and the real {@link EvaluationLoop} runs every
 *       {@code --interval}. At random moments a burst of failed requests for one quiet service is appended,
 *       timestamped now, which makes that service's {@code HighErrorRate} rule true once indexed; the time from
 *       then to the webhook's arrival is measured.</li>
 * </ol>
 */
public final class AlertingBench {
    private static final String ROUND_THREAD = "main";

    private final Options o;
    private final PrintWriter log;
    private final BenchClock clock;
    private final Instant start;
    /** Held so the handler below stays attached (JUL keeps loggers weakly). */
    private final java.util.logging.Logger sloLog = java.util.logging.Logger.getLogger("dev.sightline.alerting.slo");

    private record Options(int services, double perMinute, double days, int rounds, int restartMinutes, int samples,
                           Duration interval, int burst, Path out, boolean profile, boolean keep, long seed) {
    }

    private record Round(int index, Instant at, long tookNanos, int definitions, long pending, long firing,
                         long resolved, long suppressed, int errors, Map<String, Long> parts) {
    }

    private AlertingBench(Options o, PrintWriter log) {
        this.o = o;
        this.log = log;
        // "Now" of the simulated rounds: 20 minutes ago, so the simulated rounds (15 min) and the restart gap
        // (5 min) stay behind the system clock and the live phase starts soon after them.
        this.start = Instant.now().minus(Duration.ofMinutes(20)).truncatedTo(ChronoUnit.SECONDS);
        this.clock = new BenchClock(start);
        // The SLO tracker's and history store's log lines (restored histories, failed saves) go into the results.
        sloLog.addHandler(new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord r) {
                if (r.getLevel().intValue() >= java.util.logging.Level.INFO.intValue()) {
                    say("  [" + r.getLoggerName().substring(r.getLoggerName().lastIndexOf('.') + 1) + "] "
                            + format(r));
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        });
    }

    private static String format(java.util.logging.LogRecord r) {
        Object[] params = r.getParameters();
        if (params == null || params.length == 0) {
            return r.getMessage();
        }
        try {
            return String.format(Locale.ROOT, r.getMessage(), params);
        } catch (java.util.IllegalFormatException e) {
            return java.text.MessageFormat.format(r.getMessage(), params);
        }
    }

    public static void main(String[] args) throws Exception {
        Options o = parse(args);
        Files.createDirectories(o.out());
        try (PrintWriter log = new PrintWriter(Files.newBufferedWriter(o.out().resolve("results.txt"),
                StandardCharsets.UTF_8), true)) {
            new AlertingBench(o, log).run();
        }
        System.exit(0);
    }

    private void say(String line) {
        System.out.println(line);
        log.println(line);
    }

    private void run() throws Exception {
        Path dir = Files.createTempDirectory("sightline-abench-");
        say(String.format(Locale.ROOT, "alerting bench: %d services, %.1f spans per service-operation-minute, "
                        + "%.2f days + 1 h of history to %s, %d steady rounds, restart after %d min, %d webhook "
                        + "samples, interval %ds; dir %s", o.services(), o.perMinute(), o.days(), start, o.rounds(),
                o.restartMinutes(), o.samples(), o.interval().toSeconds(), dir));
        say("machine: " + uptime());
        Traffic traffic = new Traffic(o.services(), o.perMinute(), o.seed());
        EmbeddedStore store = EmbeddedStore.open(StoreConfig.defaults(dir.resolve("store")), new BinaryBatchCodec(),
                clock);
        try {
            if (!store.awaitReady(Duration.ofSeconds(60))) {
                throw new IllegalStateException("store not ready");
            }
            load(store, traffic);
            say(String.format(Locale.ROOT, "heap used after GC, store loaded: %.0f MiB", heapAfterGc()));
            bench(store, traffic, dir);
        } finally {
            store.close();
            if (!o.keep()) {
                deleteTree(dir);
            } else {
                say("data kept in " + dir);
            }
        }
    }

    // -------------------------------------------------------------------------------------------------- load

    private void load(EmbeddedStore store, Traffic traffic) throws Exception {
        long minute = 60_000_000_000L;
        long end = nanos(start);
        long from = Math.floorDiv(end, minute) * minute - (long) (o.days() * 1440) * minute - 60 * minute;
        long t0 = System.nanoTime();
        long cpu0 = processCpuNanos();
        long next = from;
        long reportEvery = 360 * minute;
        long nextReport = from + reportEvery;
        while (next < end) {
            long to = Math.min(end, next + minute);
            traffic.append(store, traffic.interval(next, to));
            next = to;
            if (next >= nextReport) {
                double s = (System.nanoTime() - t0) / 1e9;
                System.out.printf(Locale.ROOT, "  loaded to %s: %,d spans acked, %.0f s%n",
                        Instant.ofEpochSecond(0, next), traffic.spansAcked(), s);
                nextReport += reportEvery;
            }
        }
        traffic.drain();
        double appendSeconds = (System.nanoTime() - t0) / 1e9;
        if (!store.awaitIndexed(Duration.ofMinutes(10))) {
            throw new IllegalStateException("not indexed within 10 minutes");
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        double cpu = (processCpuNanos() - cpu0) / 1e9;
        say(String.format(Locale.ROOT, "load: %,d spans from %s to %s in %.1f s (appended in %.1f s), %,.0f spans/s, "
                        + "%d refusals retried, process CPU %.0f s (%.2f cores); machine: %s",
                traffic.spansAcked(), Instant.ofEpochSecond(0, from), start, seconds, appendSeconds,
                traffic.spansAcked() / seconds, traffic.refusals(), cpu, cpu / seconds, uptime()));
    }

    // ------------------------------------------------------------------------------------------------- bench

    private void bench(EmbeddedStore store, Traffic traffic, Path dir) throws Exception {
        Path sloFile = dir.resolve("slos.yaml");
        Path ruleFile = dir.resolve("rules.yaml");
        Definitions.writeSloFile(sloFile, o.services());
        Definitions.writeRuleFile(ruleFile, o.services());
        say(String.format(Locale.ROOT, "definitions: %s (%,d bytes), %s (%,d bytes)", sloFile.getFileName(),
                Files.size(sloFile), ruleFile.getFileName(), Files.size(ruleFile)));

        WebhookSink sink = new WebhookSink();
        Path alertingDir = dir.resolve("alerting");
        Assembly first = assemble(store, AlertingDatabase.open(alertingDir), sloFile, ruleFile, sink, true);
        Assembly current = first;
        try {
            simulated(store, traffic, first.engine(), first.timer(), sink);
            if (o.restartMinutes() > 0) {
                current = null;
                current = restart(store, traffic, first, alertingDir, sloFile, ruleFile, sink);
            }
            if (o.samples() > 0) {
                live(store, traffic, current.engine(), current.timer(), sink);
            }
            say(String.format(Locale.ROOT, "webhook receiver: %d requests, %,d bytes in all", sink.requests(),
                    sink.bytes()));
        } finally {
            if (current != null) {
                current.close();
            }
            sink.close();
        }
    }

    /** One engine over one open alerting database, as {@code AlertingBeans} builds it; closed as the server does. */
    private record Assembly(AlertingDatabase db, SloTracker tracker, NotificationDispatcher dispatcher,
                            RoundTimer timer, AlertingEngine engine) {
        /** As {@code AlertingLifecycle.stop}: the SLO histories saved, deliveries drained, the file closed. */
        void close() {
            tracker.save();
            dispatcher.close();
            db.close();
        }
    }

    /**
     * Registries over the files, silences (created once: they are in the database after), the dispatcher, the SLO
     * tracker with its history store, rule conditions and the engine, every seam wrapped by a new {@link RoundTimer}.
     */
    private Assembly assemble(EmbeddedStore store, AlertingDatabase db, Path sloFile, Path ruleFile, WebhookSink sink,
                              boolean createSilences) {
        RunbookCatalog runbooks = new RunbookCatalog(Optional.empty());
        long p0 = System.nanoTime();
        SloRegistry slos = new SloRegistry(new DefinitionRegistry<>("slo", Optional.of(sloFile),
                new SloFile(runbooks::exists), SloDefinition::name, db, clock));
        RuleRegistry rules = new RuleRegistry(Optional.of(ruleFile), new RuleFile(runbooks::exists), db, clock);
        long parseMillis = (System.nanoTime() - p0) / 1_000_000;
        if (slos.problem() != null || rules.problem() != null) {
            throw new IllegalStateException("definitions refused: " + slos.problem() + " / " + rules.problem());
        }
        say(String.format(Locale.ROOT, "registries: %d SLOs, %d rules, files read and parsed in %d ms",
                slos.active().size(), rules.active().size(), parseMillis));

        SilenceStore silences = new SilenceStore(db, clock);
        if (createSilences) {
            for (int team = 0; team < 10; team++) {
                silences.create(new SilenceRequest(List.of(Matcher.regex("alertname", "HighLatency:.*"),
                        Matcher.equal("team", "team-" + team)), null, start.plus(Duration.ofDays(7)), "bench",
                        "latency tickets of team " + team + " are known"));
            }
        }
        // The sink listens on loopback: opted in, as an operator would for a receiver on the same machine.
        Receiver receiver = Receiver.of("bench", sink.url()).withGrouping(null, Duration.ZERO, null, null)
                .withConnection(null, true);
        String base = "http://127.0.0.1:16686";
        NotificationDispatcher dispatcher = NotificationDispatcher.start(db, clock, List.of(receiver),
                NotificationSettings.defaults(base, "bench"));
        // As AlertingBeans: histories saved to (and at a start restored from) the alerting database.
        SloTracker tracker = new SloTracker(store, new SliHistoryStore(db));
        RuleConditions conditions = new RuleConditions(store, store, new ServiceSaturation(store),
                new RangeQueryEngine(store, MetricLimits.defaults()));
        RoundTimer timer = new RoundTimer();
        AlertingEngine engine = new AlertingEngine(
                List.of(timer.source(new SloAlertSource(slos, tracker, new BurnRateAlerts(tracker)), "slo-update",
                                "slo-conditions"),
                        timer.source(new RuleAlertSource(rules, conditions), "rule-defs", "rule-conditions")),
                new AlertStateStore(db), Duration.ofMinutes(15), base,
                new EvidenceFinder(timer.traces(store), timer.logs(store), id -> base + "/traces/" + id),
                timer.suppressor(new MuteStage(new NotificationFilter(silences, Inhibition.defaults()))),
                timer.sink(dispatcher::process));
        return new Assembly(db, tracker, dispatcher, timer, engine);
    }

    /**
     * A process restart after the steady rounds: the first engine is stopped as the server stops it (SLO histories
     * saved synchronously, deliveries drained, the H2 file closed), the clock moves on {@code --restart-gap}
     * minutes whose traffic is appended and indexed, and a second engine is assembled on the same alerting
     * directory and store; its first round restores the saved histories and reads only the minutes since the save.
     */
    private Assembly restart(EmbeddedStore store, Traffic traffic, Assembly first, Path alertingDir, Path sloFile,
                             Path ruleFile, WebhookSink sink) throws Exception {
        Instant stopped = first.engine().lastRound().at();
        long t0 = System.nanoTime();
        first.tracker().save();
        long saveNanos = System.nanoTime() - t0;
        String saved = savedHistories(first.db());
        long t1 = System.nanoTime();
        first.dispatcher().close();
        first.db().close();
        long closeNanos = System.nanoTime() - t1;
        say(String.format(Locale.ROOT, "restart: SLO histories saved in %.0f ms (%s), dispatcher and database closed "
                        + "in %.0f ms; machine: %s", saveNanos / 1e6, saved, closeNanos / 1e6, uptime()));

        Instant now = stopped.plus(Duration.ofMinutes(o.restartMinutes()));
        long minute = 60_000_000_000L;
        for (long t = nanos(stopped); t < nanos(now); t += minute) {
            clock.set(Instant.ofEpochSecond(0, Math.min(nanos(now), t + minute)));
            traffic.append(store, traffic.interval(t, Math.min(nanos(now), t + minute)));
        }
        clock.set(now);
        traffic.drain();
        if (!store.awaitIndexed(Duration.ofSeconds(60))) {
            throw new IllegalStateException("not indexed within 60 s");
        }
        long a0 = System.nanoTime();
        Assembly second = assemble(store, AlertingDatabase.open(alertingDir), sloFile, ruleFile, sink, false);
        long assembleNanos = System.nanoTime() - a0;
        say(String.format(Locale.ROOT, "restart: %d minutes of traffic appended and indexed; second engine assembled "
                + "in %.0f ms (database opened, definitions read)", o.restartMinutes(), assembleNanos / 1e6));
        say("machine before the restart round: " + uptime());
        second.timer().takeNanos();
        RoundReport rep = second.engine().evaluate(now);
        Round r = round(0, rep, second.timer().takeNanos());
        say("restart round (" + o.restartMinutes() + " min after the last round): " + describe(r)
                + "; machine: " + uptime());
        say("  alerts by kind and state after it: " + byKind(rep));
        if (!rep.errors().isEmpty()) {
            say("  errors: " + rep.errors().entrySet().stream().limit(5).toList());
        }
        try (PrintWriter csv = new PrintWriter(Files.newBufferedWriter(o.out().resolve("rounds.csv"),
                java.nio.file.StandardOpenOption.APPEND))) {
            csv.println(csvLine(r).replaceFirst("^0,", "restart,"));
        }
        return second;
    }

    /** Rows and compressed bytes of the saved SLO histories. */
    private static String savedHistories(AlertingDatabase db) {
        try (java.sql.Connection c = db.connection();
             java.sql.Statement s = c.createStatement();
             java.sql.ResultSet rs = s.executeQuery("SELECT COUNT(*), COALESCE(SUM(OCTET_LENGTH(data)), 0) "
                     + "FROM slo_history")) {
            rs.next();
            return String.format(Locale.ROOT, "%d histories, %.1f MiB compressed", rs.getLong(1),
                    rs.getLong(2) / 1048576.0);
        } catch (java.sql.SQLException e) {
            return "saved size unknown: " + e.getMessage();
        }
    }

    private List<Round> simulated(EmbeddedStore store, Traffic traffic, AlertingEngine engine, RoundTimer timer,
                                  WebhookSink sink) throws Exception {
        say("machine before the first round: " + uptime());
        JfrSummary jfr = o.profile() ? JfrSummary.start("first-round") : null;
        timer.takeNanos();
        RoundReport first = engine.evaluate(start);
        Round r0 = round(0, first, timer.takeNanos());
        if (jfr != null) {
            say("profile of the first round (JFR):\n" + jfr.stop(o.out().resolve("first-round.jfr"), ROUND_THREAD,
                    25));
        }
        say("first round (SLO backfill): " + describe(r0) + "; machine: " + uptime());
        say("  alerts by kind and state after it: " + byKind(first));
        if (!first.errors().isEmpty()) {
            say("  errors: " + first.errors().entrySet().stream().limit(5).toList());
        }
        say(String.format(Locale.ROOT, "heap used after GC, after the first round: %.0f MiB", heapAfterGc()));

        try (PrintWriter csv = new PrintWriter(Files.newBufferedWriter(o.out().resolve("rounds.csv")))) {
            csv.println("round,at,took_ms,definitions,pending,firing,resolved,suppressed,errors,"
                    + String.join(",", RoundTimer.PARTS));
            csv.println(csvLine(r0));
            List<Round> steady = new ArrayList<>();
            Random random = new Random(o.seed() + 1);
            say("machine before the steady rounds: " + uptime());
            jfr = o.profile() ? JfrSummary.start("steady-rounds") : null;
            Instant now = start;
            for (int i = 1; i <= o.rounds(); i++) {
                Instant next = now.plusSeconds(15);
                clock.set(next);
                traffic.append(store, traffic.interval(nanos(now), nanos(next)));
                if (i % 15 == 5) {
                    int s = random.nextInt(o.services());
                    traffic.append(store, traffic.burst(s, o.burst(), nanos(next), 10_000_000_000L));
                    System.out.println("  round " + i + ": failure burst for " + Traffic.service(s));
                }
                traffic.drain();
                if (!store.awaitIndexed(Duration.ofSeconds(60))) {
                    throw new IllegalStateException("not indexed within 60 s");
                }
                now = next;
                timer.takeNanos();
                RoundReport rep = engine.evaluate(now);
                Round r = round(i, rep, timer.takeNanos());
                steady.add(r);
                csv.println(csvLine(r));
                if (i % 10 == 0 || r.tookNanos() >= 1_000_000_000L) {
                    System.out.println("  round " + i + ": " + describe(r));
                }
            }
            if (jfr != null) {
                say("profile of the steady rounds (JFR):\n" + jfr.stop(o.out().resolve("steady-rounds.jfr"),
                        ROUND_THREAD, 25));
            }
            say("machine after the steady rounds: " + uptime());
            say("  alerts by kind and state after the last round: " + byKind(engine.lastRound()));
            summarize(steady);
            say(String.format(Locale.ROOT, "heap used after GC, after %d steady rounds: %.0f MiB", steady.size(),
                    heapAfterGc()));
            say(String.format(Locale.ROOT, "webhooks during the simulated rounds: %d requests", sink.requests()));
            return steady;
        }
    }

    private void summarize(List<Round> steady) {
        long[] took = steady.stream().mapToLong(Round::tookNanos).sorted().toArray();
        say(String.format(Locale.ROOT, "steady rounds: n=%d, p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms, "
                        + "mean %.1f ms; rounds >= 1 s: %d",
                took.length, pct(took, 50), pct(took, 90), pct(took, 99), took[took.length - 1] / 1e6,
                Arrays.stream(took).average().orElse(0) / 1e6, Arrays.stream(took).filter(t -> t >= 1e9).count()));
        StringBuilder parts = new StringBuilder("steady rounds, mean ms per part:");
        for (String p : RoundTimer.PARTS) {
            parts.append(String.format(Locale.ROOT, " %s %.1f;", p,
                    steady.stream().mapToLong(r -> r.parts().get(p)).average().orElse(0) / 1e6));
        }
        parts.append(String.format(Locale.ROOT, " rest (lifecycle, state save) %.1f",
                steady.stream().mapToLong(r -> r.tookNanos() - r.parts().values().stream().mapToLong(Long::longValue)
                        .sum()).average().orElse(0) / 1e6));
        say(parts.toString());
        say(String.format(Locale.ROOT, "steady rounds: definitions %d-%d; pending %d-%d, firing %d-%d, resolved %d-%d, "
                        + "suppressed %d-%d, errors %d-%d",
                min(steady, r -> r.definitions()), max(steady, r -> r.definitions()),
                min(steady, r -> r.pending()), max(steady, r -> r.pending()),
                min(steady, r -> r.firing()), max(steady, r -> r.firing()),
                min(steady, r -> r.resolved()), max(steady, r -> r.resolved()),
                min(steady, r -> r.suppressed()), max(steady, r -> r.suppressed()),
                min(steady, r -> r.errors()), max(steady, r -> r.errors())));
    }

    // -------------------------------------------------------------------------------------------------- live

    private void live(EmbeddedStore store, Traffic traffic, AlertingEngine engine, RoundTimer timer,
                      WebhookSink sink)
            throws Exception {
        clock.followSystem();
        Instant last = engine.lastRound().at();
        Instant now = Instant.now();
        long minute = 60_000_000_000L;
        for (long t = nanos(last); t < nanos(now); t += minute) {
            traffic.append(store, traffic.interval(t, Math.min(nanos(now), t + minute)));
        }
        traffic.drain();
        store.awaitIndexed(Duration.ofSeconds(60));
        say(String.format(Locale.ROOT, "live phase: gap of %d s since the last simulated round filled with traffic",
                Duration.between(last, now).toSeconds()));
        AtomicBoolean running = new AtomicBoolean(true);
        Instant[] liveFrom = {now};
        Thread liveTraffic = new Thread(() -> {
            while (running.get()) {
                try {
                    Thread.sleep(1000);
                    Instant to = Instant.now();
                    traffic.append(store, traffic.interval(nanos(liveFrom[0]), nanos(to)));
                    liveFrom[0] = to;
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    System.err.println("live traffic: " + e);
                }
            }
        }, "bench-live-traffic");
        liveTraffic.setDaemon(true);
        liveTraffic.start();

        EvaluationLoop loop = new EvaluationLoop(engine, clock, o.interval());
        loop.start(Duration.ZERO);
        Random random = new Random(o.seed() + 2);
        List<Integer> quiet = new ArrayList<>();
        for (int s = 0; s < o.services(); s++) {
            if (traffic.errorRatio(s) < 0.012) {
                quiet.add(s);
            }
        }
        Collections.shuffle(quiet, random);
        List<double[]> samples = new ArrayList<>();
        try (PrintWriter csv = new PrintWriter(Files.newBufferedWriter(o.out().resolve("webhook-samples.csv")))) {
            csv.println("sample,service,indexed_at,round_at,arrived_at,latency_ms,wait_for_round_ms,"
                    + "round_to_arrival_ms,round_took_ms");
            // Let the first live round (which reads the gap) pass.
            Thread.sleep(o.interval().toMillis() + 2000);
            say("machine at the start of the samples: " + uptime());
            int next = 0;
            for (int i = 1; i <= o.samples() && next < quiet.size(); i++) {
                Thread.sleep(2000 + random.nextInt((int) o.interval().toMillis()));
                int service = pickQuiet(engine, quiet, next);
                next = quiet.indexOf(service) + 1;
                String alert = Definitions.errorRule(service);
                Instant appended = Instant.now();
                traffic.append(store, traffic.burst(service, o.burst(), nanos(appended), 2_000_000_000L));
                traffic.drain();
                store.awaitIndexed(Duration.ofSeconds(30));
                Instant indexed = Instant.now();
                WebhookSink.Arrival arrival = sink.awaitFiring(alert, appended, 120_000);
                if (arrival == null) {
                    say("sample " + i + ": " + alert + " no webhook within 120 s (MISSED)");
                    samples.add(new double[] {Double.POSITIVE_INFINITY, 0, 0, 0});
                    continue;
                }
                // The round that sent it: the last one started before the arrival; its report once it has ended.
                Instant roundAt = timer.roundStartedBy(arrival.at());
                RoundReport r = engine.lastRound();
                for (int w = 0; w < 100 && !roundAt.equals(r.at()); w++) {
                    Thread.sleep(50);
                    r = engine.lastRound();
                }
                if (!roundAt.equals(r.at())) {
                    throw new IllegalStateException("no report of the round at " + roundAt);
                }
                double latency = Duration.between(indexed, arrival.at()).toNanos() / 1e6;
                double wait = Duration.between(indexed, r.at()).toNanos() / 1e6;
                double after = Duration.between(r.at(), arrival.at()).toNanos() / 1e6;
                samples.add(new double[] {latency, wait, after, r.took().toNanos() / 1e6});
                csv.printf(Locale.ROOT, "%d,%s,%s,%s,%s,%.1f,%.1f,%.1f,%.1f%n", i, Traffic.service(service), indexed,
                        r.at(), arrival.at(), latency, wait, after, r.took().toNanos() / 1e6);
                say(String.format(Locale.ROOT, "sample %d: %s indexed %s (appended %d ms before); next round at %s "
                                + "(+%.0f ms), took %.0f ms; webhook at %s: %.0f ms after indexed (%.0f ms after the "
                                + "round started); machine: %s",
                        i, alert, indexed, Duration.between(appended, indexed).toMillis(), r.at(), wait,
                        r.took().toNanos() / 1e6, arrival.at(), latency, after, uptime()));
            }
        } finally {
            loop.close();
            running.set(false);
            liveTraffic.interrupt();
            liveTraffic.join(5000);
        }
        double[] lat = samples.stream().mapToDouble(s -> s[0]).sorted().toArray();
        double[] waits = samples.stream().mapToDouble(s -> s[1]).sorted().toArray();
        double[] afters = samples.stream().mapToDouble(s -> s[2]).sorted().toArray();
        double[] tooks = samples.stream().mapToDouble(s -> s[3]).sorted().toArray();
        double target = o.interval().toMillis() + 5000;
        say(String.format(Locale.ROOT, "webhook latency (indexed -> arrived): n=%d, p50 %.0f ms, max %.0f ms, min %.0f "
                        + "ms; target interval + 5 s = %.0f ms: %s", lat.length, median(lat), lat[lat.length - 1],
                lat[0], target, lat[lat.length - 1] < target ? "met" : "MISSED"));
        say(String.format(Locale.ROOT, "  of which waiting for the next round: p50 %.0f ms, max %.0f ms; round start "
                        + "to arrival: p50 %.0f ms, max %.0f ms; those rounds took p50 %.0f ms, max %.0f ms",
                median(waits), waits[waits.length - 1], median(afters), afters[afters.length - 1], median(tooks),
                tooks[tooks.length - 1]));
        say("machine after the samples: " + uptime());
    }

    /** The next quiet service with no alert instance of its own (so the burst starts a new notification group). */
    private static int pickQuiet(AlertingEngine engine, List<Integer> quiet, int from) {
        for (int k = from; k < quiet.size(); k++) {
            String svc = Traffic.service(quiet.get(k));
            boolean busy = false;
            for (AlertView v : engine.lastRound().alerts()) {
                if (svc.equals(v.alert().labels().get("service"))
                        && (v.alert().name().startsWith(Definitions.ERROR_RULE_PREFIX)
                        || v.alert().kind() == AlertKind.SLO_PAGE)) {
                    busy = true;
                    break;
                }
            }
            if (!busy) {
                return quiet.get(k);
            }
        }
        throw new IllegalStateException("no quiet service left");
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private static Round round(int index, RoundReport r, Map<String, Long> parts) {
        long pending = 0;
        long firing = 0;
        long resolved = 0;
        long suppressed = 0;
        for (AlertView v : r.alerts()) {
            AlertInstance a = v.alert();
            if (a.state() == AlertState.PENDING) {
                pending++;
            } else if (a.state() == AlertState.FIRING) {
                firing++;
            } else {
                resolved++;
            }
            if (v.suppression().suppressed()) {
                suppressed++;
            }
        }
        return new Round(index, r.at(), r.took().toNanos(), r.definitions(), pending, firing, resolved, suppressed,
                r.errors().size(), parts);
    }

    /** Alert instances counted by name prefix (the part before ':') and state. */
    private static Map<String, Long> byKind(RoundReport r) {
        Map<String, Long> out = new java.util.TreeMap<>();
        for (AlertView v : r.alerts()) {
            String name = v.alert().name();
            int colon = name.indexOf(':');
            out.merge((colon < 0 ? name : name.substring(0, colon)) + " " + v.alert().state().name().toLowerCase(
                    Locale.ROOT) + (v.suppression().suppressed() ? " (muted)" : ""), 1L, Long::sum);
        }
        return out;
    }

    private static String describe(Round r) {
        StringBuilder parts = new StringBuilder();
        long covered = 0;
        for (Map.Entry<String, Long> e : r.parts().entrySet()) {
            parts.append(String.format(Locale.ROOT, " %s %.1f;", e.getKey(), e.getValue() / 1e6));
            covered += e.getValue();
        }
        return String.format(Locale.ROOT, "took %.1f ms, %d definitions, %d pending, %d firing, %d resolved, "
                        + "%d suppressed, %d errors; ms per part:%s rest %.1f",
                r.tookNanos() / 1e6, r.definitions(), r.pending(), r.firing(), r.resolved(), r.suppressed(),
                r.errors(), parts, (r.tookNanos() - covered) / 1e6);
    }

    private static String csvLine(Round r) {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%d,%s,%.2f,%d,%d,%d,%d,%d,%d", r.index(),
                r.at(), r.tookNanos() / 1e6, r.definitions(), r.pending(), r.firing(), r.resolved(), r.suppressed(),
                r.errors()));
        for (String p : RoundTimer.PARTS) {
            b.append(String.format(Locale.ROOT, ",%.2f", r.parts().get(p) / 1e6));
        }
        return b.toString();
    }

    private static long min(List<Round> rounds, java.util.function.ToLongFunction<Round> f) {
        return rounds.stream().mapToLong(f).min().orElse(0);
    }

    private static long max(List<Round> rounds, java.util.function.ToLongFunction<Round> f) {
        return rounds.stream().mapToLong(f).max().orElse(0);
    }

    /** Nearest-rank percentile of sorted nanoseconds, in ms. */
    private static double pct(long[] sorted, double p) {
        int i = (int) Math.ceil(p / 100 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e6;
    }

    private static double median(double[] sorted) {
        return sorted[Math.max(0, (int) Math.ceil(sorted.length / 2.0) - 1)];
    }

    static long nanos(Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }

    private static double heapAfterGc() {
        System.gc();
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1048576.0;
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static String uptime() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return "load average " + f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "load average unknown";
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static Options parse(String[] args) {
        int services = 200;
        double perMinute = 2;
        double days = 3;
        int rounds = 60;
        int restartMinutes = 5;
        int samples = 10;
        Duration interval = Duration.ofSeconds(15);
        int burst = 40;
        Path out = Path.of("bench/target/alerting-results");
        boolean profile = false;
        boolean keep = false;
        long seed = 4;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--services" -> services = Integer.parseInt(args[++i]);
                case "--per-minute" -> perMinute = Double.parseDouble(args[++i]);
                case "--days" -> days = Double.parseDouble(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--restart-gap" -> restartMinutes = Integer.parseInt(args[++i]);
                case "--samples" -> samples = Integer.parseInt(args[++i]);
                case "--interval" -> interval = Duration.ofSeconds(Long.parseLong(args[++i].replace("s", "")));
                case "--burst" -> burst = Integer.parseInt(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                case "--profile" -> profile = true;
                case "--keep" -> keep = true;
                case "--seed" -> seed = Long.parseLong(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + a + "; see bench/README.md");
            }
        }
        if (rounds < 1 || services < 1 || days <= 0) {
            throw new IllegalArgumentException("rounds, services and days must be positive");
        }
        return new Options(services, perMinute, days, rounds, restartMinutes, samples, interval, burst, out, profile,
                keep, seed);
    }
}
