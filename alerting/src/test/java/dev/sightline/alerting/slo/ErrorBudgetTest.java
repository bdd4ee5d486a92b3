package dev.sightline.alerting.slo;

import dev.sightline.store.model.SpanKind;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Error budgets against an oracle that sums the test's own per-minute counts: total, good, SLI, budget, consumed,
 * remaining, every burn rate, time to exhaustion and the burn-down, after the backfill and after incremental
 * rounds; and the incremental history equals one rebuilt from scratch after random updates with late spans.
 */
class ErrorBudgetTest {
    static final long START = Instant.parse("2026-03-01T00:00:00Z").getEpochSecond() / 60;

    /** The test's own record of what it put in the table: minute → {requests, errors} per operation. */
    static final class Counts {
        final Map<String, Map<Long, long[]>> byOperation = new HashMap<>();

        void add(String operation, long minute, long requests, long errors) {
            long[] c = byOperation.computeIfAbsent(operation, k -> new HashMap<>()).computeIfAbsent(minute,
                    k -> new long[2]);
            c[0] += requests;
            c[1] += errors;
        }

        /** {good, total} of the operation (all when null) over minutes [from, to). */
        long[] sum(String operation, long from, long to) {
            long good = 0;
            long total = 0;
            for (Map.Entry<String, Map<Long, long[]>> op : byOperation.entrySet()) {
                if (operation != null && !operation.equals(op.getKey())) {
                    continue;
                }
                for (Map.Entry<Long, long[]> m : op.getValue().entrySet()) {
                    if (m.getKey() >= from && m.getKey() < to) {
                        total += m.getValue()[0];
                        good += m.getValue()[0] - m.getValue()[1];
                    }
                }
            }
            return new long[]{good, total};
        }
    }

    static void fill(RollupTable table, Counts counts, Random random, long from, long to) {
        for (long m = from; m < to; m++) {
            for (String op : List.of("GET /cart", "POST /checkout")) {
                if (random.nextInt(10) == 0) {
                    continue; // some minutes without traffic
                }
                long requests = 1 + random.nextInt(500);
                // Mostly healthy, with bursts of failures.
                long errors = random.nextInt(50) == 0 ? random.nextInt((int) requests + 1)
                        : random.nextInt(3) == 0 ? random.nextInt(3) : 0;
                errors = Math.min(errors, requests);
                table.add("checkout", op, SpanKind.SERVER, m, requests, errors);
                counts.add(op, m, requests, errors);
            }
            table.add("checkout", "GET /cart", SpanKind.INTERNAL, m, 7, 7);
            table.add("other", "GET /", SpanKind.SERVER, m, 100, 100);
        }
    }

    @Test
    void budgetArithmeticMatchesTheOracleAfterBackfillAndAfterIncrementalRounds() {
        Random random = new Random(42);
        RollupTable table = new RollupTable();
        Counts counts = new Counts();
        long nowMinute = START + 5 * 1440 + 37;
        fill(table, counts, random, START, nowMinute + 30);
        SloDefinition all = Slos.availability("checkout", "checkout", null, 0.99, Duration.ofHours(48));
        SloDefinition one = Slos.availability("checkout-post", "checkout", "POST /checkout", 0.995,
                Duration.ofDays(3));
        SloTracker tracker = new SloTracker(table);

        Instant now = Instant.ofEpochSecond(nowMinute * 60 + 23);
        tracker.update(List.of(all, one), now);
        check(tracker, counts, all, nowMinute);
        check(tracker, counts, one, nowMinute);

        for (int i = 0; i < 100; i++) {
            now = now.plusSeconds(15);
            tracker.update(List.of(all, one), now);
        }
        long later = Math.floorDiv(now.getEpochSecond(), 60);
        check(tracker, counts, all, later);
        check(tracker, counts, one, later);
    }

    static void check(SloTracker tracker, Counts counts, SloDefinition slo, long end) {
        SloStatus s = tracker.status(slo.name()).orElseThrow();
        long windowFrom = (Math.floorDiv(end, 60) - slo.window().toHours()) * 60;
        long[] w = counts.sum(slo.operation(), windowFrom, end);
        long good = w[0];
        long total = w[1];
        long bad = total - good;
        double allowed = (1 - slo.objective()) * total;
        double remaining = 1 - bad / allowed;

        assertThat(s.asOf()).isEqualTo(Instant.ofEpochSecond(end * 60));
        assertThat(s.windowStart()).isEqualTo(Instant.ofEpochSecond(windowFrom * 60));
        assertThat(s.totalEvents()).isEqualTo(total);
        assertThat(s.goodEvents()).isEqualTo(good);
        assertThat(s.sli()).isCloseTo((double) good / total, within(1e-12));
        assertThat(s.errorBudget()).isCloseTo(allowed, within(1e-6));
        assertThat(s.consumed()).isEqualTo(bad);
        assertThat(s.budgetRemaining()).isCloseTo(remaining, within(1e-9));
        SloTracker.STATUS_WINDOWS.forEach((label, d) -> {
            long[] c = counts.sum(slo.operation(), end - d.toMinutes(), end);
            double burn = ((double) (c[1] - c[0]) / c[1]) / (1 - slo.objective());
            assertThat(s.burnRates().get(label)).as(label).isCloseTo(burn, within(1e-9));
        });
        long[] hour = counts.sum(slo.operation(), end - 60, end);
        double burn1h = ((double) (hour[1] - hour[0]) / hour[1]) / (1 - slo.objective());
        if (remaining > 0 && burn1h > 0) {
            double seconds = remaining * slo.window().toSeconds() / burn1h;
            assertThat((double) s.timeToExhaustion().toSeconds()).isCloseTo(seconds, within(1.0));
        } else {
            assertThat(s.timeToExhaustion()).isNull();
        }
        assertThat(s.history()).hasSize((int) slo.window().toHours() + 1);
        assertThat(s.history().get(0).hourStart()).isEqualTo(s.windowStart());
        assertThat(s.history().get(s.history().size() - 1).budgetRemaining()).isCloseTo(remaining, within(1e-9));
        long[] firstHour = counts.sum(slo.operation(), windowFrom, windowFrom + 60);
        assertThat(s.history().get(0).events()).isEqualTo(firstHour[1]);
        assertThat(s.history().get(0).sli()).isCloseTo((double) firstHour[0] / firstHour[1], within(1e-12));
        for (int i = 1; i < s.history().size(); i++) {
            assertThat(s.history().get(i).budgetRemaining()).isLessThanOrEqualTo(
                    s.history().get(i - 1).budgetRemaining());
        }
    }

