package dev.sightline.store.codec;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import dev.sightline.store.model.Attribute;
import dev.sightline.store.model.Span;
import dev.sightline.store.model.SpanEvent;
import dev.sightline.store.model.SpanId;
import dev.sightline.store.model.SpanKind;
import dev.sightline.store.model.SpanLink;
import dev.sightline.store.model.SpanStatus;
import dev.sightline.store.model.TraceId;

import java.io.IOException;
import java.util.List;

import static dev.sightline.store.codec.ValueEncoding.listOf;
import static dev.sightline.store.codec.ValueEncoding.readAttributes;
import static dev.sightline.store.codec.ValueEncoding.readCount;
import static dev.sightline.store.codec.ValueEncoding.readEnumNumber;
import static dev.sightline.store.codec.ValueEncoding.room;
import static dev.sightline.store.codec.ValueEncoding.slots;
import static dev.sightline.store.codec.ValueEncoding.writeAttributes;

/**
 * A span: trace ID, span ID, parent (zero when root), trace state, flags, name, kind, start, end as a delta from
 * start, attributes, events (times as deltas from start), links, dropped counts and status.
 */
final class SpanEncoding {

    private static final int SPAN_KINDS = SpanKind.values().length;
    private static final int STATUS_CODES = SpanStatus.Code.values().length;

    private SpanEncoding() {
    }

    static void write(CodedOutputStream out, Span span) throws IOException {
        ValueEncoding.writeTraceId(out, span.traceId());
        ValueEncoding.writeSpanId(out, span.spanId());
        ValueEncoding.writeSpanId(out, span.parentSpanId());
        out.writeStringNoTag(span.traceState());
        out.writeUInt32NoTag(span.flags());
        out.writeStringNoTag(span.name());
        out.writeUInt32NoTag(span.kind().ordinal());
        long start = span.startEpochNanos();
        out.writeFixed64NoTag(start);
        out.writeSInt64NoTag(span.endEpochNanos() - start);
        writeAttributes(out, span.attributes());
        out.writeUInt32NoTag(span.droppedAttributesCount());

        List<SpanEvent> events = span.events();
        out.writeUInt32NoTag(events.size());
        for (int i = 0, n = events.size(); i < n; i++) {
            SpanEvent e = events.get(i);
            out.writeSInt64NoTag(e.epochNanos() - start);
            out.writeStringNoTag(e.name());
            writeAttributes(out, e.attributes());
            out.writeUInt32NoTag(e.droppedAttributesCount());
        }
        out.writeUInt32NoTag(span.droppedEventsCount());

        List<SpanLink> links = span.links();
        out.writeUInt32NoTag(links.size());
        for (int i = 0, n = links.size(); i < n; i++) {
            SpanLink l = links.get(i);
            ValueEncoding.writeTraceId(out, l.traceId());
            ValueEncoding.writeSpanId(out, l.spanId());
            out.writeStringNoTag(l.traceState());
            writeAttributes(out, l.attributes());
            out.writeUInt32NoTag(l.droppedAttributesCount());
            out.writeUInt32NoTag(l.flags());
        }
        out.writeUInt32NoTag(span.droppedLinksCount());

        out.writeUInt32NoTag(span.status().code().ordinal());
        out.writeStringNoTag(span.status().message());
    }

    /**
     * The span if it belongs to {@code wanted}; otherwise reads past it without building it and returns null. A
     * trace is a few spans of a batch of hundreds, so skipping the others is most of the cost of reading a trace.
     */
    static Span readIfOfTrace(CodedInputStream in, TraceId wanted) throws IOException {
        TraceId traceId = ValueEncoding.readTraceId(in);
        if (traceId.equals(wanted)) {
            return readAfterTraceId(in, traceId);
        }
        in.skipRawBytes(16); // span ID, parent span ID
        ValueEncoding.skipString(in); // trace state
        in.readUInt32(); // flags
        ValueEncoding.skipString(in); // name
        readEnumNumber(in, SPAN_KINDS, "span kind");
        in.skipRawBytes(8); // start
        in.readSInt64(); // end
        ValueEncoding.skipAttributes(in);
        in.readUInt32();
        int eventCount = readCount(in, 4, "span events");
        for (int i = 0; i < eventCount; i++) {
            in.readSInt64();
            ValueEncoding.skipString(in);
            ValueEncoding.skipAttributes(in);
            in.readUInt32();
        }
        in.readUInt32();
        int linkCount = readCount(in, 28, "span links");
        for (int i = 0; i < linkCount; i++) {
            in.skipRawBytes(24);
            ValueEncoding.skipString(in);
            ValueEncoding.skipAttributes(in);
            in.readUInt32();
            in.readUInt32();
        }
        in.readUInt32();
        readEnumNumber(in, STATUS_CODES, "status code");
        ValueEncoding.skipString(in);
        return null;
    }

    static Span read(CodedInputStream in) throws IOException {
        return readAfterTraceId(in, ValueEncoding.readTraceId(in));
    }

    private static Span readAfterTraceId(CodedInputStream in, TraceId traceId) throws IOException {
        SpanId spanId = ValueEncoding.readSpanId(in);
        SpanId parentSpanId = ValueEncoding.readSpanIdOrNull(in);
        String traceState = in.readStringRequireUtf8();
        int flags = in.readUInt32();
        String name = in.readStringRequireUtf8();
        SpanKind kind = SpanKind.fromNumber(readEnumNumber(in, SPAN_KINDS, "span kind"));
        long start = in.readFixed64();
        long end = start + in.readSInt64();
        List<Attribute> attributes = readAttributes(in);
        int droppedAttributes = in.readUInt32();

        // An event takes at least 4 bytes: time, name length, attribute count, dropped count.
        int eventCount = readCount(in, 4, "span events");
        Object[] events = slots(eventCount);
        for (int i = 0; i < eventCount; i++) {
            events = room(events, i, eventCount);
            long time = start + in.readSInt64();
            String eventName = in.readStringRequireUtf8();
            List<Attribute> eventAttributes = readAttributes(in);
            events[i] = new SpanEvent(time, eventName, eventAttributes, in.readUInt32());
        }
        int droppedEvents = in.readUInt32();

        // A link takes at least 28 bytes: 24 of IDs, trace state length, attribute count, dropped count, flags.
        int linkCount = readCount(in, 28, "span links");
        Object[] links = slots(linkCount);
        for (int i = 0; i < linkCount; i++) {
            links = room(links, i, linkCount);
            TraceId linkTraceId = ValueEncoding.readTraceId(in);
            SpanId linkSpanId = ValueEncoding.readSpanId(in);
            String linkTraceState = in.readStringRequireUtf8();
            List<Attribute> linkAttributes = readAttributes(in);
            int linkDropped = in.readUInt32();
            links[i] = new SpanLink(linkTraceId, linkSpanId, linkTraceState, linkAttributes, linkDropped,
                    in.readUInt32());
        }
        int droppedLinks = in.readUInt32();

        SpanStatus.Code code = SpanStatus.Code.fromNumber(readEnumNumber(in, STATUS_CODES, "status code"));
        String message = in.readStringRequireUtf8();
        SpanStatus status = code == SpanStatus.Code.UNSET && message.isEmpty()
                ? SpanStatus.UNSET : new SpanStatus(code, message);

        return new Span(traceId, spanId, traceState, parentSpanId, flags, name, kind, start, end, attributes,
                droppedAttributes, listOf(events), droppedEvents, listOf(links), droppedLinks, status);
    }
}
