package dev.sightline.ui.traces;

import dev.sightline.store.model.LogRecord;
import dev.sightline.store.model.Scoped;

import java.util.Locale;

/**
 * A log record as a line of a trace or correlation page: when, how severe (the shared {@code sev-*} colours), which
 * service, the body as text, and the trace and span it belongs to (hex, null when it has none).
 */
public record LogLine(long epochNanos, int severityNumber, String severity, String service, String body,
                      String traceId, String spanId) {

    public static LogLine of(Scoped<LogRecord> scoped) {
        LogRecord r = scoped.item();
        String body = r.body() == null ? r.eventName() : AnyValueText.of(r.body());
        return new LogLine(r.effectiveEpochNanos(), r.severityNumber(), severityName(r), scoped.resource()
                .serviceName(), body, r.traceId() == null ? null : r.traceId().toHex(),
                r.spanId() == null ? null : r.spanId().toHex());
    }

    /** The sender's severity text when it gave one, else the OTLP level of the number. */
    static String severityName(LogRecord r) {
        if (!r.severityText().isBlank()) {
            return r.severityText();
        }
        return level(r.severityNumber()).toUpperCase(Locale.ROOT);
    }

    /** OTLP severity ranges: 1–4 trace, 5–8 debug, 9–12 info, 13–16 warn, 17–20 error, 21–24 fatal. */
    static String level(int number) {
        if (number <= 0 || number > 24) {
            return "unspecified";
        }
        return switch ((number - 1) / 4) {
            case 0 -> "trace";
            case 1 -> "debug";
            case 2 -> "info";
            case 3 -> "warn";
            case 4 -> "error";
            default -> "fatal";
        };
    }

    public String severityClass() {
        return "sev-" + level(severityNumber);
    }
}
