package dev.sightline.store.codec;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import dev.sightline.store.model.AnyValue;
import dev.sightline.store.model.Attribute;
import dev.sightline.store.model.LogRecord;
import dev.sightline.store.model.SpanId;
import dev.sightline.store.model.TraceId;

import java.io.IOException;
import java.util.List;

/**
 * A log record: times, severity, body (tag 0 when absent), attributes, dropped count, flags, trace and span ID
 * (zero when absent) and event name.
 */
final class LogEncoding {

    private LogEncoding() {
    }

    static void write(CodedOutputStream out, LogRecord log) throws IOException {
        out.writeFixed64NoTag(log.epochNanos());
        out.writeFixed64NoTag(log.observedEpochNanos());
        out.writeUInt32NoTag(log.severityNumber());
        out.writeStringNoTag(log.severityText());
        ValueEncoding.writeValue(out, log.body());
        ValueEncoding.writeAttributes(out, log.attributes());
        out.writeUInt32NoTag(log.droppedAttributesCount());
        out.writeUInt32NoTag(log.flags());
        ValueEncoding.writeTraceId(out, log.traceId());
        ValueEncoding.writeSpanId(out, log.spanId());
        out.writeStringNoTag(log.eventName());
    }

    /**
     * The record if it carries {@code wanted}; otherwise reads past it without building it and returns null. The
     * trace ID comes late in a record, so a kept record is read again, in full, from {@code payload} (the array
     * {@code in} reads, from its start).
     */
    static LogRecord readIfOfTrace(CodedInputStream in, byte[] payload, TraceId wanted) throws IOException {
        int start = in.getTotalBytesRead();
        in.skipRawBytes(16); // times
        in.readUInt32();
        ValueEncoding.skipString(in);
        ValueEncoding.skipValue(in);
        ValueEncoding.skipAttributes(in);
        in.readUInt32();
        in.readUInt32();
        TraceId traceId = ValueEncoding.readTraceIdOrNull(in);
        in.skipRawBytes(8);
        ValueEncoding.skipString(in);
        if (!wanted.equals(traceId)) {
            return null;
        }
        return read(CodedInputStream.newInstance(payload, start, in.getTotalBytesRead() - start));
    }

    static LogRecord read(CodedInputStream in) throws IOException {
        long epochNanos = in.readFixed64();
        long observedEpochNanos = in.readFixed64();
        int severityNumber = in.readUInt32();
        String severityText = in.readStringRequireUtf8();
        AnyValue body = ValueEncoding.readValue(in);
        List<Attribute> attributes = ValueEncoding.readAttributes(in);
        int droppedAttributes = in.readUInt32();
        int flags = in.readUInt32();
        TraceId traceId = ValueEncoding.readTraceIdOrNull(in);
        SpanId spanId = ValueEncoding.readSpanIdOrNull(in);
        String eventName = in.readStringRequireUtf8();
        return new LogRecord(epochNanos, observedEpochNanos, severityNumber, severityText, body, attributes,
                droppedAttributes, flags, traceId, spanId, eventName);
    }
}
