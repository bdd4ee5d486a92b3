package dev.sightline.alerting.slo;

import dev.sightline.store.read.RollupReader;
import dev.sightline.store.rollup.SpanRollup;

import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every SLO's history of good and valid events, brought up to date once per evaluation round ({@link #update}),
 * and the error budgets and burn rates read from it.
 *
 * <p>SLIs come from the store's per-minute span rollups, never from spans. A round reads the last few minutes
 * ({@code reread}, 10 by default) of every service in one call and replaces those minutes in each SLO's history,
 * so spans that arrive up to that late are counted; later ones are missed by the burn rates until the tracker is
 * rebuilt (a restart). A new SLO, one whose counting changed (service, operation, SLI, threshold, window), and
 * every SLO after a restart or a pause of more than an hour are backfilled once: hours of the window older than
 * the minute history from {@link RollupReader#spanRollupsByHour}, the minute history from
 * {@link RollupReader#spanRollups} in 6-hour chunks, one service at a time so no more than that is in memory.
 *
 * <p>Windows end at the last complete minute: a minute's spans are first counted by the round after it ends.
 */
public final class SloTracker {
    public static final Duration DEFAULT_REREAD = Duration.ofMinutes(10);
    /** The burn rates every status reports, by the names it reports them under. */
    public static final Map<String, Duration> STATUS_WINDOWS = statusWindows();
    /** A 3-day window plus the hour in progress, so a 3-day burn rate is always whole after a backfill. */
    static final int MIN_MINUTE_SLOTS = 3 * 1440 + 60;
    /** Minute rows of every service read at once when backfilling: 15 minutes is 15 rows per operation. */
    static final long BACKFILL_CHUNK_MINUTES = 15;
    /** Merged hour rows of every service read at once when backfilling. */
    static final long BACKFILL_CHUNK_HOURS = 6;
    /** Rounds further apart than this backfill every SLO instead of reading every service's minutes since. */
    static final long MAX_GAP_MINUTES = 60;
    /**
     * After a restart, histories saved at most this long ago are caught up by reading the minutes since the save;
     * older ones are rebuilt. Within every minute ring (3 days at least).
     */
    static final long MAX_CATCH_UP_MINUTES = 24 * 60;
    /** How often the histories are saved; a crash loses none of it, since the minutes since are read again. */
    static final Duration SAVE_INTERVAL = Duration.ofMinutes(10);

    private static final Logger LOG = Logger.getLogger(SloTracker.class);

    private final RollupReader rollups;
    private final int rereadMinutes;
    private final SliHistoryStore store;
    private boolean restoreTried;
    private Instant savedAt;
    private final Map<String, Tracked> tracked = new LinkedHashMap<>();
    /** The minute in progress at the last round; Long.MIN_VALUE before the first. */
    private long end = Long.MIN_VALUE;
    private Instant updatedAt;

    private static final class Tracked {
        SloDefinition slo;
        final SliHistory history;

        Tracked(SloDefinition slo, SliHistory history) {
            this.slo = slo;
            this.history = history;
        }
    }

    public SloTracker(RollupReader rollups) {
        this(rollups, DEFAULT_REREAD);
    }

    /** @param reread how many of the newest minutes every round reads again, for spans that arrive late */
    public SloTracker(RollupReader rollups, Duration reread) {
        this(rollups, reread, null);
    }

    /** With {@code store}, histories are saved every {@link #SAVE_INTERVAL} and restored at the first update. */
    public SloTracker(RollupReader rollups, SliHistoryStore store) {
        this(rollups, DEFAULT_REREAD, store);
    }

    SloTracker(RollupReader rollups, Duration reread, SliHistoryStore store) {
        if (reread.toMinutes() < 1) {
            throw new IllegalArgumentException("reread must be at least a minute: " + reread);
        }
        this.rollups = rollups;
        this.rereadMinutes = (int) Math.min(MAX_GAP_MINUTES, reread.toMinutes());
        this.store = store;
    }

    /** Minute slots an SLO's history keeps: its longest burn window (3 days at least) and an hour. */
    static int minuteSlots(SloDefinition slo) {
        long longest = Math.max(3 * 1440, slo.alerting().longestWindow().toMinutes());
        return (int) (longest + 60);
    }

    /** Hour slots: the window's hours and the hour in progress. */
    static int hourSlots(SloDefinition slo) {
        return (int) slo.window().toHours() + 1;
    }

    /** Bytes of history kept for {@code slo} (see {@link SliHistory}). */
    public static long historyBytes(SloDefinition slo) {
        return SliHistory.bytes(minuteSlots(slo), hourSlots(slo));
    }

    /**
     * Brings the history of {@code slos} up to {@code now}: forgets SLOs no longer listed, backfills new or changed
     * ones, and re-reads the last minutes of the others. Throws when the store cannot be read; the previous state
     * then stays (the alerts of the round are left as they were).
     */
    public synchronized void update(List<SloDefinition> slos, Instant now) {
        long current = Math.floorDiv(now.getEpochSecond(), 60);
        if (!restoreTried && store != null) {
            restoreTried = true;
            restore(slos, current);
        }
        boolean rebuild = end == Long.MIN_VALUE || current < end || current - end > MAX_CATCH_UP_MINUTES;
        Map<String, Tracked> next = new LinkedHashMap<>();
        List<Tracked> existing = new ArrayList<>();
        List<SloDefinition> existingDefinitions = new ArrayList<>();
        List<Tracked> fresh = new ArrayList<>();
        for (SloDefinition slo : slos) {
            Tracked t = rebuild ? null : tracked.get(slo.name());
            if (t != null && t.slo.countsLike(slo)) {
                existing.add(t);
                existingDefinitions.add(slo);
            } else {
                t = new Tracked(slo, new SliHistory(minuteSlots(slo), hourSlots(slo), current));
                fresh.add(t);
            }
            next.put(slo.name(), t);
        }
        if (!existing.isEmpty()) {
            // Usually the last few minutes, in one read; after a restart, every minute since the save, an hour a read.
            long from = Math.min(current, end) - rereadMinutes;
            for (Tracked t : existing) {
                t.history.advanceTo(current);
            }
            for (long chunk = from; chunk < current; chunk += 60) {
                long to = Math.min(current, chunk + 60);
                Map<String, List<SpanRollup>> byService = requestsByService(rollups.spanRollups(null, null, chunk,
                        to));
                for (Tracked t : existing) {
                    apply(t, byService.getOrDefault(t.slo.service(), List.of()), chunk, to, false);
                }
            }
        }
        backfill(fresh, current);
        // Only now, with every read done: a failed round leaves the previous state whole.
        for (int i = 0; i < existing.size(); i++) {
            existing.get(i).slo = existingDefinitions.get(i);
        }
        tracked.clear();
        tracked.putAll(next);
        end = current;
        updatedAt = now;
        if (store != null && (savedAt == null || !now.isBefore(savedAt.plus(SAVE_INTERVAL)))) {
            store.saveLater(snapshot());
            savedAt = now;
        }
    }

    private Map<String, SliHistoryStore.Saved> snapshot() {
        Map<String, SliHistoryStore.Saved> out = new LinkedHashMap<>();
        tracked.forEach((name, t) -> out.put(name, new SliHistoryStore.Saved(t.slo.countsKey(),
                t.history.toBytes())));
        return out;
    }

    /**
     * Saves every history now (also at shutdown). A failed save is logged: the histories can always be rebuilt
     * from the rollups, only more slowly.
     */
    public synchronized void save() {
        if (store == null || tracked.isEmpty()) {
            return;
        }
        try {
            store.saveNow(snapshot());
        } catch (RuntimeException e) {
            LOG.warnf("SLO histories not saved (a restart rebuilds them from the rollups): %s", e.getMessage());
        }
    }

    /** Takes the saved histories of SLOs that still count the same events, if they are recent enough. */
    private void restore(List<SloDefinition> slos, long current) {
        Map<String, SliHistoryStore.Saved> saved;
        try {
            saved = store.load();
        } catch (RuntimeException e) {
            LOG.warnf("SLO histories not restored, rebuilding them from the rollups: %s", e.getMessage());
            return;
        }
        long savedEnd = Long.MIN_VALUE;
        Map<String, SliHistory> usable = new LinkedHashMap<>();
        for (SloDefinition slo : slos) {
            SliHistoryStore.Saved s = saved.get(slo.name());
            if (s == null || !s.countsKey().equals(slo.countsKey())) {
                continue;
            }
            SliHistory h = SliHistory.fromBytes(s.history());
            if (h.minuteSlots() != minuteSlots(slo) || h.hourSlots() != hourSlots(slo)) {
                continue;
            }
            usable.put(slo.name(), h);
            savedEnd = Math.max(savedEnd, h.end());
        }
        if (usable.isEmpty() || savedEnd > current || current - savedEnd > MAX_CATCH_UP_MINUTES) {
            return;
        }
        for (SloDefinition slo : slos) {
            SliHistory h = usable.get(slo.name());
            // All were saved together; one with another end is from an older save and is rebuilt instead.
            if (h != null && h.end() == savedEnd) {
                tracked.put(slo.name(), new Tracked(slo, h));
            }
        }
        end = savedEnd;
        LOG.infof("restored the event history of %d of %d SLOs from %d minute(s) ago", tracked.size(), slos.size(),
                current - savedEnd);
    }

    /** When {@link #update} last succeeded; null before. */
    public synchronized Instant updatedAt() {
        return updatedAt;
    }

    public synchronized Optional<SloStatus> status(String name) {
        Tracked t = tracked.get(name);
        return t == null ? Optional.empty() : Optional.of(status(t));
    }

    /** Every tracked SLO's status, in the order of the last update's list. */
    public synchronized List<SloStatus> statuses() {
        List<SloStatus> out = new ArrayList<>(tracked.size());
        for (Tracked t : tracked.values()) {
            out.add(status(t));
        }
        return out;
    }

    /** The SLO's definition as tracked, and its events over the last {@code window} of complete minutes. */
    synchronized Optional<WindowEvents> events(String name, Duration window) {
        Tracked t = tracked.get(name);
        if (t == null) {
            return Optional.empty();
        }
        return Optional.of(new WindowEvents(t.slo, minutes(t.history, window), t.history.end()));
    }

    /** Events of a window ending at minute {@code endMinute} (exclusive). */
    record WindowEvents(SloDefinition slo, EventCounts counts, long endMinute) {
    }

    private static EventCounts minutes(SliHistory h, Duration window) {
        return h.minutes(h.end() - window.toMinutes(), h.end());
    }

    private static SloStatus status(Tracked t) {
        SloDefinition slo = t.slo;
        SliHistory h = t.history;
        long fromHour = h.currentHour() - slo.window().toHours();
        double budgetRatio = slo.errorBudgetRatio();
        EventCounts total = EventCounts.NONE;
        for (long hour = fromHour; hour <= h.currentHour(); hour++) {
            EventCounts c = h.hour(hour);
            total = total.plus(c.good(), c.total());
        }
        double allowed = budgetRatio * total.total();
        double remaining = remaining(total.bad(), allowed);

        List<BudgetPoint> history = new ArrayList<>();
        long bad = 0;
        for (long hour = fromHour; hour <= h.currentHour(); hour++) {
            EventCounts c = h.hour(hour);
            bad += c.bad();
            history.add(new BudgetPoint(Instant.ofEpochSecond(hour * 3600), remaining(bad, allowed), c.sli(),
                    c.total()));
        }

        Map<String, Double> burnRates = new LinkedHashMap<>();
        STATUS_WINDOWS.forEach((label, w) -> burnRates.put(label, minutes(h, w).burnRate(slo.objective())));
        Double hourly = minutes(h, Duration.ofHours(1)).burnRate(slo.objective());
        Duration toExhaustion = null;
        if (hourly != null && hourly > 0 && remaining > 0) {
            toExhaustion = Duration.ofSeconds((long) Math.ceil(remaining * slo.window().toSeconds() / hourly));
        }
        Duration guardWindow = slo.alerting().shortestLongWindow();
        EventCounts guarded = guardWindow.isZero() ? total : minutes(h, guardWindow);
        return new SloStatus(slo, Instant.ofEpochSecond(h.end() * 60), Instant.ofEpochSecond(fromHour * 3600),
                total.total(), total.good(), total.sli(), allowed, total.bad(), remaining, burnRates, toExhaustion,
                guarded.total() >= slo.minEvents(), history);
    }

    private static double remaining(long bad, double allowed) {
        if (bad == 0) {
            return 1;
        }
        return 1 - bad / allowed;
    }

    /**
     * Fills the history of new (or changed) SLOs from the rollups, all of them in one pass over time: whole hours
     * before each SLO's minute ring from the merged hour rows, then the minute ring from minute rows. Each read
     * covers every service, so the cost is that of the time range, not of the number of SLOs (read per service,
     * a store's hours would be merged once per service). Reads go in chunks so that only a few hours of rows are
     * on the heap at once.
     */
    private void backfill(List<Tracked> fresh, long current) {
        if (fresh.isEmpty()) {
            return;
        }
        long hourFrom = Long.MAX_VALUE;
        long hourTo = Long.MIN_VALUE;
        long minuteFrom = Long.MAX_VALUE;
        for (Tracked t : fresh) {
            hourFrom = Math.min(hourFrom, t.history.firstHour());
            hourTo = Math.max(hourTo, ringStartHour(t));
            minuteFrom = Math.min(minuteFrom, ringStartHour(t) * 60);
        }
        for (long from = hourFrom; from < hourTo; from += BACKFILL_CHUNK_HOURS) {
            long to = Math.min(hourTo, from + BACKFILL_CHUNK_HOURS);
            Map<String, List<SpanRollup>> byService = requestsByService(rollups.spanRollupsByHour(null, null,
                    from * 60, to * 60));
            for (Tracked t : fresh) {
                // Hours from the ring's first whole hour on are summed from its minutes; set here they would count twice.
                long last = ringStartHour(t);
                applyHours(t, byService.getOrDefault(t.slo.service(), List.of()), last);
            }
        }
        for (long from = minuteFrom; from < current; from += BACKFILL_CHUNK_MINUTES) {
            long to = Math.min(current, from + BACKFILL_CHUNK_MINUTES);
            Map<String, List<SpanRollup>> byService = requestsByService(rollups.spanRollups(null, null, from, to));
            for (Tracked t : fresh) {
                long own = Math.max(from, ringStartHour(t) * 60);
                if (own < to) {
                    apply(t, byService.getOrDefault(t.slo.service(), List.of()), own, to, true);
                }
            }
        }
    }

    /** The first whole hour of the SLO's minute ring: hours before it come whole, from it on from minutes. */
    private static long ringStartHour(Tracked t) {
        return Math.floorDiv(t.history.firstMinute() + 59, 60);
    }

    /** Replaces the minutes [from, to) of {@code t} with what {@code rows} (its service's requests) hold. */
    private static void apply(Tracked t, List<SpanRollup> rows, long from, long to, boolean fresh) {
        SloDefinition slo = t.slo;
        int n = (int) (to - from);
        long[] total = new long[n];
        long[] good = new long[n];
        List<List<SpanRollup>> perMinute = null;
        if (slo.sli() == SliKind.LATENCY) {
            perMinute = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                perMinute.add(new ArrayList<>(2));
            }
        }
        for (SpanRollup r : rows) {
            long i = r.epochMinute() - from;
            if (i < 0 || i >= n || !matches(slo, r)) {
                continue;
            }
            if (perMinute == null) {
                total[(int) i] += r.requests();
                good[(int) i] += r.requests() - r.errors();
            } else {
                total[(int) i] += r.ok().count();
                perMinute.get((int) i).add(r);
            }
        }
        double limit = perMinute == null ? 0 : slo.latencyThreshold().toNanos();
        for (int i = 0; i < n; i++) {
            long minute = from + i;
            if (perMinute != null) {
                // Spans are only ever added: the same count means the same spans, and ranking is the costly part.
                if (!fresh && total[i] == t.history.minuteTotal(minute)) {
                    continue;
                }
                for (SpanRollup r : perMinute.get(i)) {
                    good[i] += SketchRank.countAtMost(r.ok(), limit);
                }
            }
            t.history.setMinute(minute, good[i], total[i]);
        }
    }

    /** Sets the hours before {@code beforeHour} of {@code t} from merged hour rows of its service. */
    private static void applyHours(Tracked t, List<SpanRollup> rows, long beforeHour) {
        SloDefinition slo = t.slo;
        Map<Long, long[]> byHour = new HashMap<>();
        double limit = slo.sli() == SliKind.LATENCY ? slo.latencyThreshold().toNanos() : 0;
        for (SpanRollup r : rows) {
            if (!matches(slo, r) || Math.floorDiv(r.epochMinute(), 60) >= beforeHour) {
                continue;
            }
            long[] c = byHour.computeIfAbsent(Math.floorDiv(r.epochMinute(), 60), k -> new long[2]);
            if (slo.sli() == SliKind.AVAILABILITY) {
                c[0] += r.requests() - r.errors();
                c[1] += r.requests();
            } else {
                c[0] += SketchRank.countAtMost(r.ok(), limit);
                c[1] += r.ok().count();
            }
        }
        byHour.forEach((hour, c) -> t.history.setHour(hour, c[0], c[1]));
    }

    private static boolean matches(SloDefinition slo, SpanRollup r) {
        return slo.service().equals(r.service()) && (slo.operation() == null || slo.operation().equals(r.operation()));
    }

    private static List<SpanRollup> requests(List<SpanRollup> rows) {
        List<SpanRollup> out = new ArrayList<>(rows.size());
        for (SpanRollup r : rows) {
            if (r.isRequest()) {
                out.add(r);
            }
        }
        return out;
    }

    private static Map<String, List<SpanRollup>> requestsByService(List<SpanRollup> rows) {
        Map<String, List<SpanRollup>> out = new HashMap<>();
        for (SpanRollup r : rows) {
            if (r.isRequest()) {
                out.computeIfAbsent(r.service(), k -> new ArrayList<>()).add(r);
            }
        }
        return out;
    }

    private static Map<String, Duration> statusWindows() {
        Map<String, Duration> m = new LinkedHashMap<>();
        m.put("5m", Duration.ofMinutes(5));
        m.put("30m", Duration.ofMinutes(30));
        m.put("1h", Duration.ofHours(1));
        m.put("2h", Duration.ofHours(2));
        m.put("6h", Duration.ofHours(6));
        m.put("1d", Duration.ofDays(1));
        m.put("3d", Duration.ofDays(3));
        return java.util.Collections.unmodifiableMap(m);
    }
}
