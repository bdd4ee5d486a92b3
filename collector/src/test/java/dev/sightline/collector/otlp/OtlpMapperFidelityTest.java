package dev.sightline.collector.otlp;

import static dev.sightline.collector.otlp.OtlpRequests.hex;
import static dev.sightline.collector.otlp.OtlpRequests.kv;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.sightline.store.model.AggregationTemporality;
import dev.sightline.store.model.AnyValue;
import dev.sightline.store.model.Attribute;
import dev.sightline.store.model.Exemplar;
import dev.sightline.store.model.InstrumentationScope;
import dev.sightline.store.model.LogBatch;
import dev.sightline.store.model.LogRecord;
import dev.sightline.store.model.Metric;
import dev.sightline.store.model.MetricBatch;
import dev.sightline.store.model.MetricData;
import dev.sightline.store.model.NumberValue;
import dev.sightline.store.model.Resource;
import dev.sightline.store.model.Span;
import dev.sightline.store.model.SpanBatch;
import dev.sightline.store.model.SpanEvent;
import dev.sightline.store.model.SpanId;
import dev.sightline.store.model.SpanKind;
import dev.sightline.store.model.SpanLink;
import dev.sightline.store.model.SpanStatus;
import dev.sightline.store.model.TraceId;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.logs.v1.SeverityNumber;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogram;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Histogram;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.Sum;
import io.opentelemetry.proto.metrics.v1.Summary;
import io.opentelemetry.proto.metrics.v1.SummaryDataPoint;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Status;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every OTLP field the model has, set to a value that is not the default, and read back from the model. */
class OtlpMapperFidelityTest {

    private static final String TRACE = "0af7651916cd43dd8448eb211c80319c";
    private static final String SPAN = "b7ad6b7169203331";
    private static final String PARENT = "00f067aa0ba902b7";
    private static final String LINKED_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String LINKED_SPAN = "53995c3f42cd8ad8";
    private static final byte[] BYTES = {0, 1, (byte) 0xFF, 42};

    private final OtlpMapper mapper = new OtlpMapper();

    /** One attribute of every AnyValue kind, arrays and lists nested. */
    private static List<io.opentelemetry.proto.common.v1.KeyValue> everyKind() {
        io.opentelemetry.proto.common.v1.AnyValue nested = any().setKvlistValue(KeyValueList.newBuilder()
                .addValues(kv("inner", any().setArrayValue(ArrayValue.newBuilder()
                        .addValues(any().setIntValue(-7))
                        .addValues(any().setArrayValue(ArrayValue.newBuilder())))
                        .build()))
                .addValues(kv("empty", io.opentelemetry.proto.common.v1.AnyValue.getDefaultInstance())))
                .build();
        return List.of(
                kv("string", "text ✓"),
                kv("bool.true", any().setBoolValue(true).build()),
                kv("bool.false", any().setBoolValue(false).build()),
                kv("int", any().setIntValue(Long.MIN_VALUE).build()),
                kv("double", any().setDoubleValue(-0.25).build()),
                kv("bytes", any().setBytesValue(ByteString.copyFrom(BYTES)).build()),
                kv("array", any().setArrayValue(ArrayValue.newBuilder()
                        .addValues(any().setStringValue("a"))
                        .addValues(any().setDoubleValue(1.5))).build()),
                kv("kvlist", nested),
                kv("unset", io.opentelemetry.proto.common.v1.AnyValue.getDefaultInstance()),
                kv("strindex", any().setStringValueStrindex(3).build()),
                kv("string", "duplicate keys are kept"));
    }

    private static io.opentelemetry.proto.common.v1.AnyValue.Builder any() {
        return io.opentelemetry.proto.common.v1.AnyValue.newBuilder();
    }

