package dev.sightline.server.e2e;

import dev.sightline.server.support.ApiClient;
import dev.sightline.server.support.ServerPorts;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.logs.Logger;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.exporter.otlp.http.logs.OtlpHttpLogRecordExporter;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.logs.OtlpGrpcLogRecordExporter;
import io.opentelemetry.exporter.otlp.metrics.OtlpGrpcMetricExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.logs.export.LogRecordExporter;
import io.opentelemetry.sdk.logs.export.SimpleLogRecordProcessor;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.testing.exporter.InMemoryLogRecordExporter;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real OpenTelemetry Java SDK exports to the running server over OTLP/gRPC and OTLP/HTTP (protobuf);
 * what it exported is read back through the API and compared field by field with what the SDK recorded.
 */
@QuarkusTest
class OpenTelemetrySdkExportTest {

    private final ApiClient api = new ApiClient(ServerPorts.api());

    private SpanExporter spanExporter(String transport) {
        return transport.equals("grpc")
                ? OtlpGrpcSpanExporter.builder().setEndpoint("http://127.0.0.1:" + ServerPorts.grpc()).build()
                : OtlpHttpSpanExporter.builder()
                .setEndpoint("http://127.0.0.1:" + ServerPorts.otlpHttp() + "/v1/traces").build();
    }

    private LogRecordExporter logExporter(String transport) {
        return transport.equals("grpc")
                ? OtlpGrpcLogRecordExporter.builder().setEndpoint("http://127.0.0.1:" + ServerPorts.grpc()).build()
                : OtlpHttpLogRecordExporter.builder()
                .setEndpoint("http://127.0.0.1:" + ServerPorts.otlpHttp() + "/v1/logs").build();
    }

    private MetricExporter metricExporter(String transport) {
        return transport.equals("grpc")
                ? OtlpGrpcMetricExporter.builder().setEndpoint("http://127.0.0.1:" + ServerPorts.grpc()).build()
                : OtlpHttpMetricExporter.builder()
                .setEndpoint("http://127.0.0.1:" + ServerPorts.otlpHttp() + "/v1/metrics").build();
    }

    private static Resource resource(String service) {
        return Resource.create(Attributes.builder()
                .put("service.name", service)
                .put("service.version", "1.4.2")
                .put("deployment.environment.name", "test")
                .build());
    }

    @ParameterizedTest
    @ValueSource(strings = {"grpc", "http"})
    void spansExportedByTheSdkAreReadBackFieldByField(String transport) {
        String service = "checkout-" + transport + "-" + UUID.randomUUID();
        List<SpanData> sent;
        InMemorySpanExporter recorded = InMemorySpanExporter.create();
        SpanExporter otlp = spanExporter(transport);
        SdkTracerProvider provider = SdkTracerProvider.builder()
                .setResource(resource(service))
                .addSpanProcessor(SimpleSpanProcessor.create(recorded))
                .addSpanProcessor(SimpleSpanProcessor.create(otlp))
                .build();
        try {
            Tracer tracer = provider.get("sightline-e2e", "1.2.3");
            SpanContext linked = SpanContext.create("0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331",
                    TraceFlags.getSampled(), TraceState.builder().put("vendor", "value").build());
            Span root = tracer.spanBuilder("GET /checkout").setSpanKind(SpanKind.SERVER)
                    .setAttribute("http.request.method", "GET")
                    .setAttribute("http.response.status_code", 200L)
                    .setAttribute("sampling.ratio", 0.25)
                    .setAttribute("cache.hit", false)
                    .setAttribute(AttributeKey.stringArrayKey("tags"), List.of("a", "b"))
                    .setAttribute(AttributeKey.longArrayKey("ports"), List.of(80L, 443L))
                    .setAttribute("request_id", "req-" + transport)
                    .addLink(linked, Attributes.of(AttributeKey.stringKey("link.kind"), "follows"))
                    .startSpan();
            try (Scope ignored = root.makeCurrent()) {
                root.addEvent("cache miss", Attributes.of(AttributeKey.stringKey("cache.key"), "user:42"));
                Span child = tracer.spanBuilder("SELECT orders").setSpanKind(SpanKind.CLIENT)
                        .setAttribute("db.system", "postgresql").startSpan();
                child.recordException(new IllegalStateException("connection reset"));
                child.setStatus(StatusCode.ERROR, "query failed");
                child.end();
            }
            root.setStatus(StatusCode.OK);
            root.end();
            assertThat(provider.forceFlush().join(10, TimeUnit.SECONDS).isSuccess()).isTrue();
        } finally {
            // Shutting down clears the in-memory exporter, so keep what it recorded first.
            sent = List.copyOf(recorded.getFinishedSpanItems());
            provider.shutdown().join(10, TimeUnit.SECONDS);
        }

        assertThat(sent).hasSize(2);
        String traceId = sent.get(0).getTraceId();
        JsonPath trace = api.trace(traceId, 2);
        assertThat(trace.getInt("spanCount")).isEqualTo(2);
        assertThat(trace.getList("services", String.class)).containsExactly(service);
        List<Map<String, Object>> stored = trace.getList("spans");
        for (SpanData expected : sent) {
            Map<String, Object> actual = stored.stream()
                    .filter(s -> s.get("spanId").equals(expected.getSpanId())).findFirst().orElseThrow();
            assertSpan(actual, expected);
        }
    }

