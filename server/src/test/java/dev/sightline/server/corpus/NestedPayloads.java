package dev.sightline.server.corpus;

import static dev.sightline.server.corpus.ProtobufWire.concat;
import static dev.sightline.server.corpus.ProtobufWire.len;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Requests whose attribute (or log body) value nests AnyValues thousands of levels deep. The protobuf bytes are
 * written by hand, outside in: protobuf-java itself would recurse once per level to serialize them.
 */
final class NestedPayloads {
    private static final byte[] BOTTOM = len(1, "bottom".getBytes(StandardCharsets.US_ASCII));
    private static final byte[] KEY = len(1, "k".getBytes(StandardCharsets.US_ASCII));

    private NestedPayloads() {
    }

    /** One span whose attribute "deep" is an AnyValue nested {@code depth} arrays (or kvlists) deep. */
    static byte[] protobufTraces(int depth, boolean kvlist) {
        byte[] span = Span.newBuilder()
                .setTraceId(ByteString.copyFrom(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}))
                .setSpanId(ByteString.copyFrom(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}))
                .setName("deep").setStartTimeUnixNano(1).setEndTimeUnixNano(2).build().toByteArray();
        byte[] attribute = len(9, concat(len(1, "deep".getBytes(StandardCharsets.US_ASCII)),
                len(2, nestedAnyValue(depth, kvlist))));
        return len(1, len(2, len(2, concat(span, attribute))));
    }

    /**
     * The AnyValue, written outside in. Level i's size is known from level i-1's, so the sizes are computed
     * bottom up first; each level is AnyValue{array_value: ArrayValue{values: [inner]}} or
     * AnyValue{kvlist_value: KeyValueList{values: [KeyValue{key: "k", value: inner}]}}.
     */
    static byte[] nestedAnyValue(int depth, boolean kvlist) {
        int[] anyValueSize = new int[depth + 1];
        int[] containerSize = new int[depth + 1];
        int[] keyValueSize = new int[depth + 1];
        anyValueSize[0] = BOTTOM.length;
        for (int i = 1; i <= depth; i++) {
            int inner = anyValueSize[i - 1];
            if (kvlist) {
                keyValueSize[i] = KEY.length + 1 + varintSize(inner) + inner;
                containerSize[i] = 1 + varintSize(keyValueSize[i]) + keyValueSize[i];
            } else {
                containerSize[i] = 1 + varintSize(inner) + inner;
            }
            anyValueSize[i] = 1 + varintSize(containerSize[i]) + containerSize[i];
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(anyValueSize[depth]);
        for (int i = depth; i >= 1; i--) {
            out.writeBytes(ProtobufWire.tag(kvlist ? 6 : 5, ProtobufWire.LEN));
            out.writeBytes(ProtobufWire.varint(containerSize[i]));
            out.writeBytes(ProtobufWire.tag(1, ProtobufWire.LEN));
            if (kvlist) {
                out.writeBytes(ProtobufWire.varint(keyValueSize[i]));
                out.writeBytes(KEY);
                out.writeBytes(ProtobufWire.tag(2, ProtobufWire.LEN));
            }
            out.writeBytes(ProtobufWire.varint(anyValueSize[i - 1]));
        }
        out.writeBytes(BOTTOM);
        return out.toByteArray();
    }

    private static int varintSize(int value) {
        return ProtobufWire.varint(value).length;
    }

    static byte[] jsonTraces(int depth, boolean kvlist) {
        return utf8("{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":["
                + "{\"traceId\":\"5b8efff798038103d269b633813fc60c\","
                + "\"spanId\":\"eee19b7ec3c1b174\",\"name\":\"deep\",\"attributes\":[{\"key\":\"deep\",\"value\":"
                + nestedJson(depth, kvlist) + "}]}]}]}]}");
    }

    static byte[] jsonLogBody(int depth) {
        return utf8("{\"resourceLogs\":[{\"scopeLogs\":[{\"logRecords\":[{\"body\":" + nestedJson(depth, false)
                + "}]}]}]}");
    }

    /** Bare JSON arrays, nested: no OTLP at all, only depth. */
    static byte[] jsonArrays(int depth) {
        return utf8("[".repeat(depth) + "]".repeat(depth));
    }

    private static String nestedJson(int depth, boolean kvlist) {
        String open = kvlist ? "{\"kvlistValue\":{\"values\":[{\"key\":\"k\",\"value\":"
                : "{\"arrayValue\":{\"values\":[";
        String close = kvlist ? "}]}}" : "]}}";
        return open.repeat(depth) + "{\"stringValue\":\"bottom\"}" + close.repeat(depth);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
