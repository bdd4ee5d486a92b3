package dev.sightline.collector.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sightline.collector.otlp.OtlpDecoder.Encoding;
import dev.sightline.store.model.AggregationTemporality;
import dev.sightline.store.model.AnyValue;
import dev.sightline.store.model.Attribute;
import dev.sightline.store.model.InstrumentationScope;
import dev.sightline.store.model.LogBatch;
import dev.sightline.store.model.LogRecord;
import dev.sightline.store.model.Metric;
import dev.sightline.store.model.MetricBatch;
import dev.sightline.store.model.MetricData;
import dev.sightline.store.model.NumberValue;
import dev.sightline.store.model.Resource;
import dev.sightline.store.model.ResourceGroup;
import dev.sightline.store.model.ScopeGroup;
import dev.sightline.store.model.Span;
import dev.sightline.store.model.SpanBatch;
import dev.sightline.store.model.SpanId;
import dev.sightline.store.model.SpanKind;
import dev.sightline.store.model.SpanStatus;
import dev.sightline.store.model.TraceId;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The examples from the OTLP repository (system property {@code sightline.examples.dir}), decoded as JSON
 * and mapped, then sent again as protobuf: both encodings must give the same model, with every field as the
 * file has it.
 */
class OfficialExamplesTest {

    private static final long T_LOG = 1544712660300000000L;

    private final OtlpDecoder decoder = new OtlpDecoder();
    private final OtlpMapper mapper = new OtlpMapper();

    private static final Resource MY_SERVICE = new Resource(List.of(Attribute.of("service.name", "my.service")), 0, "");
    private static final InstrumentationScope MY_LIBRARY = new InstrumentationScope("my.library", "1.0.0",
            List.of(Attribute.of("my.scope.attribute", "some scope attribute")), 0, "");

    @Test
    void traceExampleMapsEveryFieldAndSurvivesProtobuf() throws IOException {
        ExportTraceServiceRequest request = decoder.parseTraces(example("trace.json"), Encoding.JSON);
        MappingResult<SpanBatch> result = mapper.map(request);

        Span span = new Span(
                TraceId.fromHex("5B8EFFF798038103D269B633813FC60C"),
                SpanId.fromHex("EEE19B7EC3C1B174"),
                "",
                SpanId.fromHex("EEE19B7EC3C1B173"),
                0,
                "I'm a server span",
                SpanKind.SERVER,
                1544712660000000000L,
                1544712661000000000L,
                List.of(Attribute.of("my.span.attr", "some value")),
                0, List.of(), 0, List.of(), 0,
                SpanStatus.UNSET);
        assertThat(result.rejectedItems()).isZero();
        assertThat(result.errorMessage()).isEmpty();
        assertThat(result.batch()).isEqualTo(new SpanBatch(List.of(
                new ResourceGroup<>(MY_SERVICE, List.of(new ScopeGroup<>(MY_LIBRARY, List.of(span)))))));
        assertThat(result.batch().resources().get(0).resource().serviceName()).isEqualTo("my.service");
        assertThat(span.isRoot()).isFalse();

        ExportTraceServiceRequest again = decoder.parseTraces(request.toByteArray(), Encoding.PROTOBUF);
        assertThat(mapper.map(again)).isEqualTo(result);
    }

    @Test
    void logsExampleMapsEveryFieldAndSurvivesProtobuf() throws IOException {
        ExportLogsServiceRequest request = decoder.parseLogs(example("logs.json"), Encoding.JSON);
        MappingResult<LogBatch> result = mapper.map(request);

        LogRecord log = new LogRecord(
                T_LOG,
                T_LOG,
                10,
                "Information",
                AnyValue.of("Example log record"),
                List.of(
                        Attribute.of("string.attribute", "some string"),
                        new Attribute("boolean.attribute", AnyValue.of(true)),
                        new Attribute("int.attribute", AnyValue.of(10L)),
                        new Attribute("double.attribute", AnyValue.of(637.704)),
                        new Attribute("array.attribute", new AnyValue.ArrayValue(
                                List.of(AnyValue.of("many"), AnyValue.of("values")))),
                        new Attribute("map.attribute", new AnyValue.KeyValueList(
                                List.of(Attribute.of("some.map.key", "some value"))))),
                0,
                0,
                TraceId.fromHex("5B8EFFF798038103D269B633813FC60C"),
                SpanId.fromHex("EEE19B7EC3C1B174"),
                "");
        assertThat(result.rejectedItems()).isZero();
        assertThat(result.errorMessage()).isEmpty();
        assertThat(result.batch()).isEqualTo(new LogBatch(List.of(
                new ResourceGroup<>(MY_SERVICE, List.of(new ScopeGroup<>(MY_LIBRARY, List.of(log)))))));

        ExportLogsServiceRequest again = decoder.parseLogs(request.toByteArray(), Encoding.PROTOBUF);
        assertThat(mapper.map(again)).isEqualTo(result);
    }

