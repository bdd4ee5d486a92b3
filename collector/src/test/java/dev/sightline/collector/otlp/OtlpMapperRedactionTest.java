package dev.sightline.collector.otlp;

import dev.sightline.collector.redaction.RedactionSettings;
import dev.sightline.collector.redaction.Redactor;
import dev.sightline.store.model.AnyValue;
import dev.sightline.store.model.Attribute;
import dev.sightline.store.model.Exemplar;
import dev.sightline.store.model.LogBatch;
import dev.sightline.store.model.LogRecord;
import dev.sightline.store.model.MetricBatch;
import dev.sightline.store.model.MetricData;
import dev.sightline.store.model.Signal;
import dev.sightline.store.model.Span;
import dev.sightline.store.model.SpanBatch;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValueList;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.metrics.v1.Exemplar.Builder;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Status;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.sightline.collector.otlp.OtlpRequests.SPAN_ID_HEX;
import static dev.sightline.collector.otlp.OtlpRequests.TRACE_ID_HEX;
import static dev.sightline.collector.otlp.OtlpRequests.hex;
import static dev.sightline.collector.otlp.OtlpRequests.kv;
import static dev.sightline.collector.otlp.OtlpRequests.validLog;
import static dev.sightline.collector.otlp.OtlpRequests.validSpan;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The mapper masks secrets in every place a signal carries values, before the batch exists: nothing that reaches the
 * store's log has them. Each place gets one secret under a sensitive key and one inside a text, beside a harmless
 * neighbour that must arrive unchanged.
 */
class OtlpMapperRedactionTest {

    private static final String AWS = "AKIAIOSFODNN7EXAMPLE";
    private static final String MASK = Redactor.MARKER;

    private final List<String> counted = new ArrayList<>();
    private final OtlpMapper mapper = new OtlpMapper(new Redactor(RedactionSettings.DEFAULTS,
            (signal, reason) -> counted.add(signal.lowerName() + "/" + reason.tag())));

    private static io.opentelemetry.proto.common.v1.AnyValue.Builder any() {
        return io.opentelemetry.proto.common.v1.AnyValue.newBuilder();
    }

    /** A sensitive key, a secret inside a text, and a neighbour. */
    private static List<io.opentelemetry.proto.common.v1.KeyValue> attributes() {
        return List.of(kv("password", "hunter2"), kv("note", "key " + AWS), kv("plain", "kept"));
    }

    private static void assertRedacted(List<Attribute> attributes) {
        assertThat(attributes).containsExactly(Attribute.of("password", MASK), Attribute.of("note", "key " + MASK),
                Attribute.of("plain", "kept"));
    }

