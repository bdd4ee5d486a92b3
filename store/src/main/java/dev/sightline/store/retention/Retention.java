package dev.sightline.store.retention;

import dev.sightline.store.model.Signal;
import dev.sightline.store.wal.SegmentInfo;
import dev.sightline.store.wal.WriteAheadLog;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Deletes whole log segments: first, per signal, every closed segment whose newest record is older than the
 * signal's retention on the {@link Clock}; then, while the logs together exceed the disk budget, the closed segment
 * with the oldest newest record across all signals. An active segment whose newest record is already past
 * retention (the signal stopped receiving data) is sealed first so it can go too; the segment being written to is
 * never deleted.
 *
 * <p>Before a segment's file is deleted, the {@link SegmentPurger} removes every index row and entry that points
 * into it, so a crash between the two leaves a file nobody points to (deleted on the next pass), never an index
 * that points into nothing. Not thread-safe: one pass at a time (the store runs it from one scheduler thread).
 */
public final class Retention {
    private static final Logger LOG = Logger.getLogger(Retention.class);

    /** Removes the index rows and entries of one segment; called before the segment's file is deleted. */
    @FunctionalInterface
    public interface SegmentPurger {
        void purge(Signal signal, long segmentId) throws Exception;
    }

    private final Clock clock;
    private final Map<Signal, Duration> retention;
    private final long diskBudgetBytes;
    private final Map<Signal, ? extends WriteAheadLog<?>> logs;
    private final SegmentPurger purger;
    private final AtomicLongArray deletedSegments = new AtomicLongArray(Signal.values().length);
    private final AtomicLongArray deletedBytes = new AtomicLongArray(Signal.values().length);

    public Retention(Clock clock, Map<Signal, Duration> retention, long diskBudgetBytes,
                     Map<Signal, ? extends WriteAheadLog<?>> logs, SegmentPurger purger) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.retention = Map.copyOf(retention);
        this.diskBudgetBytes = diskBudgetBytes;
        this.logs = Map.copyOf(logs);
        this.purger = Objects.requireNonNull(purger, "purger");
    }

    /** One pass. */
    public RetentionReport run() throws Exception {
        Map<Signal, Integer> byAge = new EnumMap<>(Signal.class);
        Map<Signal, Integer> byBudget = new EnumMap<>(Signal.class);
        Map<Signal, Long> bytes = new EnumMap<>(Signal.class);
        long now = clock.millis();
        for (Signal signal : Signal.values()) {
            WriteAheadLog<?> log = logs.get(signal);
            Duration keep = retention.get(signal);
            if (log == null || keep == null) {
                continue;
            }
            long cutoff = now - keep.toMillis();
            for (SegmentInfo s : log.segments()) {
                if (s.active() && s.records() > 0 && s.newestRecordEpochMillis() < cutoff) {
                    log.sealActiveSegment();
                }
            }
            for (SegmentInfo s : log.segments()) {
                if (!s.active() && s.newestRecordEpochMillis() < cutoff) {
                    long freed = delete(signal, log, s);
                    if (freed > 0) {
                        byAge.merge(signal, 1, Integer::sum);
                        bytes.merge(signal, freed, Long::sum);
                    }
                }
            }
        }
        if (diskBudgetBytes > 0) {
            record Candidate(Signal signal, SegmentInfo segment) {
            }
            long total = 0;
            List<Candidate> closed = new ArrayList<>();
            for (Map.Entry<Signal, ? extends WriteAheadLog<?>> e : logs.entrySet()) {
                for (SegmentInfo s : e.getValue().segments()) {
                    total += s.bytes();
                    if (!s.active()) {
                        closed.add(new Candidate(e.getKey(), s));
                    }
                }
            }
            closed.sort(Comparator.comparingLong((Candidate c) -> c.segment().newestRecordEpochMillis())
                    .thenComparingLong(c -> c.segment().id()));
            for (Candidate c : closed) {
                if (total <= diskBudgetBytes) {
                    break;
                }
                long freed = delete(c.signal(), logs.get(c.signal()), c.segment());
                if (freed > 0) {
                    total -= c.segment().bytes();
                    byBudget.merge(c.signal(), 1, Integer::sum);
                    bytes.merge(c.signal(), freed, Long::sum);
                }
            }
            if (total > diskBudgetBytes) {
                LOG.debugf("retention: %d bytes of logs, over the budget of %d, but only active segments are left",
                        total, diskBudgetBytes);
            }
        }
        RetentionReport report = new RetentionReport(byAge, byBudget, bytes);
        if (report.totalSegments() > 0) {
            LOG.infof("retention: deleted %d segments by age %s and by budget %s, %s bytes", report.totalSegments(),
                    byAge, byBudget, bytes);
        }
        return report;
    }

    private long delete(Signal signal, WriteAheadLog<?> log, SegmentInfo s) throws Exception {
        purger.purge(signal, s.id());
        long freed;
        try {
            freed = log.deleteSegment(s.id());
        } catch (IOException e) {
            LOG.warnf(e, "retention: cannot delete segment %d of %s", s.id(), signal);
            return 0;
        }
        deletedSegments.incrementAndGet(signal.ordinal());
        deletedBytes.addAndGet(signal.ordinal(), freed);
        return freed;
    }

    /** Segments deleted since the store opened. */
    public long deletedSegments(Signal signal) {
        return deletedSegments.get(signal.ordinal());
    }

    public long deletedBytes(Signal signal) {
        return deletedBytes.get(signal.ordinal());
    }
}