    @Test
    void eventsExampleIsALogsPayloadWithAnEventName() throws IOException {
        ExportLogsServiceRequest request = decoder.parseLogs(example("events.json"), Encoding.JSON);
        MappingResult<LogBatch> result = mapper.map(request);

        LogRecord event = new LogRecord(
                T_LOG,
                T_LOG,
                9,
                "test severity text",
                new AnyValue.KeyValueList(List.of(
                        new Attribute("type", AnyValue.of(0L)),
                        Attribute.of("url", "https://www.guidgenerator.com/online-guid-generator.aspx"),
                        Attribute.of("referrer", "https://wwww.google.com"),
                        Attribute.of("title", "Free Online GUID Generator"))),
                List.of(Attribute.of("event.attribute", "some event attribute")),
                0,
                0,
                null,
                null,
                "browser.page_view");
        assertThat(result.rejectedItems()).isZero();
        assertThat(result.errorMessage()).isEmpty();
        assertThat(result.batch()).isEqualTo(new LogBatch(List.of(
                new ResourceGroup<>(MY_SERVICE, List.of(new ScopeGroup<>(MY_LIBRARY, List.of(event)))))));

        ExportLogsServiceRequest again = decoder.parseLogs(request.toByteArray(), Encoding.PROTOBUF);
        assertThat(mapper.map(again)).isEqualTo(result);
    }

    @Test
    void metricsExampleMapsEveryKindAndSurvivesProtobuf() throws IOException {
        ExportMetricsServiceRequest request = decoder.parseMetrics(example("metrics.json"), Encoding.JSON);
        MappingResult<MetricBatch> result = mapper.map(request);

        Metric counter = new Metric("my.counter", "I am a Counter", "1", List.of(),
                new MetricData.Sum(List.of(new MetricData.NumberPoint(
                        List.of(Attribute.of("my.counter.attr", "some value")), T_LOG, T_LOG,
                        new NumberValue.OfDouble(5), List.of(), 0)),
                        AggregationTemporality.DELTA, true));
        Metric gauge = new Metric("my.gauge", "I am a Gauge", "1", List.of(),
                new MetricData.Gauge(List.of(new MetricData.NumberPoint(
                        List.of(Attribute.of("my.gauge.attr", "some value")), 0, T_LOG,
                        new NumberValue.OfDouble(10), List.of(), 0))));
        Metric histogram = new Metric("my.histogram", "I am a Histogram", "1", List.of(),
                new MetricData.Histogram(List.of(new MetricData.HistogramPoint(
                        List.of(Attribute.of("my.histogram.attr", "some value")), T_LOG, T_LOG,
                        2, 2.0, List.of(1L, 1L), List.of(1.0), List.of(), 0, 0.0, 2.0)),
                        AggregationTemporality.DELTA));
        Metric exponential = new Metric("my.exponential.histogram", "I am an Exponential Histogram", "1", List.of(),
                new MetricData.ExponentialHistogram(List.of(new MetricData.ExponentialHistogramPoint(
                        List.of(Attribute.of("my.exponential.histogram.attr", "some value")), T_LOG, T_LOG,
                        3, 10.0, 0, 1, new MetricData.Buckets(1, List.of(0L, 2L)), MetricData.Buckets.EMPTY,
                        0, List.of(), 0.0, 5.0, 0.0)),
                        AggregationTemporality.DELTA));
        assertThat(result.rejectedItems()).isZero();
        assertThat(result.errorMessage()).isEmpty();
        assertThat(result.batch()).isEqualTo(new MetricBatch(List.of(new ResourceGroup<>(MY_SERVICE,
                List.of(new ScopeGroup<>(MY_LIBRARY, List.of(counter, gauge, histogram, exponential)))))));
        assertThat(result.batch().itemCount()).isEqualTo(4);

        ExportMetricsServiceRequest again = decoder.parseMetrics(request.toByteArray(), Encoding.PROTOBUF);
        assertThat(mapper.map(again)).isEqualTo(result);
    }

    private static byte[] example(String name) throws IOException {
        String dir = System.getProperty("sightline.examples.dir");
        assertThat(dir).as("system property sightline.examples.dir (set by surefire)").isNotBlank();
        return Files.readAllBytes(Path.of(dir, name));
    }
}
