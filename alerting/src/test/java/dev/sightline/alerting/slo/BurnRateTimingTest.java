package dev.sightline.alerting.slo;

import dev.sightline.alerting.alert.AlertDefinition;
import dev.sightline.alerting.alert.AlertKind;
import dev.sightline.alerting.alert.EvidenceQuery;
import dev.sightline.alerting.alert.Violation;
import dev.sightline.store.model.SpanKind;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Burn-rate alerts on synthetic timelines: steady traffic of {@link #RATE} requests a minute against a 99.9 % SLO,
 * errors at a fixed fraction from {@code t0} for a while. Every 15 s round the tracker updates and both alerts are
 * evaluated; each round's answer must equal the SRE Workbook's formula applied to the timeline (a window burns
 * above b when its error fraction exceeds b × 0.1 %), and the first firing and resolving minutes must be the ones
 * the formula gives in closed form.
 */
class BurnRateTimingTest {
    static final long RATE = 10_000;
    static final double OBJECTIVE = 0.999;
    /** t0, a Monday 10:00 UTC, in epoch minutes. */
    static final long T0 = Instant.parse("2026-03-02T10:00:00Z").getEpochSecond() / 60;
    static final long STEP_SECONDS = 15;

    /** Errors per minute from t0 for {@code minutes} minutes; traffic runs from 4 days before t0. */
    record Scenario(long errorsPerMinute, long minutes) {
        long errorsAt(long minute) {
            return minute >= T0 && minute < T0 + minutes ? errorsPerMinute : 0;
        }

        /** Errors in [from, to), in closed form. */
        long errorsIn(long from, long to) {
            long overlap = Math.max(0, Math.min(to, T0 + minutes) - Math.max(from, T0));
            return overlap * errorsPerMinute;
        }
    }

    /** What the rounds saw: first minutes (relative to t0) at which each alert was on, and when it went off. */
    record Timeline(List<long[]> pageIntervals, List<long[]> ticketIntervals) {
        long firstPage() {
            return pageIntervals.isEmpty() ? -1 : pageIntervals.get(0)[0];
        }

        long firstTicket() {
            return ticketIntervals.isEmpty() ? -1 : ticketIntervals.get(0)[0];
        }
    }

    @Test
    void totalOutagePagesAfterAMinuteAndTicketsAfterFive() {
        Scenario outage = new Scenario(RATE, 20);
        Timeline t = run(outage, T0 + 400);
        // 1h window: bad fraction k/60 > 14.4 × 0.1 % once k > 0.864; 5m: k/5 > 1.44 % once k > 0.072.
        assertThat(t.firstPage()).isEqualTo(firstMinuteAbove(1.0, 60, 14.4));
        assertThat(t.firstPage()).isEqualTo(1);
        // 1d: k/1440 > 0.3 % once k > 4.32; 3d: k/4320 > 0.1 % once k > 4.32.
        assertThat(t.firstTicket()).isEqualTo(firstMinuteAbove(1.0, 1440, 3)).isEqualTo(5);
        // The page stops when the 30m window holds no failed minute (6h/30m: 1/30 > 0.6 %): 20 + 30.
        assertThat(t.pageIntervals()).hasSize(1);
        assertThat(t.pageIntervals().get(0)[1]).isEqualTo(20 + 30);
        // The ticket when the 6h window (3d/6h pair: 1/360 > 0.1 %) is clean: 20 + 360.
        assertThat(t.ticketIntervals()).hasSize(1);
        assertThat(t.ticketIntervals().get(0)[1]).isEqualTo(20 + 360);
    }

    @Test
    void twoPercentErrorsPageAfter44MinutesAndTicketAfter217() {
        Scenario twoPercent = new Scenario(RATE / 50, 240);
        Timeline t = run(twoPercent, T0 + 700);
        // 1h: 2 % × k/60 > 1.44 % once k > 43.2; 5m: 2 % × k/5 > 1.44 % once k > 3.6.
        assertThat(t.firstPage()).isEqualTo(firstMinuteAbove(0.02, 60, 14.4)).isEqualTo(44);
        // 1d: 2 % × k/1440 > 0.3 % once k > 216 (and 3d: k > 216, exactly at 216 is not above).
        assertThat(t.firstTicket()).isEqualTo(firstMinuteAbove(0.02, 1440, 3)).isEqualTo(217);
        // Page off when the 30m window (6h/30m) has at most 9 failing minutes (2 % × 9/30 = 0.6 %): 240 + 21.
        assertThat(t.pageIntervals().get(0)[1]).isEqualTo(261);
    }

    @Test
    void slowLeakOpensATicketAfterTwoDaysAndNeverPages() {
        Scenario leak = new Scenario(RATE * 15 / 10_000, 3 * 1440);
        Timeline t = run(leak, T0 + 2881 + 30);
        // 3d: 0.15 % × k/4320 > 0.1 % once k > 2880; 6h: once k > 240.
        assertThat(t.firstTicket()).isEqualTo(firstMinuteAbove(0.0015, 4320, 1)).isEqualTo(2881);
        assertThat(t.pageIntervals()).isEmpty();
    }

    @Test
    void aBurnJustBelowOneNeverFires() {
        Scenario below = new Scenario(RATE * 9 / 10_000, 4 * 1440);
        Timeline t = run(below, T0 + 3 * 1440 + 120);
        assertThat(t.pageIntervals()).isEmpty();
        assertThat(t.ticketIntervals()).isEmpty();
    }

    @Test
    void aPageCarriesBothWindowsBurnRatesBudgetAndEvidence() {
        Scenario outage = new Scenario(RATE, 30);
        RollupTable table = table(outage, T0 + 60);
        SloDefinition slo = Slos.availability("checkout-availability", "checkout", null, OBJECTIVE,
                Duration.ofDays(30));
        SloTracker tracker = new SloTracker(table);
        List<AlertDefinition> defs = new BurnRateAlerts(tracker).definitions(slo);
        Instant now = Instant.ofEpochSecond((T0 + 2) * 60 + 5);
        tracker.update(List.of(slo), now);

        AlertDefinition page = defs.get(0);
        assertThat(page.kind()).isEqualTo(AlertKind.SLO_PAGE);
        assertThat(page.name()).isEqualTo("SloFastBurn:checkout-availability");
        assertThat(page.labels()).containsEntry("slo", "checkout-availability").containsEntry("service", "checkout")
                .containsEntry("severity", "page").doesNotContainKey("operation");
        assertThat(page.runbook()).isEqualTo("slo-fast-burn");
        assertThat(page.forDuration()).isZero();
        assertThat(defs.get(1).name()).isEqualTo("SloSlowBurn:checkout-availability");
        assertThat(defs.get(1).labels()).containsEntry("severity", "ticket");

        List<Violation> v = page.condition().evaluate(now);
        assertThat(v).hasSize(1);
        // Two failed minutes of 60 in the 1h window (3.33 % / 0.1 % = 33.3×), two of 5 in the 5m (400×).
        double burn1h = (2.0 / 60) / (1 - OBJECTIVE);
        assertThat(v.get(0).value()).isCloseTo(burn1h, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(v.get(0).annotations()).containsEntry("burn_rate_1h", "33.33")
                .containsEntry("burn_rate_5m", "400").containsEntry("long_window", "1h")
                .containsEntry("short_window", "5m").containsEntry("objective", "0.999")
                .containsKeys("budget_remaining", "time_to_exhaustion", "sli", "description");
        double remaining = Double.parseDouble(v.get(0).annotations().get("budget_remaining"));
        assertThat(remaining).isLessThan(1).isGreaterThan(0);
        EvidenceQuery e = v.get(0).evidence();
        assertThat(e.service()).isEqualTo("checkout");
        assertThat(e.errorsOnly()).isTrue();
        assertThat(e.from()).isEqualTo(Instant.ofEpochSecond((T0 + 2 - 5) * 60));
        assertThat(e.to()).isEqualTo(Instant.ofEpochSecond((T0 + 2) * 60));
    }

    @Test
    void belowMinEventsNothingFires() {
        RollupTable table = new RollupTable();
        for (long m = T0 - 4 * 1440; m < T0 + 60; m++) {
            if (m % 60 == 0) {
                table.add("quiet", "GET /", SpanKind.SERVER, m, 1, m >= T0 ? 1 : 0);
            }
        }
        SloDefinition slo = Slos.availability("quiet", "quiet", null, OBJECTIVE, Duration.ofDays(30));
        SloTracker tracker = new SloTracker(table);
        Instant now = Instant.ofEpochSecond((T0 + 1) * 60 + 1);
        tracker.update(List.of(slo), now);
        assertThat(tracker.status("quiet").orElseThrow().burnRates().get("1h")).isGreaterThan(14.4);
        assertThat(tracker.status("quiet").orElseThrow().minEventsMet()).isFalse();
        for (AlertDefinition d : new BurnRateAlerts(tracker).definitions(slo)) {
            assertThat(d.condition().evaluate(now)).isEmpty();
        }
    }

    /** The first minute k after t0 with fraction × k / window > burn × (1 − objective), in exact arithmetic. */
    static long firstMinuteAbove(double fraction, long windowMinutes, double burn) {
        // fraction = e / RATE; threshold = burn / 1000. k > burn × window × RATE / (1000 × e).
        long e = Math.round(fraction * RATE);
        long tenBurn = Math.round(burn * 10);
        long numerator = tenBurn * windowMinutes * RATE;
        long denominator = 10_000 * e;
        return numerator / denominator + 1;
    }

    /** Whether the window of {@code length} minutes ending at {@code end} burns above {@code burn}, exactly. */
    static boolean above(Scenario s, long end, long length, double burn) {
        long errors = s.errorsIn(end - length, end);
        long total = RATE * length;
        // errors / total > burn / 1000  ⇔  errors × 10000 > 10·burn × total
        return errors * 10_000 > Math.round(burn * 10) * total;
    }

    static boolean predicted(Scenario s, long end, List<BurnWindow> pairs) {
        for (BurnWindow w : pairs) {
            if (above(s, end, w.longWindow().toMinutes(), w.burnRate())
                    && above(s, end, w.shortWindow().toMinutes(), w.burnRate())) {
                return true;
            }
        }
        return false;
    }

    static RollupTable table(Scenario s, long until) {
        RollupTable table = new RollupTable();
        for (long m = T0 - 4 * 1440; m < until; m++) {
            table.add("checkout", "POST /checkout", SpanKind.SERVER, m, RATE, s.errorsAt(m));
            // A client span of the same service is not a request of it.
            table.add("checkout", "GET payments", SpanKind.CLIENT, m, 5, 5);
        }
        return table;
    }

    static Timeline run(Scenario s, long until) {
        RollupTable table = table(s, until);
        SloDefinition slo = Slos.availability("checkout-availability", "checkout", null, OBJECTIVE,
                Duration.ofDays(30));
        SloTracker tracker = new SloTracker(table);
        List<AlertDefinition> defs = new BurnRateAlerts(tracker).definitions(slo);
        AlertDefinition page = defs.get(0);
        AlertDefinition ticket = defs.get(1);
        List<long[]> pages = new ArrayList<>();
        List<long[]> tickets = new ArrayList<>();
        boolean pageOn = false;
        boolean ticketOn = false;
        for (long second = (T0 - 120) * 60 + 7; second < until * 60; second += STEP_SECONDS) {
            Instant now = Instant.ofEpochSecond(second);
            tracker.update(List.of(slo), now);
            long end = Math.floorDiv(second, 60);
            boolean p = !page.condition().evaluate(now).isEmpty();
            boolean t = !ticket.condition().evaluate(now).isEmpty();
            assertThat(p).as("page at t0%+d min", end - T0).isEqualTo(predicted(s, end, slo.alerting().page()));
            assertThat(t).as("ticket at t0%+d min", end - T0).isEqualTo(predicted(s, end, slo.alerting().ticket()));
            pageOn = track(pages, pageOn, p, end - T0);
            ticketOn = track(tickets, ticketOn, t, end - T0);
        }
        return new Timeline(pages, tickets);
    }

    private static boolean track(List<long[]> intervals, boolean wasOn, boolean on, long minute) {
        if (on && !wasOn) {
            intervals.add(new long[]{minute, -1});
        } else if (!on && wasOn) {
            intervals.get(intervals.size() - 1)[1] = minute;
        }
        return on;
    }
}