    @SuppressWarnings("unchecked")
    private static void assertSpan(Map<String, Object> actual, SpanData expected) {
        assertThat(actual.get("traceId")).isEqualTo(expected.getTraceId());
        assertThat(actual.get("name")).isEqualTo(expected.getName());
        assertThat(actual.get("kind")).isEqualTo(expected.getKind().name());
        assertThat(actual.get("startTimeUnixNano")).isEqualTo(Long.toString(expected.getStartEpochNanos()));
        assertThat(actual.get("endTimeUnixNano")).isEqualTo(Long.toString(expected.getEndEpochNanos()));
        if (expected.getParentSpanContext().isValid()) {
            assertThat(actual.get("parentSpanId")).isEqualTo(expected.getParentSpanId());
        } else {
            assertThat(actual).doesNotContainKey("parentSpanId");
        }
        assertThat(((Number) actual.get("flags")).longValue() & 0xff).isEqualTo(expected.getSpanContext().getTraceFlags().asByte());
        Map<String, Object> status = (Map<String, Object>) actual.get("status");
        assertThat(status.get("code")).isEqualTo(expected.getStatus().getStatusCode().name());
        assertThat(status.get("message")).isEqualTo(expected.getStatus().getDescription());
        assertAttributes((List<Map<String, Object>>) actual.get("attributes"), expected.getAttributes());

        List<Map<String, Object>> events = (List<Map<String, Object>>) actual.get("events");
        assertThat(events).hasSize(expected.getEvents().size());
        for (int i = 0; i < events.size(); i++) {
            EventData e = expected.getEvents().get(i);
            assertThat(events.get(i).get("name")).isEqualTo(e.getName());
            assertThat(events.get(i).get("timeUnixNano")).isEqualTo(Long.toString(e.getEpochNanos()));
            assertAttributes((List<Map<String, Object>>) events.get(i).get("attributes"), e.getAttributes());
        }
        List<Map<String, Object>> links = (List<Map<String, Object>>) actual.get("links");
        assertThat(links).hasSize(expected.getLinks().size());
        for (int i = 0; i < links.size(); i++) {
            LinkData l = expected.getLinks().get(i);
            assertThat(links.get(i).get("traceId")).isEqualTo(l.getSpanContext().getTraceId());
            assertThat(links.get(i).get("spanId")).isEqualTo(l.getSpanContext().getSpanId());
            assertThat(links.get(i).get("traceState")).isEqualTo("vendor=value");
            assertAttributes((List<Map<String, Object>>) links.get(i).get("attributes"), l.getAttributes());
        }
        Map<String, Object> scope = (Map<String, Object>) actual.get("scope");
        assertThat(scope.get("name")).isEqualTo(expected.getInstrumentationScopeInfo().getName());
        assertThat(scope.get("version")).isEqualTo(expected.getInstrumentationScopeInfo().getVersion());
        Map<String, Object> resource = (Map<String, Object>) actual.get("resource");
        assertAttributes((List<Map<String, Object>>) resource.get("attributes"), expected.getResource().getAttributes());
    }

    /** Every attribute the SDK recorded is stored with the same key, type and value. */
    static void assertAttributes(List<Map<String, Object>> actual, Attributes expected) {
        assertThat(actual).hasSize(expected.size());
        expected.forEach((key, value) -> {
            Map<String, Object> stored = actual.stream().filter(a -> a.get("key").equals(key.getKey()))
                    .findFirst().orElseThrow(() -> new AssertionError("attribute " + key.getKey() + " missing"));
            assertThat(stored.get("value")).as(key.getKey()).isEqualTo(otlpJsonValue(value));
        });
    }