    private static void assertEveryKind(List<Attribute> attributes) {
        assertThat(attributes).extracting(Attribute::key).containsExactly("string", "bool.true", "bool.false",
                "int", "double", "bytes", "array", "kvlist", "unset", "strindex", "string");
        assertThat(attributes.get(0).value()).isEqualTo(new AnyValue.StringValue("text ✓"));
        assertThat(attributes.get(1).value()).isEqualTo(new AnyValue.BoolValue(true));
        assertThat(attributes.get(2).value()).isEqualTo(new AnyValue.BoolValue(false));
        assertThat(attributes.get(3).value()).isEqualTo(new AnyValue.IntValue(Long.MIN_VALUE));
        assertThat(attributes.get(4).value()).isEqualTo(new AnyValue.DoubleValue(-0.25));
        assertThat(attributes.get(5).value()).isInstanceOfSatisfying(AnyValue.BytesValue.class,
                b -> assertThat(b.value()).containsExactly(BYTES));
        assertThat(attributes.get(6).value()).isEqualTo(new AnyValue.ArrayValue(
                List.of(AnyValue.of("a"), AnyValue.of(1.5))));
        assertThat(attributes.get(7).value()).isEqualTo(new AnyValue.KeyValueList(List.of(
                new Attribute("inner", new AnyValue.ArrayValue(List.of(
                        AnyValue.of(-7L), new AnyValue.ArrayValue(List.of())))),
                new Attribute("empty", AnyValue.Empty.INSTANCE))));
        assertThat(attributes.get(8).value()).isSameAs(AnyValue.Empty.INSTANCE);
        assertThat(attributes.get(9).value())
                .as("string_value_strindex points into a profiles dictionary these signals do not have")
                .isSameAs(AnyValue.Empty.INSTANCE);
        assertThat(attributes.get(10).value()).isEqualTo(AnyValue.of("duplicate keys are kept"));
    }

    private static io.opentelemetry.proto.resource.v1.Resource.Builder resource() {
        return io.opentelemetry.proto.resource.v1.Resource.newBuilder()
                .addAttributes(kv("service.name", "checkout"))
                .setDroppedAttributesCount(3);
    }

    private static io.opentelemetry.proto.common.v1.InstrumentationScope.Builder scope() {
        return io.opentelemetry.proto.common.v1.InstrumentationScope.newBuilder()
                .setName("io.example.lib").setVersion("2.1.0")
                .addAttributes(kv("scope.attr", "s"))
                .setDroppedAttributesCount(4);
    }

    private static void assertResourceAndScope(Resource resource, InstrumentationScope scope) {
        assertThat(resource.attributes()).containsExactly(Attribute.of("service.name", "checkout"));
        assertThat(resource.droppedAttributesCount()).isEqualTo(3);
        assertThat(resource.schemaUrl()).isEqualTo("https://opentelemetry.io/schemas/1.30.0");
        assertThat(scope.name()).isEqualTo("io.example.lib");
        assertThat(scope.version()).isEqualTo("2.1.0");
        assertThat(scope.attributes()).containsExactly(Attribute.of("scope.attr", "s"));
        assertThat(scope.droppedAttributesCount()).isEqualTo(4);
        assertThat(scope.schemaUrl()).isEqualTo("https://opentelemetry.io/schemas/1.31.0");
    }

