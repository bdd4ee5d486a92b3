package dev.sightline.store.model;

import java.util.List;

/**
 * One log record, every OTLP field kept. {@code body}, {@code traceId} and {@code spanId} are null when
 * not sent; times are 0 when not sent (OTLP's "unknown").
 */
public record LogRecord(
        long epochNanos,
        long observedEpochNanos,
        int severityNumber,
        String severityText,
        AnyValue body,
        List<Attribute> attributes,
        int droppedAttributesCount,
        int flags,
        TraceId traceId,
        SpanId spanId,
        String eventName) {

    public LogRecord {
        severityText = severityText == null ? "" : severityText;
        attributes = List.copyOf(attributes);
        eventName = eventName == null ? "" : eventName;
    }

    /** The time to order by: the event time, or when the collector first saw it if the event time is unknown. */
    public long effectiveEpochNanos() {
        return epochNanos != 0 ? epochNanos : observedEpochNanos;
    }
}
