package dev.sightline.ui.logs;

import dev.sightline.store.model.AnyValue;
import dev.sightline.store.model.Attribute;
import dev.sightline.store.model.LogRecord;
import dev.sightline.store.model.Resource;
import dev.sightline.store.model.Scoped;
import dev.sightline.store.query.AnyValues;
import dev.sightline.store.read.CorrelationValues;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * One log record as a row of the explorer, every string ready for the template (which escapes it).
 *
 * @param nanos     the record's time (event time, else observed time), epoch nanoseconds: live mode orders by it
 * @param summary   the body on one line (the first line of a long text, a map or array compacted)
 * @param fullBody  the whole body when the summary does not show all of it (null otherwise): a long or multi-line
 *                  text, or a map or array laid out as indented JSON
 * @param key       identifies the record among the rows already shown, so live mode adds each record once
 */
public record LogRow(long nanos, String date, String clock, String fullTime, SeverityLevel level, String severity,
                     String service, String eventName, String summary, String fullBody, boolean structured,
                     List<Field> attributes, List<Field> resource, String traceId, String spanId,
                     String correlationId, String key) {

    /** One attribute; {@code value} of a map or array is indented JSON. */
    public record Field(String key, String value) {
    }

    static final int SUMMARY_CHARS = 240;
    static final int VALUE_CHARS = 4096;
    static final int MAX_CORRELATION_ID = 512;
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss.SSS")
            .withZone(ZoneOffset.UTC);

    public LogRow {
        attributes = List.copyOf(attributes);
        resource = List.copyOf(resource);
    }

    /** The row of one record; {@code correlationKeys} name the attributes whose value links to /correlations. */
    static LogRow of(Scoped<LogRecord> scoped, List<String> correlationKeys) {
        LogRecord r = scoped.item();
        long nanos = r.effectiveEpochNanos();
        Instant t = Instant.ofEpochSecond(0, nanos);
        SeverityLevel level = SeverityLevel.of(r.severityNumber(), r.severityText());
        String severity = r.severityText().isBlank() ? level.label() : r.severityText();
        String service = scoped.resource().serviceName();

        AnyValue body = r.body();
        String summary;
        String fullBody = null;
        boolean structured = body != null && ValueText.structured(body);
        if (body == null || body instanceof AnyValue.Empty) {
            summary = "";
        } else if (structured) {
            summary = ValueText.compact(body, SUMMARY_CHARS);
            fullBody = ValueText.pretty(body, ValueText.MAX_CHARS);
        } else {
            String text = body instanceof AnyValue.StringValue s ? s.value() : ValueText.compact(body, SUMMARY_CHARS);
            int newline = text.indexOf('\n');
            String firstLine = newline < 0 ? text : text.substring(0, newline);
            summary = ValueText.cut(firstLine.stripTrailing(), SUMMARY_CHARS);
            if (newline >= 0 || text.length() > SUMMARY_CHARS) {
                fullBody = ValueText.pretty(body, ValueText.MAX_CHARS);
            }
        }

        List<Field> attributes = fields(r.attributes(), null);
        List<Field> resource = fields(scoped.resource().attributes(), Resource.SERVICE_NAME);
        String traceId = r.traceId() == null ? null : r.traceId().toHex();
        String spanId = r.spanId() == null ? null : r.spanId().toHex();
        String correlationId = correlationId(r.attributes(), correlationKeys);
        String key = key(nanos, r.observedEpochNanos(), r.severityNumber(), service, traceId, spanId,
                body == null ? "" : AnyValues.text(body), attributes);
        return new LogRow(nanos, DATE.format(t), CLOCK.format(t), t.toString(), level, severity, service,
                r.eventName().isEmpty() ? null : r.eventName(), summary, fullBody, structured, attributes, resource,
                traceId, spanId, correlationId, key);
    }

    public boolean expandable() {
        return fullBody != null;
    }

    public boolean hasDetails() {
        return !attributes.isEmpty() || !resource.isEmpty();
    }

    private static List<Field> fields(List<Attribute> attributes, String skip) {
        List<Field> out = new ArrayList<>(attributes.size());
        for (Attribute a : attributes) {
            if (a.key().equals(skip)) {
                continue;
            }
            AnyValue v = a.value();
            String text = ValueText.structured(v) ? ValueText.pretty(v, VALUE_CHARS) : ValueText.cut(
                    v instanceof AnyValue.StringValue s ? s.value() : ValueText.compact(v, VALUE_CHARS), VALUE_CHARS);
            out.add(new Field(a.key(), text));
        }
        return out;
    }

    /**
     * The first correlation ID the record carries, read as the store indexes them ({@link CorrelationValues}:
     * strings, string arrays such as HTTP header attributes, integers), so the link always finds the record.
     */
    private static String correlationId(List<Attribute> attributes, List<String> keys) {
        for (String k : keys) {
            for (String id : CorrelationValues.of(Attribute.find(attributes, k))) {
                if (id.length() <= MAX_CORRELATION_ID) {
                    return id;
                }
            }
        }
        return null;
    }

    /** FNV-1a (64 bits) of what makes a record: two rows with the same key are the same record sent twice. */
    private static String key(long nanos, long observed, int severity, String service, String traceId, String spanId,
                              String body, List<Field> attributes) {
        StringBuilder sb = new StringBuilder(64 + body.length()).append(nanos).append('\u0001').append(observed)
                .append('\u0001').append(severity).append('\u0001').append(service).append('\u0001').append(traceId)
                .append('\u0001').append(spanId).append('\u0001').append(body);
        for (Field f : attributes) {
            sb.append('\u0001').append(f.key()).append('\u0002').append(f.value());
        }
        long h = 0xcbf29ce484222325L;
        for (byte b : sb.toString().getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        return HexFormat.of().toHexDigits(h);
    }
}
