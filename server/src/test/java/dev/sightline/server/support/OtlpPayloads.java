package dev.sightline.server.support;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;

/** Hand-built OTLP requests for tests that need bytes an SDK would never send. */
public final class OtlpPayloads {
    private static final SecureRandom RANDOM = new SecureRandom();

    private OtlpPayloads() {
    }

    public static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    public static String randomTraceIdHex() {
        return HexFormat.of().formatHex(randomBytes(16));
    }

    public static Span span(byte[] traceId, byte[] spanId, String name) {
        return Span.newBuilder().setTraceId(ByteString.copyFrom(traceId)).setSpanId(ByteString.copyFrom(spanId))
                .setName(name).setKind(Span.SpanKind.SPAN_KIND_SERVER)
                .setStartTimeUnixNano(1_700_000_000_000_000_000L).setEndTimeUnixNano(1_700_000_000_100_000_000L)
                .build();
    }

    public static ExportTraceServiceRequest traces(String service, List<Span> spans) {
        return ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder()
                .setResource(Resource.newBuilder().addAttributes(KeyValue.newBuilder().setKey("service.name")
                        .setValue(AnyValue.newBuilder().setStringValue(service))))
                .addScopeSpans(ScopeSpans.newBuilder().addAllSpans(spans))).build();
    }

    /** A valid request with one span per trace ID given, each with a random span ID. */
    public static ExportTraceServiceRequest tracesOf(String service, byte[]... traceIds) {
        return traces(service, java.util.Arrays.stream(traceIds)
                .map(id -> span(id, randomBytes(8), "op")).toList());
    }

    /** An attribute value nested {@code depth} arrays deep: parsers must refuse, not overflow the stack. */
    public static ExportTraceServiceRequest deeplyNested(int depth) {
        AnyValue value = AnyValue.newBuilder().setStringValue("bottom").build();
        for (int i = 0; i < depth; i++) {
            value = AnyValue.newBuilder().setArrayValue(ArrayValue.newBuilder().addValues(value)).build();
        }
        Span span = span(randomBytes(16), randomBytes(8), "deep").toBuilder()
                .addAttributes(KeyValue.newBuilder().setKey("deep").setValue(value)).build();
        return traces("deep", List.of(span));
    }

    public static String deeplyNestedJson(int depth) {
        StringBuilder value = new StringBuilder("{\"stringValue\":\"bottom\"}");
        for (int i = 0; i < depth; i++) {
            value.insert(0, "{\"arrayValue\":{\"values\":[").append("]}}");
        }
        return "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"traceId\":\"" + randomTraceIdHex()
                + "\",\"spanId\":\"0102030405060708\",\"name\":\"deep\",\"attributes\":[{\"key\":\"deep\",\"value\":"
                + value + "}]}]}]}]}";
    }

    /** A protobuf request whose span name is not valid UTF-8 (proto3 strings must be). */
    public static byte[] invalidUtf8Protobuf() {
        byte[] valid = traces("utf8", List.of(span(randomBytes(16), randomBytes(8), "XXXX"))).toByteArray();
        byte[] marker = "XXXX".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        for (int i = 0; i + 4 <= valid.length; i++) {
            if (valid[i] == marker[0] && valid[i + 1] == marker[1] && valid[i + 2] == marker[2] && valid[i + 3] == marker[3]) {
                valid[i] = (byte) 0xC3;
                valid[i + 1] = (byte) 0x28;
                valid[i + 2] = (byte) 0xFF;
                valid[i + 3] = (byte) 0xFE;
                return valid;
            }
        }
        throw new IllegalStateException("marker not found");
    }

    /** One gauge data point per label value, under {@code labelKey}, timestamped now (to the nanosecond). */
    public static io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest gauge(
            String service, String metric, String labelKey, String... labelValues) {
        long now = System.currentTimeMillis() * 1_000_000L + Math.floorMod(System.nanoTime(), 1_000_000L);
        io.opentelemetry.proto.metrics.v1.Gauge.Builder gauge = io.opentelemetry.proto.metrics.v1.Gauge.newBuilder();
        for (String value : labelValues) {
            gauge.addDataPoints(io.opentelemetry.proto.metrics.v1.NumberDataPoint.newBuilder()
                    .setTimeUnixNano(now).setAsInt(1).addAttributes(string(labelKey, value)));
        }
        return io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest.newBuilder()
                .addResourceMetrics(io.opentelemetry.proto.metrics.v1.ResourceMetrics.newBuilder()
                        .setResource(Resource.newBuilder().addAttributes(string("service.name", service)))
                        .addScopeMetrics(io.opentelemetry.proto.metrics.v1.ScopeMetrics.newBuilder()
                                .addMetrics(io.opentelemetry.proto.metrics.v1.Metric.newBuilder().setName(metric)
                                        .setGauge(gauge)))).build();
    }

    /** One log record per body, in one trace, timestamped now. */
    public static io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest logs(
            String service, byte[] traceId, String... bodies) {
        long now = System.currentTimeMillis() * 1_000_000L;
        io.opentelemetry.proto.logs.v1.ScopeLogs.Builder scope = io.opentelemetry.proto.logs.v1.ScopeLogs.newBuilder();
        for (String body : bodies) {
            scope.addLogRecords(io.opentelemetry.proto.logs.v1.LogRecord.newBuilder().setTimeUnixNano(now)
                    .setTraceId(ByteString.copyFrom(traceId)).setSeverityNumberValue(9)
                    .setBody(AnyValue.newBuilder().setStringValue(body)));
        }
        return io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest.newBuilder()
                .addResourceLogs(io.opentelemetry.proto.logs.v1.ResourceLogs.newBuilder()
                        .setResource(Resource.newBuilder().addAttributes(string("service.name", service)))
                        .addScopeLogs(scope)).build();
    }

    public static KeyValue string(String key, String value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
    }
}
