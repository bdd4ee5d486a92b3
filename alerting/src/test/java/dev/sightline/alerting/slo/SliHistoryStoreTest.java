package dev.sightline.alerting.slo;

import dev.sightline.alerting.storage.AlertingDatabase;
import dev.sightline.store.model.SpanKind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Saved histories (a real H2 file) make a restart read only the minutes since the save, and give the same
 * statuses as a rebuild from the rollups; histories that no longer fit their SLO are rebuilt.
 */
class SliHistoryStoreTest {
    private static final long START = ErrorBudgetTest.START;

    @TempDir
    Path dir;
    private AlertingDatabase db;
    private final RollupTable table = new RollupTable();
    private final ErrorBudgetTest.Counts counts = new ErrorBudgetTest.Counts();
    private final Random random = new Random(11);
    private final SloDefinition availability = Slos.availability("checkout", "checkout", null, 0.999,
            Duration.ofDays(30));
    private final SloDefinition latency = Slos.latency("checkout-latency", "checkout", "GET /cart",
            Duration.ofMillis(200), 0.99, Duration.ofDays(7));

    @BeforeEach
    void open() {
        db = AlertingDatabase.open(dir);
    }

    @AfterEach
    void close() {
        db.close();
    }

    private void traffic(long from, long to) {
        ErrorBudgetTest.fill(table, counts, random, from, to);
        for (long m = from; m < to; m++) {
            long duration = (long) (Math.exp(random.nextGaussian() * 0.8 + Math.log(150)) * 1e6);
            table.addSpan("checkout", "GET /cart", SpanKind.SERVER, m, duration, false);
        }
    }

    @Test
    void aRestartCatchesUpFromTheSaveAndMatchesARebuild() {
        long t = START + 5 * 1440;
        traffic(START, t);
        List<SloDefinition> slos = List.of(availability, latency);
        SloTracker before = new SloTracker(table, new SliHistoryStore(db));
        before.update(slos, Instant.ofEpochSecond(t * 60));
        before.save();

        long restart = t + 90;
        traffic(t, restart);
        int hourReads = table.hourReads;
        int minuteReads = table.minuteReads;
        SloTracker after = new SloTracker(table, new SliHistoryStore(db));
        Instant now = Instant.ofEpochSecond(restart * 60 + 20);
        after.update(slos, now);
        assertThat(table.hourReads - hourReads).as("no hour of the 30-day window read again").isZero();
        assertThat(table.minuteReads - minuteReads).as("the 100 minutes since the save, an hour a read")
                .isEqualTo(2);

        SloTracker rebuilt = new SloTracker(table);
        rebuilt.update(slos, now);
        assertThat(after.statuses()).isEqualTo(rebuilt.statuses());
        assertThat(after.status("checkout").orElseThrow().totalEvents()).isPositive();
    }

    @Test
    void aHistoryOfAnSloThatNowCountsOtherEventsIsRebuilt() {
        long t = START + 5 * 1440;
        traffic(START, t);
        SloTracker before = new SloTracker(table, new SliHistoryStore(db));
        before.update(List.of(latency), Instant.ofEpochSecond(t * 60));
        before.save();

        SloDefinition stricter = Slos.latency("checkout-latency", "checkout", "GET /cart", Duration.ofMillis(100),
                0.99, Duration.ofDays(7));
        SloTracker after = new SloTracker(table, new SliHistoryStore(db));
        Instant now = Instant.ofEpochSecond(t * 60 + 30);
        after.update(List.of(stricter), now);
        SloTracker rebuilt = new SloTracker(table);
        rebuilt.update(List.of(stricter), now);
        assertThat(after.statuses()).isEqualTo(rebuilt.statuses());
    }

    @Test
    void aSaveTooOldIsNotUsed() {
        long t = START + 5 * 1440;
        traffic(START, t);
        SloTracker before = new SloTracker(table, new SliHistoryStore(db));
        before.update(List.of(availability), Instant.ofEpochSecond(t * 60));
        before.save();
        long later = t + SloTracker.MAX_CATCH_UP_MINUTES + 60;
        traffic(t, later);
        int hourReads = table.hourReads;
        SloTracker after = new SloTracker(table, new SliHistoryStore(db));
        after.update(List.of(availability), Instant.ofEpochSecond(later * 60));
        assertThat(table.hourReads - hourReads).as("rebuilt from the hour rows").isPositive();
        SloTracker rebuilt = new SloTracker(table);
        rebuilt.update(List.of(availability), Instant.ofEpochSecond(later * 60));
        assertThat(after.statuses()).isEqualTo(rebuilt.statuses());
    }

    @Test
    void bytesRoundTripAndGarbageIsRefused() {
        SliHistory h = new SliHistory(120, 5, START + 200);
        h.setMinute(START + 150, 7, 9);
        h.setHour(Math.floorDiv(START + 200, 60) - 3, 100, 120);
        SliHistory back = SliHistory.fromBytes(h.toBytes());
        assertThat(back.minutes(START + 80, START + 200)).isEqualTo(h.minutes(START + 80, START + 200));
        assertThat(back.hour(Math.floorDiv(START + 200, 60) - 3)).isEqualTo(new EventCounts(100, 120));
        assertThat(back.end()).isEqualTo(h.end());
        assertThatThrownBy(() -> SliHistory.fromBytes(new byte[]{1, 2, 3})).isInstanceOf(
                IllegalArgumentException.class);
        byte[] cut = java.util.Arrays.copyOf(h.toBytes(), 100);
        assertThatThrownBy(() -> SliHistory.fromBytes(cut)).hasMessageContaining("does not hold");
    }
}
