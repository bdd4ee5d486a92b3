package dev.sightline.store.query;

import java.util.regex.Pattern;

/**
 * A regex match with a work limit. Patterns come from users and values from telemetry, and Java's backtracking
 * matcher can take exponential time on a hostile pair ({@code (a+)+$} against a long run of a's). The matcher reads
 * the value through a sequence that counts its reads; past {@link #MAX_READS} the match is abandoned and counts as
 * no match, so one value costs at most a few milliseconds.
 */
final class BoundedMatch {
    static final long MAX_READS = 2_000_000;

    private BoundedMatch() {
    }

    static boolean matches(Pattern pattern, String value) {
        try {
            return pattern.matcher(new CountingSequence(value, new long[] {0})).matches();
        } catch (TooMuchWork e) {
            return false;
        }
    }

    private static final class TooMuchWork extends RuntimeException {
        TooMuchWork() {
            super(null, null, false, false);
        }
    }

    private record CountingSequence(String value, long[] reads) implements CharSequence {
        @Override
        public int length() {
            return value.length();
        }

        @Override
        public char charAt(int index) {
            if (++reads[0] > MAX_READS) {
                throw new TooMuchWork();
            }
            return value.charAt(index);
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return new CountingSequence(value.substring(start, end), reads);
        }

        @Override
        public String toString() {
            return value;
        }
    }
}
