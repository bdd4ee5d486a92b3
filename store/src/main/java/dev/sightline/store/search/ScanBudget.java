package dev.sightline.store.search;

/**
 * How much one search page may read: at most {@code maxRecords} decoded records and {@code maxMillis} of wall
 * time. A search that runs out returns what it found with a cursor to go on, so no query can hold a core for long
 * or read a week of data in one request.
 */
public record ScanBudget(int maxRecords, long maxMillis) {
    public static final ScanBudget DEFAULT = new ScanBudget(4096, 5_000);

    public ScanBudget {
        if (maxRecords < 1 || maxMillis < 1) {
            throw new IllegalArgumentException("a scan budget must allow at least one record and one millisecond");
        }
    }

    Meter start() {
        return new Meter(this, System.nanoTime());
    }

    static final class Meter {
        private final ScanBudget budget;
        private final long startNanos;
        private int records;

        private Meter(ScanBudget budget, long startNanos) {
            this.budget = budget;
            this.startNanos = startNanos;
        }

        boolean exhausted() {
            return records >= budget.maxRecords
                    || System.nanoTime() - startNanos >= budget.maxMillis * 1_000_000L;
        }

        void recordRead() {
            records++;
        }

        int recordsRead() {
            return records;
        }
    }
}
