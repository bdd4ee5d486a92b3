package dev.sightline.store.index;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A skip index for one log record (ClickHouse calls these data-skipping indexes): what a search can rule out
 * without decoding the record. It holds the hashes of the record's service names and of its (service, span name)
 * pairs, the longest span, the number of error spans and the highest log severity. A search decodes only the
 * records whose digest admits a hit; hashes can collide, so a decoded record is still checked item by item.
 *
 * <p>Hashes are {@link String#hashCode()}, which the language specifies, so digests persisted by one run are
 * read right by the next. Past {@link #MAX_NAMES} names the digest gives up on names ({@code allNames}).
 */
public record RecordDigest(int[] sortedNameHashes, boolean allNames, long maxDurationNanos, int errorSpans,
                           int maxSeverity) {
    static final int MAX_NAMES = 4096;
    private static final byte VERSION = 1;

    /** For records without a digest (stored before digests existed, or undecodable): rules nothing out. */
    public static final RecordDigest UNKNOWN = new RecordDigest(new int[0], true, Long.MAX_VALUE, Integer.MAX_VALUE,
            Integer.MAX_VALUE);

    public static int serviceHash(String service) {
        return service.hashCode();
    }

    public static int operationHash(String service, String operation) {
        return 31 * service.hashCode() + operation.hashCode() + 0x5bd1e995;
    }

    public boolean mayHaveService(String service) {
        return allNames || Arrays.binarySearch(sortedNameHashes, serviceHash(service)) >= 0;
    }

    public boolean mayHaveOperation(String service, String operation) {
        return allNames || Arrays.binarySearch(sortedNameHashes, operationHash(service, operation)) >= 0;
    }

    byte[] encode() {
        int n = allNames ? 0 : sortedNameHashes.length;
        ByteBuffer b = ByteBuffer.allocate(1 + 1 + 8 + 4 + 4 + 4 + 4 * n);
        b.put(VERSION).put((byte) (allNames ? 1 : 0)).putLong(maxDurationNanos).putInt(errorSpans)
                .putInt(maxSeverity).putInt(n);
        for (int i = 0; i < n; i++) {
            b.putInt(sortedNameHashes[i]);
        }
        return b.array();
    }

    static RecordDigest decode(byte[] bytes) {
        if (bytes == null || bytes.length < 22 || bytes[0] != VERSION) {
            return UNKNOWN;
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        b.get();
        boolean all = b.get() != 0;
        long maxDuration = b.getLong();
        int errors = b.getInt();
        int severity = b.getInt();
        int n = b.getInt();
        if (n < 0 || n > b.remaining() / 4) {
            return UNKNOWN;
        }
        int[] hashes = new int[n];
        for (int i = 0; i < n; i++) {
            hashes[i] = b.getInt();
        }
        return new RecordDigest(hashes, all, maxDuration, errors, severity);
    }

    /** Collects a digest while a batch is walked. */
    static final class Builder {
        private int[] hashes = new int[16];
        private int size;
        private long maxDuration;
        private int errors;
        private int maxSeverity;

        void service(String service) {
            addHash(serviceHash(service));
        }

        void operation(String service, String operation) {
            addHash(operationHash(service, operation));
        }

        private void addHash(int h) {
            if (size == hashes.length) {
                hashes = Arrays.copyOf(hashes, size * 2);
            }
            hashes[size++] = h;
        }

        void span(long durationNanos, boolean error) {
            maxDuration = Math.max(maxDuration, durationNanos);
            if (error) {
                errors++;
            }
        }

        void severity(int severityNumber) {
            maxSeverity = Math.max(maxSeverity, severityNumber);
        }

        RecordDigest build() {
            int[] distinct = Arrays.stream(hashes, 0, size).sorted().distinct().toArray();
            boolean all = distinct.length > MAX_NAMES;
            return new RecordDigest(all ? new int[0] : distinct, all, maxDuration, errors, maxSeverity);
        }
    }
}
