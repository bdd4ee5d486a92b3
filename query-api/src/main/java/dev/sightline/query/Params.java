package dev.sightline.query;

import dev.sightline.query.errors.BadParameterException;
import dev.sightline.store.model.TraceId;

import dev.sightline.store.query.TimeRange;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parsing of the parameters every endpoint shares, each failure naming the parameter. */
public final class Params {
    private Params() {
    }

    public static TraceId traceId(String name, String value) {
        if (value == null || value.length() != 32 || !value.chars().allMatch(Params::isHex)) {
            throw new BadParameterException(name, "must be 32 hex characters (a 16-byte W3C trace ID)");
        }
        try {
            return TraceId.fromHex(value);
        } catch (IllegalArgumentException e) {
            throw new BadParameterException(name, "must not be all zeros");
        }
    }

    /** A time as RFC 3339 ({@code 2026-11-29T10:00:00Z}) or epoch milliseconds; null when absent. */
    public static Long epochNanos(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            long millis = Long.parseLong(value.trim());
            return Math.multiplyExact(millis, 1_000_000L);
        } catch (NumberFormatException | ArithmeticException notMillis) {
            try {
                Instant t = Instant.parse(value.trim());
                return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000_000L), t.getNano());
            } catch (DateTimeParseException | ArithmeticException e) {
                throw new BadParameterException(name,
                        "must be RFC 3339 (e.g. 2026-11-29T10:00:00Z) or epoch milliseconds");
            }
        }
    }

    /**
     * A duration as Go and Prometheus write them: one or more number+unit pairs ({@code 250ms}, {@code 1.5s},
     * {@code 1h30m}; units ns, us, µs, ms, s, m, h, d, w), or a bare number of {@code bareUnit}s. Null when absent.
     */
    public static Duration duration(String name, String value, java.util.concurrent.TimeUnit bareUnit) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.trim();
        try {
            if (BARE_NUMBER.matcher(v).matches()) {
                return Duration.ofNanos(Math.round(Double.parseDouble(v) * bareUnit.toNanos(1)));
            }
            Matcher m = DURATION_PART.matcher(v);
            double nanos = 0;
            int at = 0;
            while (m.find() && m.start() == at) {
                nanos += Double.parseDouble(m.group(1)) * unitNanos(m.group(2));
                at = m.end();
            }
            if (at == v.length() && at > 0 && nanos < Long.MAX_VALUE) {
                return Duration.ofNanos(Math.round(nanos));
            }
        } catch (NumberFormatException e) {
            // falls through to the error below
        }
        throw new BadParameterException(name, "must be a duration such as 250ms, 1.5s, 5m or 1h30m");
    }

    private static final Pattern BARE_NUMBER = Pattern.compile("\\d+(\\.\\d+)?");
    private static final Pattern DURATION_PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|µs|ms|s|m|h|d|w)");

    private static double unitNanos(String unit) {
        return switch (unit) {
            case "ns" -> 1;
            case "us", "µs" -> 1e3;
            case "ms" -> 1e6;
            case "s" -> 1e9;
            case "m" -> 60e9;
            case "h" -> 3600e9;
            case "d" -> 86400e9;
            default -> 7 * 86400e9;
        };
    }

    /**
     * A time range from optional {@code start} / {@code end} parameters (see {@link #epochNanos}): {@code end}
     * defaults to now, {@code start} to {@code end - defaultLookback}. Rejected when it ends before it starts or
     * is longer than {@code maxLength}.
     */
    public static TimeRange timeRange(String startName, String start, String endName, String end, long nowNanos,
                                      Duration defaultLookback, Duration maxLength) {
        Long to = epochNanos(endName, end);
        Long from = epochNanos(startName, start);
        long toNanos = to == null ? nowNanos : to;
        long lookback = defaultLookback.toNanos();
        // Saturating: an end near the earliest representable time must not wrap around to the far future.
        long fromNanos = from != null ? from
                : toNanos < Long.MIN_VALUE + lookback ? Long.MIN_VALUE : toNanos - lookback;
        if (toNanos < fromNanos) {
            throw new BadParameterException(endName, "must not be before " + startName);
        }
        // to >= from, so to - from fits in 64 bits unsigned; compared signed, a range of centuries wraps negative.
        if (Long.compareUnsigned(toNanos - fromNanos, maxLength.toNanos()) > 0) {
            throw new BadParameterException(startName, "the range is longer than the maximum of " + maxLength
                    .toString().substring(2).toLowerCase());
        }
        return new TimeRange(fromNanos, toNanos);
    }

    /** A positive integer at most {@code max}; {@code defaultValue} when absent. */
    public static int limit(String name, String value, int defaultValue, int max) {
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= 1 && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // falls through
        }
        throw new BadParameterException(name, "must be an integer from 1 to " + max);
    }

    public static boolean isHex(int c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }
}
