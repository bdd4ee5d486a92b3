package dev.sightline.collector.otlp;

import static dev.sightline.collector.otlp.OtlpRequests.TRACE_ID_HEX;
import static dev.sightline.collector.otlp.OtlpRequests.bytes;
import static dev.sightline.collector.otlp.OtlpRequests.gauge;
import static dev.sightline.collector.otlp.OtlpRequests.hex;
import static dev.sightline.collector.otlp.OtlpRequests.validLog;
import static dev.sightline.collector.otlp.OtlpRequests.validSpan;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.sightline.store.model.LogBatch;
import dev.sightline.store.model.LogRecord;
import dev.sightline.store.model.Metric;
import dev.sightline.store.model.MetricBatch;
import dev.sightline.store.model.MetricData;
import dev.sightline.store.model.Span;
import dev.sightline.store.model.SpanBatch;
import dev.sightline.store.model.SpanId;
import dev.sightline.store.model.TraceId;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.metrics.v1.Exemplar;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.Summary;
import io.opentelemetry.proto.metrics.v1.SummaryDataPoint;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Items that break the OTLP specification are rejected one by one through partial success; the valid items
 * around them are kept, and the message says which item and why.
 */
class OtlpValidationTest {

    private final OtlpMapper mapper = new OtlpMapper();

    private static io.opentelemetry.proto.trace.v1.Span.Link.Builder link() {
        return io.opentelemetry.proto.trace.v1.Span.Link.newBuilder()
                .setTraceId(hex(TRACE_ID_HEX)).setSpanId(hex("0102030405060708"));
    }

    static Stream<Arguments> invalidSpans() {
        return Stream.of(
                invalidSpan("short trace_id", s -> s.setTraceId(bytes(3, 1)), "trace_id must be 16 bytes, got 3"),
                invalidSpan("missing trace_id", s -> s.setTraceId(ByteString.EMPTY),
                        "trace_id must be 16 bytes, got 0"),
                invalidSpan("long trace_id", s -> s.setTraceId(bytes(24, 1)), "trace_id must be 16 bytes, got 24"),
                invalidSpan("all-zero trace_id", s -> s.setTraceId(bytes(16, 0)), "trace_id must not be all zeros"),
                invalidSpan("short span_id", s -> s.setSpanId(bytes(4, 1)), "span_id must be 8 bytes, got 4"),
                invalidSpan("missing span_id", s -> s.setSpanId(ByteString.EMPTY), "span_id must be 8 bytes, got 0"),
                invalidSpan("all-zero span_id", s -> s.setSpanId(bytes(8, 0)), "span_id must not be all zeros"),
                invalidSpan("short parent_span_id", s -> s.setParentSpanId(bytes(5, 1)),
                        "parent_span_id must be empty or 8 bytes, got 5"),
                invalidSpan("long parent_span_id", s -> s.setParentSpanId(bytes(16, 1)),
                        "parent_span_id must be empty or 8 bytes, got 16"),
                invalidSpan("link with a short trace_id", s -> s.addLinks(link()).addLinks(link()
                        .setTraceId(bytes(15, 1))), "link 1: trace_id must be 16 bytes, got 15"),
                invalidSpan("link with an all-zero trace_id", s -> s.addLinks(link().setTraceId(bytes(16, 0))),
                        "link 0: trace_id must not be all zeros"),
                invalidSpan("link with a long span_id", s -> s.addLinks(link().setSpanId(bytes(9, 1))),
                        "link 0: span_id must be 8 bytes, got 9"),
                invalidSpan("link with an all-zero span_id", s -> s.addLinks(link().setSpanId(bytes(8, 0))),
                        "link 0: span_id must not be all zeros"),
                invalidSpan("link without IDs", s -> s.addLinks(io.opentelemetry.proto.trace.v1.Span.Link
                        .newBuilder()), "link 0: trace_id must be 16 bytes, got 0"));
    }