    @Test
    void mapsEverySpanField() {
        io.opentelemetry.proto.trace.v1.Span span = io.opentelemetry.proto.trace.v1.Span.newBuilder()
                .setTraceId(hex(TRACE))
                .setSpanId(hex(SPAN))
                .setTraceState("vendor=opaque")
                .setParentSpanId(hex(PARENT))
                .setFlags(0x301)
                .setName("GET /cart")
                .setKindValue(io.opentelemetry.proto.trace.v1.Span.SpanKind.SPAN_KIND_CONSUMER_VALUE)
                .setStartTimeUnixNano(1_700_000_000_000_000_001L)
                .setEndTimeUnixNano(-1L) // fixed64 2^64-1: kept bit for bit
                .addAllAttributes(everyKind())
                .setDroppedAttributesCount(5)
                .addEvents(io.opentelemetry.proto.trace.v1.Span.Event.newBuilder()
                        .setTimeUnixNano(1_700_000_000_000_000_500L)
                        .setName("exception")
                        .addAttributes(kv("exception.type", "IOException"))
                        .setDroppedAttributesCount(6))
                .addEvents(io.opentelemetry.proto.trace.v1.Span.Event.newBuilder())
                .setDroppedEventsCount(7)
                .addLinks(io.opentelemetry.proto.trace.v1.Span.Link.newBuilder()
                        .setTraceId(hex(LINKED_TRACE))
                        .setSpanId(hex(LINKED_SPAN))
                        .setTraceState("k=v")
                        .addAttributes(kv("link.attr", "l"))
                        .setDroppedAttributesCount(8)
                        .setFlags(0x101))
                .setDroppedLinksCount(9)
                .setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR).setMessage("boom"))
                .build();
        ExportTraceServiceRequest request = ExportTraceServiceRequest.newBuilder()
                .addResourceSpans(ResourceSpans.newBuilder()
                        .setResource(resource())
                        .setSchemaUrl("https://opentelemetry.io/schemas/1.30.0")
                        .addScopeSpans(ScopeSpans.newBuilder()
                                .setScope(scope())
                                .setSchemaUrl("https://opentelemetry.io/schemas/1.31.0")
                                .addSpans(span)))
                .build();

        MappingResult<SpanBatch> result = mapper.map(request);

        assertThat(result.rejectedItems()).isZero();
        assertThat(result.errorMessage()).isEmpty();
        assertResourceAndScope(result.batch().resources().get(0).resource(),
                result.batch().resources().get(0).scopes().get(0).scope());
        Span mapped = result.batch().resources().get(0).scopes().get(0).items().get(0);
        assertThat(mapped.traceId()).isEqualTo(TraceId.fromHex(TRACE));
        assertThat(mapped.spanId()).isEqualTo(SpanId.fromHex(SPAN));
        assertThat(mapped.traceState()).isEqualTo("vendor=opaque");
        assertThat(mapped.parentSpanId()).isEqualTo(SpanId.fromHex(PARENT));
        assertThat(mapped.flags()).isEqualTo(0x301);
        assertThat(mapped.name()).isEqualTo("GET /cart");
        assertThat(mapped.kind()).isEqualTo(SpanKind.CONSUMER);
        assertThat(mapped.startEpochNanos()).isEqualTo(1_700_000_000_000_000_001L);
        assertThat(mapped.endEpochNanos()).isEqualTo(-1L);
        assertEveryKind(mapped.attributes());
        assertThat(mapped.droppedAttributesCount()).isEqualTo(5);
        assertThat(mapped.events()).containsExactly(
                new SpanEvent(1_700_000_000_000_000_500L, "exception",
                        List.of(Attribute.of("exception.type", "IOException")), 6),
                new SpanEvent(0, "", List.of(), 0));
        assertThat(mapped.droppedEventsCount()).isEqualTo(7);
        assertThat(mapped.links()).containsExactly(new SpanLink(TraceId.fromHex(LINKED_TRACE),
                SpanId.fromHex(LINKED_SPAN), "k=v", List.of(Attribute.of("link.attr", "l")), 8, 0x101));
        assertThat(mapped.droppedLinksCount()).isEqualTo(9);
        assertThat(mapped.status()).isEqualTo(new SpanStatus(SpanStatus.Code.ERROR, "boom"));
    }

    @Test
    void mapsSpanDefaultsToTheModelsDefaults() {
        MappingResult<SpanBatch> result = mapper.map(OtlpRequests.traces(OtlpRequests.validSpan(0)
                .setKindValue(42) // a kind from a newer protocol version
                .setStatus(Status.newBuilder().setCodeValue(9)).build()));

        Span mapped = result.batch().resources().get(0).scopes().get(0).items().get(0);
        assertThat(mapped.parentSpanId()).isNull();
        assertThat(mapped.isRoot()).isTrue();
        assertThat(mapped.traceState()).isEmpty();
        assertThat(mapped.kind()).isEqualTo(SpanKind.UNSPECIFIED);
        assertThat(mapped.status()).isEqualTo(SpanStatus.UNSET);
        assertThat(result.batch().resources().get(0).scopes().get(0).scope()).isSameAs(InstrumentationScope.EMPTY);
    }

    @Test
    void mapsEveryLogRecordField() {
        io.opentelemetry.proto.logs.v1.LogRecord log = io.opentelemetry.proto.logs.v1.LogRecord.newBuilder()
                .setTimeUnixNano(1_700_000_000_000_000_001L)
                .setObservedTimeUnixNano(1_700_000_000_000_000_002L)
                .setSeverityNumber(SeverityNumber.SEVERITY_NUMBER_WARN3)
                .setSeverityText("WARNING")
                .setBody(any().setKvlistValue(KeyValueList.newBuilder().addValues(kv("msg", "disk full"))))
                .addAllAttributes(everyKind())
                .setDroppedAttributesCount(5)
                .setFlags(0x01)
                .setTraceId(hex(TRACE))
                .setSpanId(hex(SPAN))
                .setEventName("device.disk.full")
                .build();
        ExportLogsServiceRequest request = ExportLogsServiceRequest.newBuilder()
                .addResourceLogs(ResourceLogs.newBuilder()
                        .setResource(resource())
                        .setSchemaUrl("https://opentelemetry.io/schemas/1.30.0")
                        .addScopeLogs(ScopeLogs.newBuilder()
                                .setScope(scope())
                                .setSchemaUrl("https://opentelemetry.io/schemas/1.31.0")
                                .addLogRecords(log)
                                .addLogRecords(io.opentelemetry.proto.logs.v1.LogRecord.newBuilder()
                                        .setBody(io.opentelemetry.proto.common.v1.AnyValue.getDefaultInstance()))
                                .addLogRecords(io.opentelemetry.proto.logs.v1.LogRecord.newBuilder()
                                        .setSeverityNumberValue(99))))
                .build();

        MappingResult<LogBatch> result = mapper.map(request);

        assertThat(result.rejectedItems()).isZero();
        assertThat(result.errorMessage()).isEmpty();
        assertResourceAndScope(result.batch().resources().get(0).resource(),
                result.batch().resources().get(0).scopes().get(0).scope());
        List<LogRecord> records = result.batch().resources().get(0).scopes().get(0).items();
        LogRecord mapped = records.get(0);
        assertThat(mapped.epochNanos()).isEqualTo(1_700_000_000_000_000_001L);
        assertThat(mapped.observedEpochNanos()).isEqualTo(1_700_000_000_000_000_002L);
        assertThat(mapped.severityNumber()).isEqualTo(15);
        assertThat(mapped.severityText()).isEqualTo("WARNING");
        assertThat(mapped.body()).isEqualTo(new AnyValue.KeyValueList(List.of(Attribute.of("msg", "disk full"))));
        assertEveryKind(mapped.attributes());
        assertThat(mapped.droppedAttributesCount()).isEqualTo(5);
        assertThat(mapped.flags()).isEqualTo(1);
        assertThat(mapped.traceId()).isEqualTo(TraceId.fromHex(TRACE));
        assertThat(mapped.spanId()).isEqualTo(SpanId.fromHex(SPAN));
        assertThat(mapped.eventName()).isEqualTo("device.disk.full");

        assertThat(records.get(1).body()).as("a body sent with no value").isSameAs(AnyValue.Empty.INSTANCE);
        assertThat(records.get(2).body()).as("no body sent").isNull();
        assertThat(records.get(2).traceId()).isNull();
        assertThat(records.get(2).spanId()).isNull();
        assertThat(records.get(2).severityNumber()).as("unknown severity kept as sent").isEqualTo(99);
        assertThat(records.get(2).eventName()).isEmpty();
    }

    @Test
    void mapsEveryMetricKindAndPointField() {
        io.opentelemetry.proto.metrics.v1.Exemplar exemplar = io.opentelemetry.proto.metrics.v1.Exemplar.newBuilder()
                .addFilteredAttributes(kv("user", "u1"))
                .setTimeUnixNano(1_700_000_000_000_000_010L)
                .setAsDouble(0.75)
                .setTraceId(hex(TRACE))
                .setSpanId(hex(SPAN))
                .build();
        io.opentelemetry.proto.metrics.v1.Exemplar bareExemplar = io.opentelemetry.proto.metrics.v1.Exemplar
                .newBuilder().setTimeUnixNano(5).setAsInt(-3).build();
        io.opentelemetry.proto.metrics.v1.Metric gauge = io.opentelemetry.proto.metrics.v1.Metric.newBuilder()
                .setName("queue.depth").setDescription("items waiting").setUnit("{item}")
                .addMetadata(kv("meta", "m"))
                .setGauge(Gauge.newBuilder()
                        .addDataPoints(NumberDataPoint.newBuilder()
                                .addAllAttributes(everyKind())
                                .setStartTimeUnixNano(10).setTimeUnixNano(20).setAsInt(Long.MAX_VALUE)
                                .addExemplars(exemplar).addExemplars(bareExemplar).setFlags(1))
                        .addDataPoints(NumberDataPoint.newBuilder().setTimeUnixNano(21).setAsDouble(2.5))
                        .addDataPoints(NumberDataPoint.newBuilder().setTimeUnixNano(22).setFlags(1)))
                .build();
        io.opentelemetry.proto.metrics.v1.Metric sum = io.opentelemetry.proto.metrics.v1.Metric.newBuilder()
                .setName("bytes.sent")
                .setSum(Sum.newBuilder()
                        .setAggregationTemporalityValue(2).setIsMonotonic(false)
                        .addDataPoints(NumberDataPoint.newBuilder().setStartTimeUnixNano(1).setTimeUnixNano(2)
                                .setAsDouble(-1.0)))
                .build();
        io.opentelemetry.proto.metrics.v1.Metric histogram = io.opentelemetry.proto.metrics.v1.Metric.newBuilder()
                .setName("latency")
                .setHistogram(Histogram.newBuilder()
                        .setAggregationTemporalityValue(1)
                        .addDataPoints(HistogramDataPoint.newBuilder()
                                .addAttributes(kv("route", "/cart"))
                                .setStartTimeUnixNano(100).setTimeUnixNano(200).setCount(6).setSum(12.5)
                                .addAllBucketCounts(List.of(1L, 2L, 3L)).addAllExplicitBounds(List.of(0.5, 1.0))
                                .addExemplars(exemplar).setFlags(1).setMin(0.1).setMax(9.9))
                        .addDataPoints(HistogramDataPoint.newBuilder().setTimeUnixNano(300).setCount(0)))
                .build();
        io.opentelemetry.proto.metrics.v1.Metric exponential = io.opentelemetry.proto.metrics.v1.Metric.newBuilder()
                .setName("latency.exp")
                .setExponentialHistogram(ExponentialHistogram.newBuilder()
                        .setAggregationTemporalityValue(2)
                        .addDataPoints(ExponentialHistogramDataPoint.newBuilder()
                                .addAttributes(kv("route", "/cart"))
                                .setStartTimeUnixNano(100).setTimeUnixNano(200).setCount(10).setSum(-4.0)
                                .setScale(-3).setZeroCount(2).setZeroThreshold(1e-9)
                                .setPositive(ExponentialHistogramDataPoint.Buckets.newBuilder()
                                        .setOffset(-2).addAllBucketCounts(List.of(4L, 0L, 1L)))
                                .setNegative(ExponentialHistogramDataPoint.Buckets.newBuilder()
                                        .setOffset(5).addBucketCounts(3L))
                                .setFlags(1).addExemplars(exemplar).setMin(-3.0).setMax(8.0))
                        .addDataPoints(ExponentialHistogramDataPoint.newBuilder().setTimeUnixNano(300)))
                .build();
        io.opentelemetry.proto.metrics.v1.Metric summary = io.opentelemetry.proto.metrics.v1.Metric.newBuilder()
                .setName("gc.pause")
                .setSummary(Summary.newBuilder()
                        .addDataPoints(SummaryDataPoint.newBuilder()
                                .addAttributes(kv("gc", "g1"))
                                .setStartTimeUnixNano(1).setTimeUnixNano(2).setCount(3).setSum(4.5)
                                .addQuantileValues(SummaryDataPoint.ValueAtQuantile.newBuilder()
                                        .setQuantile(0.5).setValue(1.0))
                                .addQuantileValues(SummaryDataPoint.ValueAtQuantile.newBuilder()
                                        .setQuantile(0.99).setValue(3.0))
                                .setFlags(1)))
                .build();
        io.opentelemetry.proto.metrics.v1.Metric empty = io.opentelemetry.proto.metrics.v1.Metric.newBuilder()
                .setName("no.data").setDescription("kept for its description").setUnit("s").build();
        ExportMetricsServiceRequest request = ExportMetricsServiceRequest.newBuilder()
                .addResourceMetrics(ResourceMetrics.newBuilder()
                        .setResource(resource())
                        .setSchemaUrl("https://opentelemetry.io/schemas/1.30.0")
                        .addScopeMetrics(ScopeMetrics.newBuilder()
                                .setScope(scope())
                                .setSchemaUrl("https://opentelemetry.io/schemas/1.31.0")
                                .addAllMetrics(List.of(gauge, sum, histogram, exponential, summary, empty))))
                .build();

        MappingResult<MetricBatch> result = mapper.map(request);

        assertThat(result.rejectedItems()).isZero();
        assertThat(result.errorMessage()).isEmpty();
        assertResourceAndScope(result.batch().resources().get(0).resource(),
                result.batch().resources().get(0).scopes().get(0).scope());
        List<Metric> metrics = result.batch().resources().get(0).scopes().get(0).items();
        assertThat(metrics).extracting(Metric::name)
                .containsExactly("queue.depth", "bytes.sent", "latency", "latency.exp", "gc.pause", "no.data");
        assertThat(result.batch().itemCount()).isEqualTo(3 + 1 + 2 + 2 + 1);
        Exemplar mappedExemplar = new Exemplar(List.of(Attribute.of("user", "u1")), 1_700_000_000_000_000_010L,
                new NumberValue.OfDouble(0.75), SpanId.fromHex(SPAN), TraceId.fromHex(TRACE));

        Metric g = metrics.get(0);
        assertThat(g.description()).isEqualTo("items waiting");
        assertThat(g.unit()).isEqualTo("{item}");
        assertThat(g.metadata()).containsExactly(Attribute.of("meta", "m"));
        MetricData.Gauge gaugeData = (MetricData.Gauge) g.data();
        MetricData.NumberPoint p0 = gaugeData.points().get(0);
        assertEveryKind(p0.attributes());
        assertThat(p0.startEpochNanos()).isEqualTo(10);
        assertThat(p0.epochNanos()).isEqualTo(20);
        assertThat(p0.value()).isEqualTo(new NumberValue.OfLong(Long.MAX_VALUE));
        assertThat(p0.exemplars()).containsExactly(mappedExemplar,
                new Exemplar(List.of(), 5, new NumberValue.OfLong(-3), null, null));
        assertThat(p0.flags()).isEqualTo(1);
        assertThat(gaugeData.points().get(1).value()).isEqualTo(new NumberValue.OfDouble(2.5));
        assertThat(gaugeData.points().get(2).value()).as("no value sent (no-recorded-value flag)").isNull();

        assertThat(metrics.get(1).data()).isEqualTo(new MetricData.Sum(List.of(new MetricData.NumberPoint(
                List.of(), 1, 2, new NumberValue.OfDouble(-1.0), List.of(), 0)),
                AggregationTemporality.CUMULATIVE, false));

        assertThat(metrics.get(2).data()).isEqualTo(new MetricData.Histogram(List.of(
                new MetricData.HistogramPoint(List.of(Attribute.of("route", "/cart")), 100, 200, 6, 12.5,
                        List.of(1L, 2L, 3L), List.of(0.5, 1.0), List.of(mappedExemplar), 1, 0.1, 9.9),
                new MetricData.HistogramPoint(List.of(), 0, 300, 0, null, List.of(), List.of(), List.of(), 0,
                        null, null)),
                AggregationTemporality.DELTA));

        assertThat(metrics.get(3).data()).isEqualTo(new MetricData.ExponentialHistogram(List.of(
                new MetricData.ExponentialHistogramPoint(List.of(Attribute.of("route", "/cart")), 100, 200, 10,
                        -4.0, -3, 2, new MetricData.Buckets(-2, List.of(4L, 0L, 1L)),
                        new MetricData.Buckets(5, List.of(3L)), 1, List.of(mappedExemplar), -3.0, 8.0, 1e-9),
                new MetricData.ExponentialHistogramPoint(List.of(), 0, 300, 0, null, 0, 0,
                        MetricData.Buckets.EMPTY, MetricData.Buckets.EMPTY, 0, List.of(), null, null, 0.0)),
                AggregationTemporality.CUMULATIVE));

        assertThat(metrics.get(4).data()).isEqualTo(new MetricData.Summary(List.of(new MetricData.SummaryPoint(
                List.of(Attribute.of("gc", "g1")), 1, 2, 3, 4.5,
                List.of(new MetricData.ValueAtQuantile(0.5, 1.0), new MetricData.ValueAtQuantile(0.99, 3.0)),
                1))));

        assertThat(metrics.get(5).description()).isEqualTo("kept for its description");
        assertThat(metrics.get(5).unit()).isEqualTo("s");
        assertThat(metrics.get(5).data()).isInstanceOf(MetricData.Empty.class);
        assertThat(metrics.get(5).data().pointCount()).isZero();
    }

    @Test
    void keepsAnAbsentResourceAndScopeAsEmptyButKeepsTheirSchemaUrls() {
        ExportTraceServiceRequest request = ExportTraceServiceRequest.newBuilder()
                .addResourceSpans(ResourceSpans.newBuilder()
                        .setSchemaUrl("r")
                        .addScopeSpans(ScopeSpans.newBuilder().setSchemaUrl("s")
                                .addSpans(OtlpRequests.validSpan(0))))
                .build();

        var group = mapper.map(request).batch().resources().get(0);

        assertThat(group.resource()).isEqualTo(new Resource(List.of(), 0, "r"));
        assertThat(group.resource().serviceName()).isEqualTo(Resource.UNKNOWN_SERVICE);
        assertThat(group.scopes().get(0).scope()).isEqualTo(new InstrumentationScope("", "", List.of(), 0, "s"));
    }

    @Test
    void mapsAnEmptyRequestToAnEmptyBatch() {
        assertThat(mapper.map(ExportTraceServiceRequest.getDefaultInstance()))
                .isEqualTo(new MappingResult<>(new SpanBatch(List.of()), 0, ""));
        assertThat(mapper.map(ExportLogsServiceRequest.getDefaultInstance()))
                .isEqualTo(new MappingResult<>(new LogBatch(List.of()), 0, ""));
        assertThat(mapper.map(ExportMetricsServiceRequest.getDefaultInstance()))
                .isEqualTo(new MappingResult<>(new MetricBatch(List.of()), 0, ""));
    }
}
