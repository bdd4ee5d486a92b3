package dev.sightline.ui.service;

import dev.sightline.store.model.LogRecord;
import dev.sightline.store.query.AnyValues;

/**
 * One of the service's recent error log lines: when, how bad, what it said, and the trace it belongs to.
 *
 * @param traceId hex, null when the record carries no trace context
 */
public record ErrorLog(long epochNanos, int severityNumber, String severity, String body, String traceId) {
    /** A body longer than this is cut on this page; the logs page shows it whole. */
    static final int MAX_BODY = 500;

    static ErrorLog of(LogRecord r) {
        String body = r.body() == null ? "" : AnyValues.text(r.body());
        if (body.length() > MAX_BODY) {
            body = body.substring(0, MAX_BODY) + "…";
        }
        String severity = r.severityText().isEmpty() ? (r.severityNumber() >= 21 ? "FATAL" : "ERROR")
                : r.severityText();
        return new ErrorLog(r.effectiveEpochNanos(), r.severityNumber(), severity, body,
                r.traceId() == null ? null : r.traceId().toHex());
    }

    public String cssClass() {
        return severityNumber >= 21 ? "sev-fatal" : "sev-error";
    }
}
