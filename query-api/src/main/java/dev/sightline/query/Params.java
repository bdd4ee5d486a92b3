package dev.sightline.query;

import dev.sightline.query.errors.BadParameterException;
import dev.sightline.store.model.TraceId;

import java.time.Instant;
import java.time.format.DateTimeParseException;

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

    public static boolean isHex(int c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }
}