    @Test
    void anSloWithoutEventsHasItsWholeBudgetAndNoRates() {
        SloTracker tracker = new SloTracker(new RollupTable());
        SloDefinition slo = Slos.availability("idle", "idle", null, 0.999, Duration.ofDays(30));
        tracker.update(List.of(slo), Instant.ofEpochSecond(START * 60));
        SloStatus s = tracker.status("idle").orElseThrow();
        assertThat(s.totalEvents()).isZero();
        assertThat(s.sli()).isNull();
        assertThat(s.budgetRemaining()).isEqualTo(1);
        assertThat(s.burnRates()).containsKeys("5m", "30m", "1h", "2h", "6h", "1d", "3d");
        assertThat(s.burnRates().values()).containsOnlyNulls();
        assertThat(s.timeToExhaustion()).isNull();
        assertThat(s.minEventsMet()).isFalse();
    }

    @Test
    void incrementalHistoryEqualsARebuildAfterRandomUpdatesWithLateSpans() {
        Random random = new Random(7);
        RollupTable table = new RollupTable();
        Counts counts = new Counts();
        long t = START + 4 * 1440;
        fill(table, counts, random, START, t);
        SloDefinition all = Slos.availability("checkout", "checkout", null, 0.999, Duration.ofHours(30));
        SloDefinition post = Slos.availability("checkout-post", "checkout", "POST /checkout", 0.99,
                Duration.ofDays(2));
        SloDefinition slow = Slos.latency("checkout-latency", "checkout", null, Duration.ofMillis(200), 0.99,
                Duration.ofDays(1));
        List<SloDefinition> slos = List.of(all, post, slow);
        SloTracker tracker = new SloTracker(table);
        long second = t * 60;
        tracker.update(slos, Instant.ofEpochSecond(second));
        for (int round = 1; round <= 200; round++) {
            second += 15 + random.nextInt(random.nextInt(8) == 0 ? 900 : 60);
            long current = Math.floorDiv(second, 60);
            // Spans of the last minutes arrive, late ones too, but within the 10 minutes every round re-reads.
            for (int k = 0; k < 20; k++) {
                long minute = current - random.nextInt(10);
                String op = random.nextBoolean() ? "GET /cart" : "POST /checkout";
                long duration = (long) (Math.exp(random.nextGaussian() * 0.8 + Math.log(120)) * 1e6);
                table.addSpan("checkout", op, SpanKind.SERVER, minute, duration, random.nextInt(20) == 0);
            }
            Instant now = Instant.ofEpochSecond(second);
            tracker.update(slos, now);
            if (round % 20 == 0) {
                SloTracker rebuilt = new SloTracker(table);
                rebuilt.update(slos, now);
                assertThat(tracker.statuses()).as("round %d", round).isEqualTo(rebuilt.statuses());
            }
        }
        assertThat(tracker.status("checkout-latency").orElseThrow().totalEvents()).isPositive();
    }

    @Test
    void aChangedObjectiveKeepsTheHistoryAndAChangedServiceStartsAgain() {
        RollupTable table = new RollupTable();
        Counts counts = new Counts();
        long t = START + 4 * 1440;
        fill(table, counts, new Random(3), START, t + 10);
        SloDefinition slo = Slos.availability("s", "checkout", null, 0.99, Duration.ofDays(1));
        SloTracker tracker = new SloTracker(table);
        tracker.update(List.of(slo), Instant.ofEpochSecond(t * 60));
        int reads = table.minuteReads + table.hourReads;

        SloDefinition stricter = Slos.availability("s", "checkout", null, 0.999, Duration.ofDays(1));
        tracker.update(List.of(stricter), Instant.ofEpochSecond(t * 60 + 15));
        assertThat(table.minuteReads + table.hourReads).as("one incremental read").isEqualTo(reads + 1);
        assertThat(tracker.status("s").orElseThrow().slo().objective()).isEqualTo(0.999);

        SloDefinition moved = Slos.availability("s", "other", null, 0.999, Duration.ofDays(1));
        tracker.update(List.of(moved), Instant.ofEpochSecond(t * 60 + 30));
        SloStatus s = tracker.status("s").orElseThrow();
        assertThat(s.goodEvents()).isZero(); // "other" fails every request
        assertThat(s.totalEvents()).isEqualTo(100L * (s.history().size() - 1) * 60 + 100L * (t % 60));

        tracker.update(List.of(), Instant.ofEpochSecond(t * 60 + 45));
        assertThat(tracker.statuses()).isEmpty();
    }
}