    private static Object otlpJsonValue(Object value) {
        if (value instanceof String s) {
            return Map.of("stringValue", s);
        }
        if (value instanceof Boolean b) {
            return Map.of("boolValue", b);
        }
        if (value instanceof Long l) {
            return Map.of("intValue", Long.toString(l));
        }
        if (value instanceof Double d) {
            return Map.of("doubleValue", d);
        }
        if (value instanceof List<?> list) {
            return Map.of("arrayValue", Map.of("values", list.stream().map(OpenTelemetrySdkExportTest::otlpJsonValue).toList()));
        }
        throw new IllegalArgumentException("unexpected attribute value " + value);
    }

    @ParameterizedTest
    @ValueSource(strings = {"grpc", "http"})
    void logsExportedByTheSdkAreReadBackInTimeOrderWithTheirTrace(String transport) {
        String service = "payments-" + transport + "-" + UUID.randomUUID();
        List<LogRecordData> sent;
        InMemoryLogRecordExporter recorded = InMemoryLogRecordExporter.create();
        SdkLoggerProvider provider = SdkLoggerProvider.builder()
                .setResource(resource(service))
                .addLogRecordProcessor(SimpleLogRecordProcessor.create(recorded))
                .addLogRecordProcessor(SimpleLogRecordProcessor.create(logExporter(transport)))
                .build();
        Span span = Span.wrap(SpanContext.create(io.opentelemetry.api.trace.TraceId.fromBytes(
                        dev.sightline.server.support.OtlpPayloads.randomBytes(16)),
                "b7ad6b7169203331", TraceFlags.getSampled(), TraceState.getDefault()));
        Instant base = Instant.parse("2026-11-29T10:00:00Z");
        try {
            Logger logger = provider.get("payments.logger");
            Context context = Context.root().with(span);
            // Emitted out of order: the API must return them by time.
            logger.logRecordBuilder().setContext(context).setTimestamp(base.plusMillis(30))
                    .setObservedTimestamp(base.plusMillis(31)).setSeverity(Severity.ERROR).setSeverityText("ERROR")
                    .setBody("card declined").setAttribute(AttributeKey.stringKey("request_id"), "r-1")
                    .setAttribute(AttributeKey.longKey("attempt"), 2L).emit();
            logger.logRecordBuilder().setContext(context).setTimestamp(base.plusMillis(10))
                    .setSeverity(Severity.INFO).setSeverityText("INFO").setBody("charging card").emit();
            logger.logRecordBuilder().setContext(context).setTimestamp(base.plusMillis(20))
                    .setSeverity(Severity.WARN).setBody("retrying").emit();
            assertThat(provider.forceFlush().join(10, TimeUnit.SECONDS).isSuccess()).isTrue();
        } finally {
            sent = recorded.getFinishedLogRecordItems().stream()
                    .sorted(Comparator.comparingLong(LogRecordData::getTimestampEpochNanos)).toList();
            provider.shutdown().join(10, TimeUnit.SECONDS);
        }

        List<Map<String, Object>> stored = api.logsOfTrace(span.getSpanContext().getTraceId(), 3);
        assertThat(stored).hasSize(3);
        for (int i = 0; i < 3; i++) {
            Map<String, Object> actual = stored.get(i);
            LogRecordData expected = sent.get(i);
            assertThat(actual.get("timeUnixNano")).isEqualTo(Long.toString(expected.getTimestampEpochNanos()));
            assertThat(actual.get("observedTimeUnixNano"))
                    .isEqualTo(Long.toString(expected.getObservedTimestampEpochNanos()));
            assertThat(actual.get("severityNumber")).isEqualTo(expected.getSeverity().getSeverityNumber());
            assertThat(actual.get("severityText")).isEqualTo(expected.getSeverityText() == null ? "" : expected.getSeverityText());
            assertThat(actual.get("body")).isEqualTo(Map.of("stringValue", expected.getBodyValue().asString()));
            assertThat(actual.get("traceId")).isEqualTo(expected.getSpanContext().getTraceId());
            assertThat(actual.get("spanId")).isEqualTo(expected.getSpanContext().getSpanId());
            assertThat(actual.get("serviceName")).isEqualTo(service);
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> attributes = (List<Map<String, Object>>) actual.get("attributes");
            assertAttributes(attributes, expected.getAttributes());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"grpc", "http"})
    void metricsExportedByTheSdkAreReadBackAsSeries(String transport) {
        String suffix = transport + "_" + UUID.randomUUID().toString().replace("-", "");
        SdkMeterProvider provider = SdkMeterProvider.builder()
                .setResource(resource("inventory-" + transport))
                .registerMetricReader(PeriodicMetricReader.builder(metricExporter(transport))
                        .setInterval(Duration.ofHours(1)).build())
                .build();
        try {
            Meter meter = provider.get("inventory.metrics");
            LongCounter counter = meter.counterBuilder("orders_" + suffix).setUnit("{order}")
                    .setDescription("orders placed").build();
            counter.add(3, Attributes.of(AttributeKey.stringKey("region"), "eu"));
            counter.add(4, Attributes.of(AttributeKey.stringKey("region"), "eu"));
            counter.add(5, Attributes.of(AttributeKey.stringKey("region"), "us"));
            DoubleHistogram latency = meter.histogramBuilder("latency_" + suffix).setUnit("ms").build();
            latency.record(5);
            latency.record(50);
            latency.record(500);
            assertThat(provider.forceFlush().join(10, TimeUnit.SECONDS).isSuccess()).isTrue();
        } finally {
            provider.shutdown().join(10, TimeUnit.SECONDS);
        }

        JsonPath counters = api.series("orders_" + suffix, j -> j.getList("series").size() >= 2);
        assertThat(counters.getList("series")).hasSize(2);
        assertThat(counters.getString("series[0].type")).isEqualTo("Sum");
        assertThat(counters.getBoolean("series[0].isMonotonic")).isTrue();
        assertThat(counters.getString("series[0].aggregationTemporality")).isEqualTo("CUMULATIVE");
        assertThat(counters.getString("series[0].unit")).isEqualTo("{order}");
        assertThat(counters.getString("series[0].description")).isEqualTo("orders placed");
        Map<String, String> byRegion = new java.util.HashMap<>();
        for (int i = 0; i < 2; i++) {
            byRegion.put(counters.getString("series[" + i + "].attributes[0].value.stringValue"),
                    counters.getString("series[" + i + "].points[0].asInt"));
        }
        assertThat(byRegion).containsExactlyInAnyOrderEntriesOf(Map.of("eu", "7", "us", "5"));

        JsonPath histogram = api.series("latency_" + suffix, j -> j.getList("series").size() >= 1);
        assertThat(histogram.getString("series[0].type")).isEqualTo("Histogram");
        assertThat(histogram.getString("series[0].points[0].count")).isEqualTo("3");
        assertThat(histogram.getDouble("series[0].points[0].sum")).isEqualTo(555.0);
        assertThat(histogram.getDouble("series[0].points[0].min")).isEqualTo(5.0);
        assertThat(histogram.getDouble("series[0].points[0].max")).isEqualTo(500.0);
        List<String> buckets = histogram.getList("series[0].points[0].bucketCounts", String.class);
        assertThat(buckets.stream().mapToLong(Long::parseLong).sum()).isEqualTo(3);
    }

