package dev.sightline.alerting.slo;

/**
 * The good and valid event counts of one SLO, kept in two rings: per minute for the burn-rate windows (3 days and
 * an hour by default, so a 3-day window is always inside it) and per hour for the SLO window. Only complete
 * minutes are held: the history ends at {@link #end()}, the minute in progress, exclusive.
 *
 * <p>Memory: 8 bytes per minute slot (two ints) and 16 per hour slot (two longs). The defaults (4,380 minutes, a
 * 30-day window of 721 hours) take 35,040 + 11,536 bytes, about 47 KB per SLO, 47 MB for 1,000 SLOs. A minute's
 * counts saturate at 2^31 - 1 (35 million requests per second); hours are exact.
 *
 * <p>Hours are kept as the sum of their minutes: changing a minute that is still in the minute ring ({@link
 * #setMinute}) updates its hour by the difference, so late spans that are re-read correct both. Hours older than
 * the minute ring are only set whole, by a backfill ({@link #setHour}).
 *
 * <p>Not thread-safe; {@link SloTracker} guards it.
 */
final class SliHistory {
    private final int minuteSlots;
    private final int hourSlots;
    private final int[] minuteGood;
    private final int[] minuteTotal;
    private final long[] hourGood;
    private final long[] hourTotal;
    /** The first minute not (yet) held; minutes [end - minuteSlots, end) are. */
    private long end;

    SliHistory(int minuteSlots, int hourSlots, long endMinute) {
        if (minuteSlots < 60 || hourSlots < 2) {
            throw new IllegalArgumentException("history too short: " + minuteSlots + " minutes, " + hourSlots
                    + " hours");
        }
        this.minuteSlots = minuteSlots;
        this.hourSlots = hourSlots;
        this.minuteGood = new int[minuteSlots];
        this.minuteTotal = new int[minuteSlots];
        this.hourGood = new long[hourSlots];
        this.hourTotal = new long[hourSlots];
        this.end = endMinute;
    }

    /** Bytes of counts held for an SLO with these ring sizes (array headers and the object itself aside). */
    static long bytes(int minuteSlots, int hourSlots) {
        return 8L * minuteSlots + 16L * hourSlots;
    }

    long end() {
        return end;
    }

    int minuteSlots() {
        return minuteSlots;
    }

    /** The oldest minute held. */
    long firstMinute() {
        return end - minuteSlots;
    }

    /** The hour in progress (holding minutes up to {@link #end()}); the ring holds it and the hours before. */
    long currentHour() {
        return Math.floorDiv(end, 60);
    }

    long firstHour() {
        return currentHour() - hourSlots + 1;
    }

    /** Moves the end forward: minutes and hours that fall off the rings are forgotten, new ones start at zero. */
    void advanceTo(long newEnd) {
        if (newEnd <= end) {
            return;
        }
        for (long m = Math.max(end, newEnd - minuteSlots); m < newEnd; m++) {
            int i = minuteIndex(m);
            minuteGood[i] = 0;
            minuteTotal[i] = 0;
        }
        long oldHour = currentHour();
        long newHour = Math.floorDiv(newEnd, 60);
        for (long h = Math.max(oldHour + 1, newHour - hourSlots + 1); h <= newHour; h++) {
            int i = hourIndex(h);
            hourGood[i] = 0;
            hourTotal[i] = 0;
        }
        end = newEnd;
    }

    /** Whether {@code minute} is in the minute ring. */
    boolean holdsMinute(long minute) {
        return minute >= firstMinute() && minute < end;
    }

    long minuteTotal(long minute) {
        return holdsMinute(minute) ? minuteTotal[minuteIndex(minute)] : 0;
    }

    /** Replaces a minute's counts (and its hour's share of them); ignored outside the minute ring. */
    void setMinute(long minute, long good, long total) {
        if (!holdsMinute(minute)) {
            return;
        }
        int i = minuteIndex(minute);
        int g = saturate(good);
        int t = saturate(total);
        long hour = Math.floorDiv(minute, 60);
        if (hour >= firstHour()) {
            int h = hourIndex(hour);
            hourGood[h] += g - minuteGood[i];
            hourTotal[h] += t - minuteTotal[i];
        }
        minuteGood[i] = g;
        minuteTotal[i] = t;
    }

    /** Sets a whole hour from a backfill; ignored outside the hour ring. */
    void setHour(long hour, long good, long total) {
        if (hour < firstHour() || hour > currentHour()) {
            return;
        }
        int h = hourIndex(hour);
        hourGood[h] = good;
        hourTotal[h] = total;
    }

    /** Counts over the minutes [from, to), cut to what the minute ring holds. */
    EventCounts minutes(long from, long to) {
        long good = 0;
        long total = 0;
        for (long m = Math.max(from, firstMinute()); m < Math.min(to, end); m++) {
            int i = minuteIndex(m);
            good += minuteGood[i];
            total += minuteTotal[i];
        }
        return new EventCounts(good, total);
    }

    /** Counts of one hour; none outside the hour ring. */
    EventCounts hour(long hour) {
        if (hour < firstHour() || hour > currentHour()) {
            return EventCounts.NONE;
        }
        int h = hourIndex(hour);
        return new EventCounts(hourGood[h], hourTotal[h]);
    }

    private int minuteIndex(long minute) {
        return (int) Math.floorMod(minute, (long) minuteSlots);
    }

    private int hourIndex(long hour) {
        return (int) Math.floorMod(hour, (long) hourSlots);
    }

    /**
     * The rings as bytes, for {@link SliHistoryStore}: sizes, end, then the arrays as they lie (slots are found
     * from the end by modulo, so the raw arrays are the whole state).
     */
    byte[] toBytes() {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(16 + 8 * minuteSlots + 16 * hourSlots);
        b.putInt(minuteSlots).putInt(hourSlots).putLong(end);
        b.asIntBuffer().put(minuteGood);
        b.position(b.position() + 4 * minuteSlots);
        b.asIntBuffer().put(minuteTotal);
        b.position(b.position() + 4 * minuteSlots);
        b.asLongBuffer().put(hourGood);
        b.position(b.position() + 8 * hourSlots);
        b.asLongBuffer().put(hourTotal);
        return b.array();
    }

    /** Reads {@link #toBytes()}; throws {@link IllegalArgumentException} for anything else. */
    static SliHistory fromBytes(byte[] bytes) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(bytes);
        if (bytes.length < 16) {
            throw new IllegalArgumentException("SLI history too short: " + bytes.length + " bytes");
        }
        int minutes = b.getInt();
        int hours = b.getInt();
        long end = b.getLong();
        if (minutes < 60 || hours < 2 || bytes.length != 16 + 8L * minutes + 16L * hours) {
            throw new IllegalArgumentException("SLI history of " + bytes.length + " bytes does not hold " + minutes
                    + " minutes and " + hours + " hours");
        }
        SliHistory h = new SliHistory(minutes, hours, end);
        b.asIntBuffer().get(h.minuteGood);
        b.position(b.position() + 4 * minutes);
        b.asIntBuffer().get(h.minuteTotal);
        b.position(b.position() + 4 * minutes);
        b.asLongBuffer().get(h.hourGood);
        b.position(b.position() + 8 * hours);
        b.asLongBuffer().get(h.hourTotal);
        return h;
    }

    int hourSlots() {
        return hourSlots;
    }

    private static int saturate(long v) {
        return (int) Math.max(0, Math.min(Integer.MAX_VALUE, v));
    }
}
