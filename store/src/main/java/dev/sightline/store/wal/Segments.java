package dev.sightline.store.wal;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * One log's segment files by id, oldest first, and the one being appended to. Filled at open by
 * {@link LogRecovery}; the {@link SegmentWriter} adds and activates segments, readers look them up and retention
 * deletes closed ones, all concurrently.
 */
final class Segments {
    private final ConcurrentSkipListMap<Long, Segment> byId = new ConcurrentSkipListMap<>();
    private volatile Segment active;

    void add(Segment s) {
        byId.put(s.id, s);
    }

    /** The segment, or null if there is none with that id (never was, or deleted). */
    Segment get(long id) {
        return byId.get(id);
    }

    /** Segments from {@code firstId} on, oldest first. */
    Collection<Segment> from(long firstId) {
        return byId.tailMap(firstId, true).values();
    }

    Collection<Segment> all() {
        return byId.values();
    }

    /** The segment being appended to; null until the first append after open and after a seal. */
    Segment active() {
        return active;
    }

    void setActive(Segment s) {
        active = s;
    }

    List<SegmentInfo> infos() {
        Segment a = active;
        List<SegmentInfo> out = new ArrayList<>(byId.size());
        for (Segment s : byId.values()) {
            out.add(new SegmentInfo(s.id, s.diskBytes, s.records, s.newestEpochMillis, s == a));
        }
        return out;
    }

    /**
     * Deletes a closed segment's file. Reads of its positions return empty from then on.
     *
     * @return the bytes freed; 0 if there is no such segment or it is the active one
     */
    long delete(long id) throws IOException {
        Segment s = byId.get(id);
        if (s == null || s == active) {
            return 0;
        }
        // The file first: if deleting it fails, the segment stays tracked (and counted) and the next pass retries.
        Files.deleteIfExists(s.path);
        byId.remove(id, s);
        s.markDeleted();
        return s.diskBytes;
    }

    void closeReadChannels() {
        for (Segment s : byId.values()) {
            s.closeReadChannel();
        }
    }
}