    @Test
    void aSpanExportedTwiceIsStoredOnce() {
        InMemorySpanExporter recorded = InMemorySpanExporter.create();
        SdkTracerProvider provider = SdkTracerProvider.builder()
                .addSpanProcessor(SimpleSpanProcessor.create(recorded)).build();
        provider.get("dedupe").spanBuilder("retried").startSpan().end();
        List<SpanData> spans = List.copyOf(recorded.getFinishedSpanItems());
        provider.shutdown().join(5, TimeUnit.SECONDS);

        SpanExporter grpc = spanExporter("grpc");
        SpanExporter http = spanExporter("http");
        try {
            // A retry after a lost ack arrives again, possibly over the other transport.
            assertThat(grpc.export(spans).join(10, TimeUnit.SECONDS).isSuccess()).isTrue();
            assertThat(http.export(spans).join(10, TimeUnit.SECONDS).isSuccess()).isTrue();
            assertThat(grpc.export(spans).join(10, TimeUnit.SECONDS).isSuccess()).isTrue();
        } finally {
            grpc.shutdown();
            http.shutdown();
        }
        // The log is indexed in order: once a span exported after the duplicates is readable, so are they.
        InMemorySpanExporter sentinelRecorded = InMemorySpanExporter.create();
        SdkTracerProvider sentinel = SdkTracerProvider.builder()
                .addSpanProcessor(SimpleSpanProcessor.create(sentinelRecorded))
                .addSpanProcessor(SimpleSpanProcessor.create(spanExporter("grpc"))).build();
        sentinel.get("dedupe").spanBuilder("sentinel").startSpan().end();
        String sentinelTraceId = sentinelRecorded.getFinishedSpanItems().get(0).getTraceId();
        sentinel.shutdown().join(10, TimeUnit.SECONDS);
        api.trace(sentinelTraceId, 1);

        JsonPath trace = api.trace(spans.get(0).getTraceId(), 1);
        assertThat(trace.getInt("spanCount")).isEqualTo(1);
    }
}
