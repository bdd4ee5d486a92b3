package dev.sightline.store.wal;

import dev.sightline.store.StoreConfig.FsyncPolicy;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a crash or a bad disk can leave behind, and what opening the log must make of it: keep exactly the good
 * prefix, count what was cut or skipped, and take new appends after it.
 */
class WalCorruptionTest {

    private static final int RECORDS = 40;
    private static final WalOptions OPTIONS =
            new WalOptions(1024, Duration.ofHours(1), FsyncPolicy.NEVER, Duration.ofSeconds(1), 1 << 20);

    @TempDir
    Path dir;

    private final MutableClock clock = MutableClock.at("2026-01-01T00:00:00Z");

    /** One damage; {@link #damage} returns the indexes of the appended records that are lost. */
    enum Damage {
        TORN_LAST_RECORD(true) {
            @Override
            List<Integer> damage(Path dir, List<Long> positions) throws IOException {
                Path last = segmentFile(dir, positions.get(RECORDS - 1));
                truncate(last, Files.size(last) - 5);
                return List.of(RECORDS - 1);
            }
        },
        BAD_CHECKSUM_IN_LAST_RECORD(true) {
            @Override
            List<Integer> damage(Path dir, List<Long> positions) throws IOException {
                long p = positions.get(RECORDS - 1);
                flipByte(segmentFile(dir, p), RecordPosition.offset(p) + SegmentFormat.RECORD_HEADER_BYTES + 3);
                return List.of(RECORDS - 1);
            }
        },
        ZEROED_RECORD_HEADER(true) {
            @Override
            List<Integer> damage(Path dir, List<Long> positions) throws IOException {
                long lastSegment = RecordPosition.segmentId(positions.get(RECORDS - 1));
                int first = 0;
                while (RecordPosition.segmentId(positions.get(first)) != lastSegment) {
                    first++;
                }
                long p = positions.get(first);
                write(segmentFile(dir, p), RecordPosition.offset(p), new byte[SegmentFormat.RECORD_HEADER_BYTES]);
                List<Integer> lost = new ArrayList<>();
                for (int i = first; i < RECORDS; i++) {
                    lost.add(i);
                }
                return lost;
            }
        },
        TRUNCATED_SEGMENT_HEADER(true) {
            @Override
            List<Integer> damage(Path dir, List<Long> positions) throws IOException {
                long next = RecordPosition.segmentId(positions.get(RECORDS - 1)) + 1;
                Path f = dir.resolve(SegmentFormat.fileName(next));
                Files.write(f, java.util.Arrays.copyOf(SegmentFormat.segmentHeader(next, 0).array(), 10));
                return List.of();
            }
        },
        EMPTY_SEGMENT_FILE(true) {
            @Override
            List<Integer> damage(Path dir, List<Long> positions) throws IOException {
                long next = RecordPosition.segmentId(positions.get(RECORDS - 1)) + 1;
                Files.createFile(dir.resolve(SegmentFormat.fileName(next)));
                return List.of();
            }
        },
        GARBAGE_AFTER_GOOD_RECORDS(true) {
            @Override
            List<Integer> damage(Path dir, List<Long> positions) throws IOException {
                Path last = segmentFile(dir, positions.get(RECORDS - 1));
                byte[] junk = new byte[100];
                new java.util.Random(1).nextBytes(junk);
                Files.write(last, junk, StandardOpenOption.APPEND);
                return List.of();
            }
        },
        BAD_RECORD_IN_AN_OLDER_SEGMENT(false) {
            @Override
            List<Integer> damage(Path dir, List<Long> positions) throws IOException {
                long bad = positions.get(1);
                flipByte(segmentFile(dir, bad), RecordPosition.offset(bad) + SegmentFormat.RECORD_HEADER_BYTES + 1);
                List<Integer> lost = new ArrayList<>();
                for (int i = 1; i < RECORDS; i++) {
                    if (RecordPosition.segmentId(positions.get(i)) == RecordPosition.segmentId(bad)) {
                        lost.add(i);
                    }
                }
                return lost;
            }
        },
        ZEROED_HEADER_IN_AN_OLDER_SEGMENT(false) {
            @Override
            List<Integer> damage(Path dir, List<Long> positions) throws IOException {
                long bad = positions.get(1);
                write(segmentFile(dir, bad), RecordPosition.offset(bad), new byte[SegmentFormat.RECORD_HEADER_BYTES]);
                List<Integer> lost = new ArrayList<>();
                for (int i = 1; i < RECORDS; i++) {
                    if (RecordPosition.segmentId(positions.get(i)) == RecordPosition.segmentId(bad)) {
                        lost.add(i);
                    }
                }
                return lost;
            }
        };