    private static Arguments invalidSpan(String name,
                                         UnaryOperator<io.opentelemetry.proto.trace.v1.Span.Builder> breakIt,
                                         String reason) {
        return Arguments.of(name, breakIt, reason);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidSpans")
    void rejectsTheInvalidSpanAndKeepsTheRest(String name,
                                              UnaryOperator<io.opentelemetry.proto.trace.v1.Span.Builder> breakIt,
                                              String reason) {
        ExportTraceServiceRequest request = OtlpRequests.traces(validSpan(0).build(),
                breakIt.apply(validSpan(1)).build(), validSpan(2).build());

        MappingResult<SpanBatch> result = mapper.map(request);

        assertThat(result.rejectedItems()).isEqualTo(1);
        assertThat(result.errorMessage()).isEqualTo("1 span rejected: span 1 in resource 0, scope 0: " + reason);
        assertThat(result.isPartialSuccess()).isTrue();
        assertThat(result.batch().itemCount()).isEqualTo(2);
        assertThat(result.batch().resources().get(0).scopes().get(0).items())
                .extracting(Span::name).containsExactly("span-0", "span-2");
    }

    @Test
    void rejectsSpanWithShortTraceIdAndKeepsTheRest() {
        MappingResult<SpanBatch> result = mapper.map(OtlpRequests.traces(
                validSpan(0).setTraceId(bytes(3, 7)).build(), validSpan(1).build()));

        assertThat(result.rejectedItems()).isEqualTo(1);
        assertThat(result.errorMessage())
                .isEqualTo("1 span rejected: span 0 in resource 0, scope 0: trace_id must be 16 bytes, got 3");
        assertThat(result.batch().resources().get(0).scopes().get(0).items()).extracting(Span::name)
                .containsExactly("span-1");
    }

    @Test
    void countsEveryRejectedSpanButNamesOnlyTheFirstThreeReasons() {
        io.opentelemetry.proto.trace.v1.Span bad = validSpan(9).setSpanId(ByteString.EMPTY).build();

        MappingResult<SpanBatch> result = mapper.map(OtlpRequests.traces(bad, bad, validSpan(0).build(), bad, bad,
                bad));

        assertThat(result.rejectedItems()).isEqualTo(5);
        assertThat(result.errorMessage()).isEqualTo("5 spans rejected: "
                + "span 0 in resource 0, scope 0: span_id must be 8 bytes, got 0; "
                + "span 1 in resource 0, scope 0: span_id must be 8 bytes, got 0; "
                + "span 3 in resource 0, scope 0: span_id must be 8 bytes, got 0 (and 2 more)");
    }

    @Test
    void dropsResourceAndScopeGroupsThatEndUpEmpty() {
        io.opentelemetry.proto.trace.v1.Span bad = validSpan(9).setTraceId(bytes(16, 0)).build();
        ExportTraceServiceRequest request = ExportTraceServiceRequest.newBuilder()
                .addResourceSpans(ResourceSpans.newBuilder() // every span invalid: the resource goes
                        .addScopeSpans(ScopeSpans.newBuilder().addSpans(bad)))
                .addResourceSpans(ResourceSpans.newBuilder()
                        .addScopeSpans(ScopeSpans.newBuilder().addSpans(bad)) // this scope goes
                        .addScopeSpans(ScopeSpans.newBuilder().setSchemaUrl("kept").addSpans(validSpan(1)))
                        .addScopeSpans(ScopeSpans.newBuilder())) // sent empty: goes too
                .addResourceSpans(ResourceSpans.newBuilder()) // sent empty
                .build();

        MappingResult<SpanBatch> result = mapper.map(request);

        assertThat(result.rejectedItems()).isEqualTo(2);
        assertThat(result.errorMessage()).isEqualTo("2 spans rejected: "
                + "span 0 in resource 0, scope 0: trace_id must not be all zeros; "
                + "span 0 in resource 1, scope 0: trace_id must not be all zeros");
        assertThat(result.batch().resources()).hasSize(1);
        assertThat(result.batch().resources().get(0).scopes()).hasSize(1);
        assertThat(result.batch().resources().get(0).scopes().get(0).scope().schemaUrl()).isEqualTo("kept");
    }

    @Test
    void keepsASpanThatEndsBeforeItStarts() {
        MappingResult<SpanBatch> result = mapper.map(OtlpRequests.traces(
                validSpan(0).setStartTimeUnixNano(2_000).setEndTimeUnixNano(1_000).build()));

        Span span = result.batch().resources().get(0).scopes().get(0).items().get(0);
        assertThat(result.errorMessage()).isEmpty();
        assertThat(span.startEpochNanos()).isEqualTo(2_000);
        assertThat(span.endEpochNanos()).isEqualTo(1_000);
        assertThat(span.durationNanos()).isEqualTo(-1_000);
    }

    @Test
    void readsAnAllZeroParentSpanIdAsARootSpan() {
        MappingResult<SpanBatch> result = mapper.map(OtlpRequests.traces(
                validSpan(0).setParentSpanId(bytes(8, 0)).build()));

        assertThat(result.rejectedItems()).isZero();
        assertThat(result.batch().resources().get(0).scopes().get(0).items().get(0).isRoot()).isTrue();
    }

    static Stream<Arguments> logsWithBadIds() {
        return Stream.of(
                Arguments.of("short trace_id", validLog(1).setTraceId(bytes(3, 1)),
                        "trace_id must be 16 bytes, got 3", true),
                Arguments.of("long trace_id", validLog(1).setTraceId(bytes(32, 1)),
                        "trace_id must be 16 bytes, got 32", true),
                Arguments.of("short span_id", validLog(1).setSpanId(bytes(7, 1)),
                        "span_id must be 8 bytes, got 7", false),
                Arguments.of("long span_id", validLog(1).setSpanId(bytes(16, 1)),
                        "span_id must be 8 bytes, got 16", false));
    }

    /**
     * The logs data model says receivers SHOULD treat a log record with an invalid trace_id or span_id as not
     * associated with a trace: the record is kept without the ID, and the client gets a warning.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("logsWithBadIds")
    void keepsALogRecordWithABadIdWithoutTheIdAndWarns(String name,
                                                      io.opentelemetry.proto.logs.v1.LogRecord.Builder bad,
                                                      String reason, boolean traceIdDropped) {
        MappingResult<LogBatch> result = mapper.map(OtlpRequests.logs(validLog(0).build(), bad.build()));

        assertThat(result.rejectedItems()).isZero();
        assertThat(result.errorMessage())
                .isEqualTo("1 warning: log record 1 in resource 0, scope 0: " + reason + "; kept without it");
        List<LogRecord> records = result.batch().resources().get(0).scopes().get(0).items();
        assertThat(records).hasSize(2);
        assertThat(records.get(0).traceId()).isEqualTo(TraceId.fromHex(TRACE_ID_HEX));
        assertThat(records.get(1).traceId())
                .isEqualTo(traceIdDropped ? null : TraceId.fromHex(TRACE_ID_HEX));
        assertThat(records.get(1).spanId())
                .isEqualTo(traceIdDropped ? SpanId.fromHex(OtlpRequests.SPAN_ID_HEX) : null);
    }

    @Test
    void readsAllZeroLogIdsAsNoTraceContext() {
        MappingResult<LogBatch> result = mapper.map(OtlpRequests.logs(
                validLog(0).setTraceId(bytes(16, 0)).setSpanId(bytes(8, 0)).build()));

        LogRecord log = result.batch().resources().get(0).scopes().get(0).items().get(0);
        assertThat(result.errorMessage()).isEmpty();
        assertThat(log.traceId()).isNull();
        assertThat(log.spanId()).isNull();
    }

    @Test
    void rejectsTheDataPointsOfAMetricWithAnEmptyNameAndKeepsTheOtherMetrics() {
        MappingResult<MetricBatch> result = mapper.map(OtlpRequests.metrics(
                gauge("ok.before", 1).build(), gauge("", 3).build(), gauge("ok.after", 2).build()));

        assertThat(result.rejectedItems()).isEqualTo(3);
        assertThat(result.errorMessage()).isEqualTo(
                "3 data points rejected: metric 1 in resource 0, scope 0: name must not be empty (3 data points)");
        assertThat(result.batch().itemCount()).isEqualTo(3);
        assertThat(result.batch().resources().get(0).scopes().get(0).items()).extracting(Metric::name)
                .containsExactly("ok.before", "ok.after");
    }

    @Test
    void countsTheDataPointsOfEveryKindWhenTheNameIsEmpty() {
        ExportMetricsServiceRequest request = OtlpRequests.metrics(
                io.opentelemetry.proto.metrics.v1.Metric.newBuilder().setSummary(Summary.newBuilder()
                        .addDataPoints(SummaryDataPoint.getDefaultInstance())
                        .addDataPoints(SummaryDataPoint.getDefaultInstance())).build(),
                io.opentelemetry.proto.metrics.v1.Metric.newBuilder().setDescription("no data, no name").build());

        MappingResult<MetricBatch> result = mapper.map(request);

        assertThat(result.rejectedItems()).isEqualTo(2);
        assertThat(result.errorMessage()).isEqualTo("2 data points rejected: "
                + "metric 0 in resource 0, scope 0: name must not be empty (2 data points); "
                + "metric 1 in resource 0, scope 0: name must not be empty (0 data points)");
        assertThat(result.batch().resources()).isEmpty();
    }

    @Test
    void keepsAnExemplarWithABadTraceIdWithoutTheId() {
        ExportMetricsServiceRequest request = ExportMetricsServiceRequest.newBuilder()
                .addResourceMetrics(ResourceMetrics.newBuilder().addScopeMetrics(ScopeMetrics.newBuilder()
                        .addMetrics(io.opentelemetry.proto.metrics.v1.Metric.newBuilder().setName("m")
                                .setGauge(Gauge.newBuilder().addDataPoints(NumberDataPoint.newBuilder()
                                        .setAsInt(1)
                                        .addExemplars(Exemplar.newBuilder().setAsInt(1)
                                                .setTraceId(bytes(5, 1)).setSpanId(bytes(8, 2))))))))
                .build();

        MappingResult<MetricBatch> result = mapper.map(request);

        assertThat(result.rejectedItems()).isZero();
        assertThat(result.errorMessage()).isEqualTo("1 warning: exemplar 0 of data point 0 of metric 0 in "
                + "resource 0, scope 0: trace_id must be 16 bytes, got 5; kept without it");
        var point = (MetricData.NumberPoint) result.batch().resources().get(0).scopes().get(0).items().get(0)
                .data().points().get(0);
        assertThat(point.exemplars().get(0).traceId()).isNull();
        assertThat(point.exemplars().get(0).spanId()).isEqualTo(SpanId.fromBytes(bytes(8, 2).toByteArray()));
    }
}
