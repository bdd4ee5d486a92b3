package dev.sightline.collector.otlp;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/** Small OTLP builders for the tests in this package. */
final class OtlpRequests {

    static final String TRACE_ID_HEX = "5b8efff798038103d269b633813fc60c";
    static final String SPAN_ID_HEX = "eee19b7ec3c1b174";
    static final String PARENT_ID_HEX = "eee19b7ec3c1b173";

    private OtlpRequests() {
    }

    static ByteString hex(String hex) {
        return ByteString.copyFrom(HexFormat.of().parseHex(hex));
    }

    static ByteString bytes(int length, int fill) {
        byte[] b = new byte[length];
        Arrays.fill(b, (byte) fill);
        return ByteString.copyFrom(b);
    }

    static KeyValue kv(String key, String value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
    }

    static KeyValue kv(String key, AnyValue value) {
        return KeyValue.newBuilder().setKey(key).setValue(value).build();
    }

    /** A valid span whose span ID ends in {@code n}, so spans can be told apart. */
    static Span.Builder validSpan(int n) {
        return Span.newBuilder()
                .setTraceId(hex(TRACE_ID_HEX))
                .setSpanId(hex(String.format("00000000000000%02x", n + 1)))
                .setName("span-" + n)
                .setStartTimeUnixNano(1_000L)
                .setEndTimeUnixNano(2_000L);
    }

    static ExportTraceServiceRequest traces(Span... spans) {
        return ExportTraceServiceRequest.newBuilder()
                .addResourceSpans(ResourceSpans.newBuilder()
                        .setResource(io.opentelemetry.proto.resource.v1.Resource.newBuilder()
                                .addAttributes(kv("service.name", "checkout")))
                        .addScopeSpans(ScopeSpans.newBuilder().addAllSpans(List.of(spans))))
                .build();
    }

    static LogRecord.Builder validLog(int n) {
        return LogRecord.newBuilder()
                .setTimeUnixNano(1_000L + n)
                .setBody(AnyValue.newBuilder().setStringValue("log-" + n))
                .setTraceId(hex(TRACE_ID_HEX))
                .setSpanId(hex(SPAN_ID_HEX));
    }

    static ExportLogsServiceRequest logs(LogRecord... records) {
        return ExportLogsServiceRequest.newBuilder()
                .addResourceLogs(ResourceLogs.newBuilder()
                        .addScopeLogs(ScopeLogs.newBuilder().addAllLogRecords(List.of(records))))
                .build();
    }

    static Metric.Builder gauge(String name, int points) {
        Gauge.Builder gauge = Gauge.newBuilder();
        for (int i = 0; i < points; i++) {
            gauge.addDataPoints(NumberDataPoint.newBuilder().setTimeUnixNano(1_000L + i).setAsInt(i));
        }
        return Metric.newBuilder().setName(name).setGauge(gauge);
    }

    static ExportMetricsServiceRequest metrics(Metric... metrics) {
        return ExportMetricsServiceRequest.newBuilder()
                .addResourceMetrics(ResourceMetrics.newBuilder()
                        .addScopeMetrics(ScopeMetrics.newBuilder().addAllMetrics(List.of(metrics))))
                .build();
    }

    /** An AnyValue with {@code depth} levels of arrays around a string. */
    static AnyValue nestedArrays(int depth) {
        AnyValue value = AnyValue.newBuilder().setStringValue("bottom").build();
        for (int i = 0; i < depth; i++) {
            value = AnyValue.newBuilder().setArrayValue(ArrayValue.newBuilder().addValues(value)).build();
        }
        return value;
    }

    /** The OTLP/JSON of a trace request whose one span has an attribute of {@code depth} nested arrays. */
    static String nestedArraysJson(int depth) {
        StringBuilder value = new StringBuilder("{\"stringValue\":\"bottom\"}");
        for (int i = 0; i < depth; i++) {
            value.insert(0, "{\"arrayValue\":{\"values\":[").append("]}}");
        }
        return "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"traceId\":\"" + TRACE_ID_HEX
                + "\",\"spanId\":\"" + SPAN_ID_HEX + "\",\"name\":\"deep\",\"attributes\":[{\"key\":\"deep\","
                + "\"value\":" + value + "}]}]}]}]}";
    }
}