        /** Damage at the tail is cut off the file; damage further back is skipped and left on disk. */
        final boolean atTheTail;

        Damage(boolean atTheTail) {
            this.atTheTail = atTheTail;
        }

        abstract List<Integer> damage(Path dir, List<Long> positions) throws IOException;
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Damage.class)
    void openingADamagedLogKeepsExactlyTheGoodRecordsCountsTheRestAndAcceptsNewAppends(Damage damage)
            throws Exception {
        List<Long> positions = new ArrayList<>();
        try (WriteAheadLog<Void> wal = WriteAheadLog.open("t", dir, OPTIONS, clock, r -> { })) {
            for (int i = 0; i < RECORDS; i++) {
                positions.add(wal.append(WriteAheadLogTest.payload(i), null).get(5, TimeUnit.SECONDS));
            }
        }
        assertThat(RecordPosition.segmentId(positions.get(RECORDS - 1))).isGreaterThan(2);
        long bytesBefore = totalBytes(dir);
        List<Integer> lost = damage.damage(dir, positions);
        long bytesDamaged = totalBytes(dir);

        try (WriteAheadLog<Void> wal = WriteAheadLog.open("t", dir, OPTIONS, clock, r -> { })) {
            List<WalRecord> scanned = WriteAheadLogTest.scanAll(wal);
            List<Long> expectedPositions = new ArrayList<>();
            List<byte[]> expectedPayloads = new ArrayList<>();
            for (int i = 0; i < RECORDS; i++) {
                if (!lost.contains(i)) {
                    expectedPositions.add(positions.get(i));
                    expectedPayloads.add(WriteAheadLogTest.payload(i));
                }
            }
            assertThat(scanned).extracting(WalRecord::position).containsExactlyElementsOf(expectedPositions);
            assertThat(scanned).extracting(WalRecord::payload).containsExactlyElementsOf(expectedPayloads);

            WalStats stats = wal.stats();
            long damagedBytes = bytesDamaged - bytesBefore;
            if (damage.atTheTail) {
                assertThat(stats.truncatedTails()).isEqualTo(1);
                assertThat(stats.skippedBytes()).isZero();
                if (lost.isEmpty()) {
                    assertThat(stats.truncatedBytes()).isEqualTo(damagedBytes);
                } else {
                    assertThat(stats.truncatedBytes()).isPositive();
                }
                assertThat(totalBytes(dir)).isEqualTo(bytesDamaged - stats.truncatedBytes());
            } else {
                assertThat(stats.truncatedTails()).isZero();
                assertThat(stats.skippedBytes()).isPositive();
            }

            long next = wal.append(WriteAheadLogTest.payload(100), null).get(5, TimeUnit.SECONDS);
            assertThat(next).isGreaterThan(positions.get(RECORDS - 1));
            assertThat(wal.read(next).orElseThrow().payload()).isEqualTo(WriteAheadLogTest.payload(100));
        }

        // A second open finds nothing more to cut: the repair was made once, on disk.
        try (WriteAheadLog<Void> wal = WriteAheadLog.open("t", dir, OPTIONS, clock, r -> { })) {
            assertThat(wal.stats().truncatedTails()).isZero();
            assertThat(WriteAheadLogTest.scanAll(wal)).hasSize(RECORDS - lost.size() + 1);
        }
    }

    static Path segmentFile(Path dir, long position) {
        return dir.resolve(SegmentFormat.fileName(RecordPosition.segmentId(position)));
    }

    static long totalBytes(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            return files.mapToLong(p -> p.toFile().length()).sum();
        }
    }

    static void truncate(Path file, long size) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.truncate(size);
        }
    }

    static void flipByte(Path file, long offset) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.allocate(1);
            ch.read(b, offset);
            b.put(0, (byte) (b.get(0) ^ 0x5A));
            b.rewind();
            ch.write(b, offset);
        }
    }

    static void write(Path file, long offset, byte[] bytes) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(bytes), offset);
        }
    }
}
