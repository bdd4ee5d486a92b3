package dev.sightline.store.wal;

import dev.sightline.store.StoreConfig.FsyncPolicy;
import dev.sightline.store.StoreOverloadedException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WriteAheadLogTest {

    @TempDir
    Path dir;

    private final MutableClock clock = MutableClock.at("2026-01-01T00:00:00Z");
    private final List<WriteAheadLog<?>> opened = new ArrayList<>();

    @AfterEach
    void closeAll() {
        opened.forEach(WriteAheadLog::close);
    }

    static WalOptions options(long segmentBytes, FsyncPolicy policy) {
        return new WalOptions(segmentBytes, Duration.ofHours(1), policy, Duration.ofMillis(10), 1L << 30);
    }

    <A> WriteAheadLog<A> open(WalOptions options, Consumer<List<WrittenRecord<A>>> listener) throws IOException {
        WriteAheadLog<A> wal = WriteAheadLog.open("test", dir, options, clock, listener);
        opened.add(wal);
        return wal;
    }

    WriteAheadLog<String> open(WalOptions options) throws IOException {
        return open(options, records -> { });
    }

    static byte[] payload(int i) {
        Random r = new Random(i);
        byte[] b = new byte[40 + r.nextInt(60)];
        r.nextBytes(b);
        byte[] tag = ("record-" + i + ";").getBytes(StandardCharsets.UTF_8);
        System.arraycopy(tag, 0, b, 0, tag.length);
        return b;
    }

    @Test
    void appendedRecordsAreReadBackByPositionWithTheirIngestTime() throws Exception {
        WriteAheadLog<String> wal = open(options(1 << 20, FsyncPolicy.NEVER));
        List<Long> positions = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            positions.add(wal.append(payload(i), "a" + i).get(5, TimeUnit.SECONDS));
            clock.advance(Duration.ofMillis(7));
        }
        for (int i = 0; i < 20; i++) {
            WalRecord r = wal.read(positions.get(i)).orElseThrow();
            assertThat(r.payload()).isEqualTo(payload(i));
            assertThat(r.position()).isEqualTo(positions.get(i));
            assertThat(r.epochMillis()).isEqualTo(MutableClock.at("2026-01-01T00:00:00Z").millis() + 7L * i);
        }
        assertThat(wal.stats().recordsAppended()).isEqualTo(20);
        assertThat(wal.lastWrittenPosition()).isEqualTo(positions.get(19));
    }

    @Test
    void positionsIncreaseInAppendOrderAndTheListenerSeesRecordsInThatOrder() throws Exception {
        List<WrittenRecord<Integer>> seen = new CopyOnWriteArrayList<>();
        WriteAheadLog<Integer> wal = open(options(2048, FsyncPolicy.NEVER), seen::addAll);
        List<CompletableFuture<Long>> futures = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            futures.add(wal.append(payload(i), i));
        }
        List<Long> positions = new ArrayList<>();
        for (CompletableFuture<Long> f : futures) {
            positions.add(f.get(5, TimeUnit.SECONDS));
        }
        assertThat(positions).isSorted().doesNotHaveDuplicates();
        assertThat(seen).extracting(WrittenRecord::attachment).containsExactlyElementsOf(
                java.util.stream.IntStream.range(0, 100).boxed().toList());
        assertThat(seen).extracting(WrittenRecord::position).containsExactlyElementsOf(positions);
        assertThat(RecordPosition.segmentId(positions.get(99))).isGreaterThan(1);
    }

    @Test
    void concurrentAppendersShareOneWriteAndOneFsyncPerGroup() throws Exception {
        CountDownLatch firstWriteHeld = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<Integer> groupSizes = new CopyOnWriteArrayList<>();
        WriteAheadLog<Integer> wal = open(options(1 << 20, FsyncPolicy.ALWAYS), records -> {
            groupSizes.add(records.size());
            if (groupSizes.size() == 1) {
                firstWriteHeld.countDown();
                await(release);
            }
        });
        CompletableFuture<Long> first = wal.append(payload(-1), -1);
        assertThat(firstWriteHeld.await(5, TimeUnit.SECONDS)).isTrue();

        int threads = 8;
        int perThread = 50;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<List<CompletableFuture<Long>>>> submitted = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int base = t * perThread;
            submitted.add(pool.submit(() -> {
                List<CompletableFuture<Long>> fs = new ArrayList<>();
                for (int i = 0; i < perThread; i++) {
                    fs.add(wal.append(payload(base + i), base + i));
                }
                return fs;
            }));
        }
        List<CompletableFuture<Long>> all = new ArrayList<>();
        for (Future<List<CompletableFuture<Long>>> f : submitted) {
            all.addAll(f.get(10, TimeUnit.SECONDS));
        }
        pool.shutdown();
        assertThat(all).noneMatch(CompletableFuture::isDone);
        release.countDown();

        first.get(5, TimeUnit.SECONDS);
        List<Long> positions = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            long p = all.get(i).get(5, TimeUnit.SECONDS);
            positions.add(p);
            assertThat(wal.read(p).orElseThrow().payload()).isEqualTo(payload(i));
        }
        assertThat(positions).doesNotHaveDuplicates();
        assertThat(groupSizes).containsExactly(1, threads * perThread);
        assertThat(wal.stats().fsyncs()).isEqualTo(2);
    }

    @Test
    void anAppendPastThePendingLimitIsRefusedAtOnceAndQueuesNothing() throws Exception {
        CountDownLatch writerHeld = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<Integer> written = new CopyOnWriteArrayList<>();
        long limit = 1000;
        WalOptions opts = new WalOptions(1 << 20, Duration.ofHours(1), FsyncPolicy.NEVER, Duration.ofSeconds(1), limit);
        WriteAheadLog<Integer> wal = open(opts, records -> {
            records.forEach(r -> written.add(r.attachment()));
            writerHeld.countDown();
            await(release);
        });
        byte[] p = new byte[84]; // 100 bytes encoded
        CompletableFuture<Long> inFlight = wal.append(p, 0);
        assertThat(writerHeld.await(5, TimeUnit.SECONDS)).isTrue();
        List<CompletableFuture<Long>> queued = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            queued.add(wal.append(p, i));
        }
        assertThat(wal.stats().pendingBytes()).isEqualTo(1000);

        assertThatThrownBy(() -> wal.append(p, 99))
                .isInstanceOf(StoreOverloadedException.class)
                .satisfies(e -> assertThat(((StoreOverloadedException) e).retryAfter()).isPositive());
        assertThat(wal.stats().pendingBytes()).isEqualTo(1000);
        assertThat(wal.stats().overloadRejections()).isEqualTo(1);

        release.countDown();
        inFlight.get(5, TimeUnit.SECONDS);
        for (CompletableFuture<Long> f : queued) {
            f.get(5, TimeUnit.SECONDS);
        }
        assertThat(written).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
        assertThat(wal.stats().pendingBytes()).isZero();
        assertThat(wal.stats().recordsAppended()).isEqualTo(11);
    }

    @Test
    void aRecordThatCanNeverFitIsRejectedAsAnArgumentNotAsOverload() throws Exception {
        WalOptions opts = new WalOptions(1 << 20, Duration.ofHours(1), FsyncPolicy.NEVER, Duration.ofSeconds(1), 100);
        WriteAheadLog<Integer> wal = open(opts, r -> { });
        assertThatThrownBy(() -> wal.append(new byte[85], 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> wal.append(new byte[0], 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aSegmentRollsBeforeARecordWouldTakeItPastSegmentBytes() throws Exception {
        WriteAheadLog<String> wal = open(options(1024, FsyncPolicy.NEVER));
        for (int i = 0; i < 40; i++) {
            wal.append(payload(i), null).get(5, TimeUnit.SECONDS);
        }
        List<SegmentInfo> segments = wal.segments();
        assertThat(segments).hasSizeGreaterThan(3);
        assertThat(segments).allSatisfy(s -> assertThat(s.bytes()).isLessThanOrEqualTo(1024));
        assertThat(segments.stream().mapToLong(SegmentInfo::records).sum()).isEqualTo(40);
        assertThat(segments).filteredOn(SegmentInfo::active).hasSize(1);
        assertThat(Files.list(dir).count()).isEqualTo(segments.size());
    }

    @Test
    void aSegmentRollsOnceItIsOlderThanSegmentMaxAgeOnTheClock() throws Exception {
        WalOptions opts = new WalOptions(1 << 20, Duration.ofMinutes(10), FsyncPolicy.NEVER, Duration.ofSeconds(1),
                1 << 20);
        WriteAheadLog<String> wal = open(opts);
        long a = wal.append(payload(1), null).get(5, TimeUnit.SECONDS);
        clock.advance(Duration.ofMinutes(9));
        long b = wal.append(payload(2), null).get(5, TimeUnit.SECONDS);
        clock.advance(Duration.ofMinutes(1));
        long c = wal.append(payload(3), null).get(5, TimeUnit.SECONDS);
        assertThat(RecordPosition.segmentId(b)).isEqualTo(RecordPosition.segmentId(a));
        assertThat(RecordPosition.segmentId(c)).isEqualTo(RecordPosition.segmentId(a) + 1);
        assertThat(wal.segments().get(0).newestRecordEpochMillis()).isEqualTo(clock.millis() - 60_000);
    }

    @Test
    void alwaysForcesEveryGroupWhileNeverForcesOnlyAtClose() throws Exception {
        WriteAheadLog<String> always = open(options(1 << 20, FsyncPolicy.ALWAYS));
        always.append(payload(1), null).get(5, TimeUnit.SECONDS);
        always.append(payload(2), null).get(5, TimeUnit.SECONDS);
        assertThat(always.stats().fsyncs()).isEqualTo(2);
        assertThat(always.stats().fsyncNanos()).isPositive();
        always.close();

        Files.createDirectories(dir.resolve("never"));
        WriteAheadLog<String> never = WriteAheadLog.open("never", dir.resolve("never"),
                options(1 << 20, FsyncPolicy.NEVER), clock, r -> { });
        never.append(payload(1), null).get(5, TimeUnit.SECONDS);
        never.append(payload(2), null).get(5, TimeUnit.SECONDS);
        assertThat(never.stats().fsyncs()).isZero();
        never.close();
        assertThat(never.stats().fsyncs()).isEqualTo(1);
    }

    @Test
    void intervalForcesWrittenRecordsWithoutAnotherAppend() throws Exception {
        WriteAheadLog<String> wal = open(options(1 << 20, FsyncPolicy.INTERVAL));
        wal.append(payload(1), null).get(5, TimeUnit.SECONDS);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (wal.stats().fsyncs() == 0 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(wal.stats().fsyncs()).isEqualTo(1);
    }

    @Test
    void aReopenedLogReadsEveryRecordAndAppendsAfterThem() throws Exception {
        WriteAheadLog<String> wal = open(options(1024, FsyncPolicy.NEVER));
        List<Long> positions = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            positions.add(wal.append(payload(i), null).get(5, TimeUnit.SECONDS));
        }
        wal.close();

        WriteAheadLog<String> again = open(options(1024, FsyncPolicy.NEVER));
        List<WalRecord> scanned = scanAll(again);
        assertThat(scanned).extracting(WalRecord::position).containsExactlyElementsOf(positions);
        for (int i = 0; i < 30; i++) {
            assertThat(scanned.get(i).payload()).isEqualTo(payload(i));
        }
        assertThat(again.recoveredEnd()).isGreaterThan(positions.get(29));
        long next = again.append(payload(30), null).get(5, TimeUnit.SECONDS);
        assertThat(next).isGreaterThanOrEqualTo(again.recoveredEnd());
        assertThat(again.stats().truncatedTails()).isZero();
        assertThat(again.stats().skippedBytes()).isZero();
    }

    @Test
    void aScanStartsAfterTheGivenPositionAndStopsBeforeTheBound() throws Exception {
        WriteAheadLog<String> wal = open(options(1024, FsyncPolicy.NEVER));
        List<Long> positions = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            positions.add(wal.append(payload(i), null).get(5, TimeUnit.SECONDS));
        }
        List<Long> seen = new ArrayList<>();
        long n = wal.scan(positions.get(9), positions.get(20), r -> seen.add(r.position()));
        assertThat(seen).containsExactlyElementsOf(positions.subList(10, 20));
        assertThat(n).isEqualTo(10);
    }

    @Test
    void readsOfADeletedSegmentAreEmptyAndTheActiveSegmentIsNeverDeleted() throws Exception {
        WriteAheadLog<String> wal = open(options(1024, FsyncPolicy.NEVER));
        List<Long> positions = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            positions.add(wal.append(payload(i), null).get(5, TimeUnit.SECONDS));
        }
        SegmentInfo oldest = wal.segments().get(0);
        SegmentInfo active = wal.segments().get(wal.segments().size() - 1);
        assertThat(wal.deleteSegment(active.id())).isZero();
        assertThat(wal.deleteSegment(oldest.id())).isEqualTo(oldest.bytes());
        assertThat(wal.read(positions.get(0))).isEmpty();
        assertThat(wal.read(positions.get(29))).isPresent();
        assertThat(wal.segments()).extracting(SegmentInfo::id).doesNotContain(oldest.id());
        assertThat(scanAll(wal)).hasSize(30 - (int) oldest.records());
    }

    @Test
    void aSealedActiveSegmentCanBeDeletedAndTheNextAppendStartsANewOne() throws Exception {
        WriteAheadLog<String> wal = open(options(1 << 20, FsyncPolicy.NEVER));
        long p = wal.append(payload(1), null).get(5, TimeUnit.SECONDS);
        assertThat(wal.sealActiveSegment()).isTrue();
        assertThat(wal.segments()).noneMatch(SegmentInfo::active);
        assertThat(wal.deleteSegment(RecordPosition.segmentId(p))).isPositive();
        long q = wal.append(payload(2), null).get(5, TimeUnit.SECONDS);
        assertThat(RecordPosition.segmentId(q)).isEqualTo(RecordPosition.segmentId(p) + 1);
        assertThat(wal.read(q).orElseThrow().payload()).isEqualTo(payload(2));
    }

    @Test
    void aRecordLargerThanTheStagingBufferRoundTrips() throws Exception {
        WriteAheadLog<String> wal = open(options(64L << 20, FsyncPolicy.NEVER));
        byte[] big = new byte[6 << 20];
        new Random(3).nextBytes(big);
        long a = wal.append(payload(1), null).get(5, TimeUnit.SECONDS);
        long b = wal.append(big, null).get(5, TimeUnit.SECONDS);
        long c = wal.append(payload(2), null).get(5, TimeUnit.SECONDS);
        assertThat(wal.read(a).orElseThrow().payload()).isEqualTo(payload(1));
        assertThat(wal.read(b).orElseThrow().payload()).isEqualTo(big);
        assertThat(wal.read(c).orElseThrow().payload()).isEqualTo(payload(2));
    }

    @Test
    void appendingToAClosedLogIsAnError() throws Exception {
        WriteAheadLog<String> wal = open(options(1 << 20, FsyncPolicy.NEVER));
        wal.close();
        assertThatThrownBy(() -> wal.append(payload(1), null)).isInstanceOf(IllegalStateException.class);
        assertThat(wal.stats().pendingBytes()).isZero();
    }

    static List<WalRecord> scanAll(WriteAheadLog<?> wal) throws IOException {
        List<WalRecord> out = new ArrayList<>();
        wal.scan(RecordPosition.NONE, Long.MAX_VALUE, out::add);
        return Collections.unmodifiableList(out);
    }

    static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
