package dev.sightline.store.retention;

import dev.sightline.store.StoreConfig.FsyncPolicy;
import dev.sightline.store.model.Signal;
import dev.sightline.store.wal.MutableClock;
import dev.sightline.store.wal.SegmentInfo;
import dev.sightline.store.wal.WalOptions;
import dev.sightline.store.wal.WriteAheadLog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class RetentionTest {

    @TempDir
    Path dir;

    final MutableClock clock = MutableClock.at("2026-01-01T00:00:00Z");
    final Map<Signal, WriteAheadLog<Void>> logs = new EnumMap<>(Signal.class);
    /** (signal, segment id, file still there when purged) per purge, in order. */
    final List<String> purged = new ArrayList<>();

    @BeforeEach
    void openLogs() throws Exception {
        WalOptions options = new WalOptions(1024, Duration.ofDays(30), FsyncPolicy.NEVER, Duration.ofSeconds(1),
                1 << 20);
        for (Signal s : Signal.values()) {
            logs.put(s, WriteAheadLog.open(s.lowerName(), dir.resolve(s.lowerName()), options, clock, r -> { }));
        }
    }

    @AfterEach
    void closeLogs() {
        logs.values().forEach(WriteAheadLog::close);
    }

    Retention retention(Duration traces, Duration logsAndMetrics, long budget) {
        return new Retention(clock, Map.of(Signal.TRACES, traces, Signal.LOGS, logsAndMetrics, Signal.METRICS,
                logsAndMetrics), budget, logs, (signal, segment) -> {
            Path file = dir.resolve(signal.lowerName()).resolve(String.format("%010d.wal", segment));
            purged.add(signal + ":" + segment + ":" + Files.exists(file));
        });
    }

    void fill(Signal signal, int records) throws Exception {
        for (int i = 0; i < records; i++) {
            logs.get(signal).append(new byte[200], null).get(5, TimeUnit.SECONDS);
        }
    }

    static long bytes(WriteAheadLog<?> log) {
        return log.segments().stream().mapToLong(SegmentInfo::bytes).sum();
    }

    @Test
    void segmentsWhoseNewestRecordIsOlderThanTheSignalsRetentionAreDeletedAfterTheirIndexIsPurged()
            throws Exception {
        fill(Signal.TRACES, 12);
        fill(Signal.LOGS, 12);
        clock.advance(Duration.ofDays(2));
        fill(Signal.TRACES, 1);
        fill(Signal.LOGS, 1);
        List<SegmentInfo> oldTraces = logs.get(Signal.TRACES).segments();
        assertThat(oldTraces).hasSizeGreaterThan(3);

        RetentionReport report = retention(Duration.ofDays(1), Duration.ofDays(3), 0).run();

        assertThat(report.segmentsByAge()).containsOnlyKeys(Signal.TRACES);
        int deleted = report.segmentsByAge().get(Signal.TRACES);
        assertThat(deleted).isEqualTo(oldTraces.size() - 1);
        List<SegmentInfo> left = logs.get(Signal.TRACES).segments();
        assertThat(left).hasSize(1);
        assertThat(left.get(0).active()).isTrue();
        assertThat(purged).hasSize(deleted).allSatisfy(p -> assertThat(p).startsWith("TRACES:").endsWith(":true"));
        assertThat(logs.get(Signal.LOGS).segments()).hasSize(oldTraces.size());
    }

    @Test
    void theActiveSegmentOfASignalThatStoppedReceivingDataIsSealedAndDeletedOnceExpired() throws Exception {
        fill(Signal.METRICS, 2);
        assertThat(logs.get(Signal.METRICS).segments()).singleElement().matches(SegmentInfo::active);
        clock.advance(Duration.ofDays(8));

        RetentionReport report = retention(Duration.ofDays(7), Duration.ofDays(7), 0).run();

        assertThat(report.segmentsByAge()).containsEntry(Signal.METRICS, 1);
        assertThat(logs.get(Signal.METRICS).segments()).isEmpty();
        fill(Signal.METRICS, 1);
        assertThat(logs.get(Signal.METRICS).segments()).singleElement().matches(SegmentInfo::active);
    }

    @Test
    void nothingYoungerThanRetentionIsDeleted() throws Exception {
        fill(Signal.TRACES, 20);
        clock.advance(Duration.ofDays(7).minusSeconds(1));
        RetentionReport report = retention(Duration.ofDays(7), Duration.ofDays(7), 0).run();
        assertThat(report.totalSegments()).isZero();
        assertThat(purged).isEmpty();
    }

    @Test
    void overTheDiskBudgetTheOldestClosedSegmentsAcrossSignalsGoFirstUntilUnderIt() throws Exception {
        fill(Signal.LOGS, 10);
        clock.advance(Duration.ofMinutes(1));
        fill(Signal.TRACES, 10);
        clock.advance(Duration.ofMinutes(1));
        fill(Signal.METRICS, 10);
        long total = bytes(logs.get(Signal.TRACES)) + bytes(logs.get(Signal.LOGS)) + bytes(logs.get(Signal.METRICS));
        long logBytes = bytes(logs.get(Signal.LOGS));
        long budget = total - logBytes / 2;

        RetentionReport report = retention(Duration.ofDays(7), Duration.ofDays(7), budget).run();

        assertThat(report.segmentsByAge()).isEmpty();
        assertThat(report.segmentsByBudget()).containsOnlyKeys(Signal.LOGS);
        long after = bytes(logs.get(Signal.TRACES)) + bytes(logs.get(Signal.LOGS)) + bytes(logs.get(Signal.METRICS));
        assertThat(after).isLessThanOrEqualTo(budget);
        // No more than needed: putting back the last segment deleted would exceed the budget.
        assertThat(after + 1024).isGreaterThan(budget);
        assertThat(logs.get(Signal.LOGS).segments().get(0).id()).isGreaterThan(1);
    }

    @Test
    void aBudgetSmallerThanTheActiveSegmentsDeletesEveryClosedSegmentButNoActiveOne() throws Exception {
        fill(Signal.TRACES, 10);
        fill(Signal.LOGS, 10);
        retention(Duration.ofDays(7), Duration.ofDays(7), 1).run();
        for (Signal s : List.of(Signal.TRACES, Signal.LOGS)) {
            assertThat(logs.get(s).segments()).singleElement().matches(SegmentInfo::active);
        }
    }
}
