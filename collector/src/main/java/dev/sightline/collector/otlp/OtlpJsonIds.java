package dev.sightline.collector.otlp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * Rewrites OTLP/JSON's hex trace and span IDs as the base64 that protobuf's {@code JsonFormat} expects for
 * {@code bytes} fields. Only the ID fields OTLP defines are touched (spans, span links, log records and
 * exemplars), under both their lowerCamelCase and original names. An ID that is not a string (or null) makes
 * the payload malformed; a string that is not hex becomes {@link OtlpDecoder#INVALID_HEX_ID}, for the mapper
 * to report against that item alone. Containers of the wrong JSON type are left for {@code JsonFormat}.
 */
final class OtlpJsonIds {

    private static final String[] TRACE_ID = {"traceId", "trace_id"};
    private static final String[] SPAN_ID = {"spanId", "span_id"};
    private static final String[] PARENT_SPAN_ID = {"parentSpanId", "parent_span_id"};

    private static final String[] RESOURCE_SPANS = {"resourceSpans", "resource_spans"};
    private static final String[] SCOPE_SPANS = {"scopeSpans", "scope_spans"};
    private static final String[] SPANS = {"spans"};
    private static final String[] LINKS = {"links"};
    private static final String[] RESOURCE_LOGS = {"resourceLogs", "resource_logs"};
    private static final String[] SCOPE_LOGS = {"scopeLogs", "scope_logs"};
    private static final String[] LOG_RECORDS = {"logRecords", "log_records"};
    private static final String[] RESOURCE_METRICS = {"resourceMetrics", "resource_metrics"};
    private static final String[] SCOPE_METRICS = {"scopeMetrics", "scope_metrics"};
    private static final String[] METRICS = {"metrics"};
    /** The metric kinds whose points carry exemplars (summaries have none). */
    private static final String[] EXEMPLAR_KINDS = {"gauge", "sum", "histogram", "exponentialHistogram",
            "exponential_histogram"};
    private static final String[] DATA_POINTS = {"dataPoints", "data_points"};
    private static final String[] EXEMPLARS = {"exemplars"};

    private static final String INVALID_HEX_BASE64 = Base64.getEncoder().encodeToString(OtlpDecoder.INVALID_HEX_ID);

    private OtlpJsonIds() {
    }

    static void convertTraces(ObjectNode request) {
        for (ObjectNode resource : objects(request, RESOURCE_SPANS)) {
            for (ObjectNode scope : objects(resource, SCOPE_SPANS)) {
                for (ObjectNode span : objects(scope, SPANS)) {
                    convert(span, TRACE_ID);
                    convert(span, SPAN_ID);
                    convert(span, PARENT_SPAN_ID);
                    for (ObjectNode link : objects(span, LINKS)) {
                        convert(link, TRACE_ID);
                        convert(link, SPAN_ID);
                    }
                }
            }
        }
    }

    static void convertLogs(ObjectNode request) {
        for (ObjectNode resource : objects(request, RESOURCE_LOGS)) {
            for (ObjectNode scope : objects(resource, SCOPE_LOGS)) {
                for (ObjectNode log : objects(scope, LOG_RECORDS)) {
                    convert(log, TRACE_ID);
                    convert(log, SPAN_ID);
                }
            }
        }
    }

    static void convertMetrics(ObjectNode request) {
        for (ObjectNode resource : objects(request, RESOURCE_METRICS)) {
            for (ObjectNode scope : objects(resource, SCOPE_METRICS)) {
                for (ObjectNode metric : objects(scope, METRICS)) {
                    for (String kind : EXEMPLAR_KINDS) {
                        if (metric.get(kind) instanceof ObjectNode data) {
                            for (ObjectNode point : objects(data, DATA_POINTS)) {
                                for (ObjectNode exemplar : objects(point, EXEMPLARS)) {
                                    convert(exemplar, TRACE_ID);
                                    convert(exemplar, SPAN_ID);
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /** Hex to base64; the marker ID when the text is not hex (odd length or a non-hex character). */
    static String hexToBase64(String hex) {
        if (hex.isEmpty()) {
            return hex;
        }
        byte[] bytes;
        try {
            bytes = HexFormat.of().parseHex(hex);
        } catch (IllegalArgumentException e) {
            return INVALID_HEX_BASE64;
        }
        return Base64.getEncoder().encodeToString(bytes);
    }

    private static void convert(ObjectNode node, String[] names) {
        for (String name : names) {
            JsonNode value = node.get(name);
            if (value == null || value.isNull()) {
                continue;
            }
            if (!value.isTextual()) {
                throw new MalformedPayloadException("JSON body does not match the OTLP schema: " + name
                        + " must be a hex string, got " + value.getNodeType().name().toLowerCase(Locale.ROOT));
            }
            node.put(name, hexToBase64(value.textValue()));
        }
    }

    /** The object elements of the arrays under any of {@code names}; other shapes are left for JsonFormat. */
    private static Iterable<ObjectNode> objects(ObjectNode node, String[] names) {
        JsonNode first = node.get(names[0]);
        JsonNode second = names.length > 1 ? node.get(names[1]) : null;
        if ((first == null || !first.isArray()) && (second == null || !second.isArray())) {
            return List.of();
        }
        List<ObjectNode> out = new ArrayList<>();
        addObjects(first, out);
        addObjects(second, out);
        return out;
    }

    private static void addObjects(JsonNode array, List<ObjectNode> out) {
        if (array != null && array.isArray()) {
            for (JsonNode element : array) {
                if (element instanceof ObjectNode object) {
                    out.add(object);
                }
            }
        }
    }
}