    @Test
    void spansResourceScopeEventsLinksNameAndStatusAreRedacted() {
        io.opentelemetry.proto.trace.v1.Span span = validSpan(1)
                .setName("GET /cb?access_token=abc123&page=2")
                .addAllAttributes(attributes())
                .addAttributes(kv("url.full", "https://shop.example/pay?card=4111111111111111&id=7"))
                .addEvents(io.opentelemetry.proto.trace.v1.Span.Event.newBuilder().setName("exception")
                        .addAllAttributes(attributes()))
                .addLinks(io.opentelemetry.proto.trace.v1.Span.Link.newBuilder().setTraceId(hex(TRACE_ID_HEX))
                        .setSpanId(hex(SPAN_ID_HEX)).addAllAttributes(attributes()))
                .setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR)
                        .setMessage("auth failed for Bearer 9f8e7d6c5b4a39281706f5e4d3c2b1a0"))
                .build();
        ExportTraceServiceRequest request = ExportTraceServiceRequest.newBuilder()
                .addResourceSpans(ResourceSpans.newBuilder()
                        .setResource(io.opentelemetry.proto.resource.v1.Resource.newBuilder()
                                .addAllAttributes(attributes()))
                        .addScopeSpans(ScopeSpans.newBuilder()
                                .setScope(InstrumentationScope.newBuilder().setName("lib").addAllAttributes(attributes()))
                                .addSpans(span)))
                .build();

        SpanBatch batch = mapper.map(request).batch();

        assertRedacted(batch.resources().get(0).resource().attributes());
        assertRedacted(batch.resources().get(0).scopes().get(0).scope().attributes());
        Span mapped = batch.resources().get(0).scopes().get(0).items().get(0);
        assertThat(mapped.name()).isEqualTo("GET /cb?access_token=" + MASK + "&page=2");
        assertRedacted(mapped.attributes().subList(0, 3));
        assertThat(mapped.attributes().get(3)).isEqualTo(Attribute.of("url.full",
                "https://shop.example/pay?card=" + MASK + "&id=7"));
        assertRedacted(mapped.events().get(0).attributes());
        assertThat(mapped.events().get(0).name()).isEqualTo("exception");
        assertRedacted(mapped.links().get(0).attributes());
        assertThat(mapped.status().message()).isEqualTo("auth failed for Bearer " + MASK);
        assertThat(counted).contains("traces/key", "traces/cloud_key", "traces/inline_key", "traces/card",
                "traces/bearer").hasSize(13);
    }

    @Test
    void logAttributesAndBodiesOfEveryShapeAreRedacted() {
        io.opentelemetry.proto.logs.v1.LogRecord text = validLog(1)
                .setBody(any().setStringValue("login bob password=hunter2 from 10.0.0.1"))
                .addAllAttributes(attributes()).build();
        io.opentelemetry.proto.logs.v1.LogRecord structured = validLog(2)
                .setBody(any().setKvlistValue(KeyValueList.newBuilder()
                        .addValues(kv("user", "bob"))
                        .addValues(kv("headers", any().setKvlistValue(KeyValueList.newBuilder()
                                .addValues(kv("Cookie", "sid=abc"))
                                .addValues(kv("Accept", "*/*"))).build()))
                        .addValues(kv("cards", any().setArrayValue(ArrayValue.newBuilder()
                                .addValues(any().setStringValue("5555 5555 5555 4444"))
                                .addValues(any().setIntValue(5))).build()))))
                .build();
        ExportLogsServiceRequest request = ExportLogsServiceRequest.newBuilder()
                .addResourceLogs(ResourceLogs.newBuilder()
                        .setResource(io.opentelemetry.proto.resource.v1.Resource.newBuilder()
                                .addAllAttributes(attributes()))
                        .addScopeLogs(ScopeLogs.newBuilder().addLogRecords(text).addLogRecords(structured)))
                .build();

        LogBatch batch = mapper.map(request).batch();

        assertRedacted(batch.resources().get(0).resource().attributes());
        List<LogRecord> logs = batch.resources().get(0).scopes().get(0).items();
        assertThat(logs.get(0).body()).isEqualTo(AnyValue.of("login bob password=" + MASK + " from 10.0.0.1"));
        assertRedacted(logs.get(0).attributes());
        assertThat(logs.get(1).body()).isEqualTo(new AnyValue.KeyValueList(List.of(
                Attribute.of("user", "bob"),
                new Attribute("headers", new AnyValue.KeyValueList(List.of(Attribute.of("Cookie", MASK),
                        Attribute.of("Accept", "*/*")))),
                new Attribute("cards", new AnyValue.ArrayValue(List.of(AnyValue.of(MASK), AnyValue.of(5L)))))));
        assertThat(counted).allMatch(c -> c.startsWith("logs/")).hasSize(7);
    }

    @Test
    void metricPointExemplarAndMetadataAttributesAreRedacted() {
        Builder exemplar = io.opentelemetry.proto.metrics.v1.Exemplar.newBuilder().setAsInt(1)
                .addAllFilteredAttributes(attributes());
        Metric metric = Metric.newBuilder().setName("http.server.requests").addAllMetadata(attributes())
                .setGauge(Gauge.newBuilder().addDataPoints(NumberDataPoint.newBuilder().setAsInt(3)
                        .addAllAttributes(attributes()).addExemplars(exemplar)))
                .build();
        ExportMetricsServiceRequest request = ExportMetricsServiceRequest.newBuilder()
                .addResourceMetrics(ResourceMetrics.newBuilder()
                        .addScopeMetrics(ScopeMetrics.newBuilder().addMetrics(metric)))
                .build();

        MetricBatch batch = mapper.map(request).batch();

        dev.sightline.store.model.Metric mapped = batch.resources().get(0).scopes().get(0).items().get(0);
        assertRedacted(mapped.metadata());
        MetricData.NumberPoint point = ((MetricData.Gauge) mapped.data()).points().get(0);
        assertRedacted(point.attributes());
        Exemplar mappedExemplar = point.exemplars().get(0);
        assertRedacted(mappedExemplar.filteredAttributes());
        assertThat(counted).containsOnly("metrics/key", "metrics/cloud_key").hasSize(6);
    }

    @Test
    void theDefaultMapperKeepsValuesExactlyAsSent() {
        ExportTraceServiceRequest request = OtlpRequests.traces(validSpan(1).addAllAttributes(attributes()).build());
        Span mapped = new OtlpMapper().map(request).batch().resources().get(0).scopes().get(0).items().get(0);
        assertThat(mapped.attributes()).containsExactly(Attribute.of("password", "hunter2"),
                Attribute.of("note", "key " + AWS), Attribute.of("plain", "kept"));
    }

    @Test
    void countsNameTheSignal() {
        mapper.map(OtlpRequests.traces(validSpan(1).addAttributes(kv("token", "t")).build()));
        assertThat(counted).containsExactly(Signal.TRACES.lowerName() + "/key");
    }
}
