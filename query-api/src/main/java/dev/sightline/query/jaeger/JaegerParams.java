package dev.sightline.query.jaeger;

import dev.sightline.query.Params;
import dev.sightline.query.errors.BadParameterException;
import dev.sightline.store.model.SpanKind;
import dev.sightline.store.model.TraceId;

import java.util.Locale;

/** Parameters as Jaeger's query service takes them; every failure names the parameter. */
final class JaegerParams {
    private JaegerParams() {
    }

    static String required(String name, String value) {
        if (value == null || value.isBlank()) {
            throw new BadParameterException(name, "is required");
        }
        return value;
    }

    /** An integer count of {@code unit}s since the Unix epoch (Jaeger: µs for traces, ms for dependencies). */
    static Long epochNanos(String name, String value, String unitName, long unitNanos) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Math.multiplyExact(Long.parseLong(value.trim()), unitNanos);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new BadParameterException(name, "must be an integer number of " + unitName
                    + " since the Unix epoch");
        }
    }

    /** A span kind as Jaeger names it (server, client, producer, consumer, internal); null when absent. */
    static SpanKind spanKind(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "server" -> SpanKind.SERVER;
            case "client" -> SpanKind.CLIENT;
            case "producer" -> SpanKind.PRODUCER;
            case "consumer" -> SpanKind.CONSUMER;
            case "internal" -> SpanKind.INTERNAL;
            default -> throw new BadParameterException(name,
                    "must be one of server, client, producer, consumer, internal");
        };
    }

    /** 1 to 32 hex characters, left-padded with zeros as Jaeger does for 64-bit IDs. */
    static TraceId traceId(String name, String hex) {
        if (hex == null || hex.isEmpty() || hex.length() > 32 || !hex.chars().allMatch(Params::isHex)) {
            throw new BadParameterException(name, "must be 1 to 32 hex characters, not all zeros");
        }
        try {
            return TraceId.fromHex("0".repeat(32 - hex.length()) + hex);
        } catch (IllegalArgumentException allZeros) {
            throw new BadParameterException(name, "must be 1 to 32 hex characters, not all zeros");
        }
    }
}
