package dev.sightline.ui.traces;

import dev.sightline.ui.web.Format;

/**
 * {@link Format#nanos} without {@link String#format}: the same text (three significant figures: 0.042 ms, 4.20 ms,
 * 420 ms, 4.20 s), from integer arithmetic. A 10,000-span waterfall writes three durations per row, and
 * {@code String.format} made those 30,000 calls the largest part of the page's server time. The rounding is the
 * same as Format's (half up on the decimal value) because a duration in whole nanoseconds is an exact decimal;
 * exact ties, a minute and more, and negative values go to {@link Format#nanos} itself, so the two never disagree
 * (MillisTextTest checks that against Format over many values).
 */
final class MillisText {
    private static final long MINUTE_NANOS = 60_000_000_000L;

    private MillisText() {
    }

    static String of(long nanos) {
        if (nanos < 0 || nanos >= MINUTE_NANOS) {
            return Format.nanos(nanos);
        }
        if (nanos < 1_000_000) {
            return fixed(nanos, 1_000, 3, " ms");
        }
        if (nanos < 10_000_000) {
            return fixed(nanos, 10_000, 2, " ms");
        }
        if (nanos < 1_000_000_000) {
            return fixed(nanos, 1_000_000, 0, " ms");
        }
        return fixed(nanos, 10_000_000, 2, " s");
    }

    /** {@code nanos / unit} rounded half up, written with {@code decimals} digits after the point. */
    private static String fixed(long nanos, long unit, int decimals, String suffix) {
        if (nanos % unit == unit / 2) {
            return Format.nanos(nanos);
        }
        long q = (nanos + unit / 2) / unit;
        StringBuilder b = new StringBuilder(12);
        if (decimals == 0) {
            return b.append(q).append(suffix).toString();
        }
        long scale = decimals == 2 ? 100 : 1000;
        b.append(q / scale).append('.');
        String frac = Long.toString(q % scale);
        for (int i = frac.length(); i < decimals; i++) {
            b.append('0');
        }
        return b.append(frac).append(suffix).toString();
    }

    /** A count with thousands separators, as {@link Format#count} writes it. */
    static String count(long n) {
        if (n < 0) {
            return Format.count(n);
        }
        String digits = Long.toString(n);
        StringBuilder b = new StringBuilder(digits.length() + digits.length() / 3);
        for (int i = 0; i < digits.length(); i++) {
            if (i > 0 && (digits.length() - i) % 3 == 0) {
                b.append(',');
            }
            b.append(digits.charAt(i));
        }
        return b.toString();
    }

    /** A non-negative ratio with one decimal, half up: 3.2, 150.0. */
    static String oneDecimal(double v) {
        if (!(v >= 0) || v > 1e15) {
            return String.format(java.util.Locale.ROOT, "%.1f", v);
        }
        long tenths = Math.round(v * 10);
        return (tenths / 10) + "." + (tenths % 10);
    }
}
