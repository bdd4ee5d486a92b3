package dev.sightline.collector.otlp;

import static dev.sightline.collector.otlp.OtlpRequests.PARENT_ID_HEX;
import static dev.sightline.collector.otlp.OtlpRequests.SPAN_ID_HEX;
import static dev.sightline.collector.otlp.OtlpRequests.TRACE_ID_HEX;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sightline.collector.otlp.OtlpDecoder.Encoding;
import dev.sightline.store.model.AggregationTemporality;
import dev.sightline.store.model.AnyValue;
import dev.sightline.store.model.Exemplar;
import dev.sightline.store.model.LogBatch;
import dev.sightline.store.model.LogRecord;
import dev.sightline.store.model.MetricBatch;
import dev.sightline.store.model.MetricData;
import dev.sightline.store.model.Span;
import dev.sightline.store.model.SpanBatch;
import dev.sightline.store.model.SpanId;
import dev.sightline.store.model.SpanKind;
import dev.sightline.store.model.SpanStatus;
import dev.sightline.store.model.TraceId;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** OTLP/JSON as the specification and real exporters write it, and the leniencies we allow. */
class OtlpJsonDecodingTest {

    private final OtlpDecoder decoder = new OtlpDecoder();
    private final OtlpMapper mapper = new OtlpMapper();

    private MappingResult<SpanBatch> traces(String json) {
        return mapper.map(decoder.parseTraces(json.getBytes(StandardCharsets.UTF_8), Encoding.JSON));
    }

    private MappingResult<LogBatch> logs(String json) {
        return mapper.map(decoder.parseLogs(json.getBytes(StandardCharsets.UTF_8), Encoding.JSON));
    }

    private MappingResult<MetricBatch> metrics(String json) {
        return mapper.map(decoder.parseMetrics(json.getBytes(StandardCharsets.UTF_8), Encoding.JSON));
    }

    private static List<Span> spans(MappingResult<SpanBatch> result) {
        return result.batch().resources().stream().flatMap(r -> r.scopes().stream())
                .flatMap(s -> s.items().stream()).toList();
    }

    private static String oneSpan(String fields) {
        return "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{" + fields + "}]}]}]}";
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"lowercase", "uppercase"})
    void readsHexIdsInEitherCase(String letterCase) {
        String trace = letterCase.equals("uppercase") ? TRACE_ID_HEX.toUpperCase(Locale.ROOT) : TRACE_ID_HEX;
        String span = letterCase.equals("uppercase") ? SPAN_ID_HEX.toUpperCase(Locale.ROOT) : SPAN_ID_HEX;
        String parent = letterCase.equals("uppercase") ? PARENT_ID_HEX.toUpperCase(Locale.ROOT) : PARENT_ID_HEX;

        Span mapped = spans(traces(oneSpan("\"traceId\":\"" + trace + "\",\"spanId\":\"" + span
                + "\",\"parentSpanId\":\"" + parent + "\",\"links\":[{\"traceId\":\"" + trace
                + "\",\"spanId\":\"" + parent + "\"}]"))).get(0);

        assertThat(mapped.traceId()).isEqualTo(TraceId.fromHex(TRACE_ID_HEX));
        assertThat(mapped.spanId()).isEqualTo(SpanId.fromHex(SPAN_ID_HEX));
        assertThat(mapped.parentSpanId()).isEqualTo(SpanId.fromHex(PARENT_ID_HEX));
        assertThat(mapped.links().get(0).traceId()).isEqualTo(TraceId.fromHex(TRACE_ID_HEX));
        assertThat(mapped.links().get(0).spanId()).isEqualTo(SpanId.fromHex(PARENT_ID_HEX));
    }

    @Test
    void readsHexIdsInLogRecordsAndExemplars() {
        LogRecord log = logs("{\"resourceLogs\":[{\"scopeLogs\":[{\"logRecords\":[{\"traceId\":\"" + TRACE_ID_HEX
                + "\",\"spanId\":\"" + SPAN_ID_HEX + "\"}]}]}]}").batch().resources().get(0).scopes().get(0)
                .items().get(0);
        assertThat(log.traceId()).isEqualTo(TraceId.fromHex(TRACE_ID_HEX));
        assertThat(log.spanId()).isEqualTo(SpanId.fromHex(SPAN_ID_HEX));

        String exemplar = "\"exemplars\":[{\"asInt\":\"3\",\"traceId\":\"" + TRACE_ID_HEX + "\",\"spanId\":\""
                + SPAN_ID_HEX + "\"}]";
        MappingResult<MetricBatch> result = metrics("{\"resourceMetrics\":[{\"scopeMetrics\":[{\"metrics\":["
                + "{\"name\":\"g\",\"gauge\":{\"dataPoints\":[{\"asInt\":\"1\"," + exemplar + "}]}},"
                + "{\"name\":\"s\",\"sum\":{\"dataPoints\":[{\"asInt\":\"1\"," + exemplar + "}]}},"
                + "{\"name\":\"h\",\"histogram\":{\"dataPoints\":[{" + exemplar + "}]}},"
                + "{\"name\":\"e\",\"exponential_histogram\":{\"data_points\":[{" + exemplar + "}]}}]}]}]}");

        assertThat(result.errorMessage()).isEmpty();
        for (var metric : result.batch().resources().get(0).scopes().get(0).items()) {
            Exemplar mapped = exemplarsOf(metric.data().points().get(0)).get(0);
            assertThat(mapped.traceId()).as(metric.name()).isEqualTo(TraceId.fromHex(TRACE_ID_HEX));
            assertThat(mapped.spanId()).as(metric.name()).isEqualTo(SpanId.fromHex(SPAN_ID_HEX));
        }
    }

    private static List<Exemplar> exemplarsOf(MetricData.Point point) {
        if (point instanceof MetricData.NumberPoint p) {
            return p.exemplars();
        }
        if (point instanceof MetricData.HistogramPoint p) {
            return p.exemplars();
        }
        return ((MetricData.ExponentialHistogramPoint) point).exemplars();
    }

    @Test
    void readsEnumsAsIntegersOrAsNames() {
        String ids = "\"traceId\":\"" + TRACE_ID_HEX + "\",\"spanId\":\"" + SPAN_ID_HEX + "\",";
        Span byNumber = spans(traces(oneSpan(ids + "\"kind\":3,\"status\":{\"code\":2}"))).get(0);
        Span byName = spans(traces(oneSpan(ids
                + "\"kind\":\"SPAN_KIND_CLIENT\",\"status\":{\"code\":\"STATUS_CODE_ERROR\"}"))).get(0);
        Span unknownNumber = spans(traces(oneSpan(ids + "\"kind\":42"))).get(0);
        Span unknownName = spans(traces(oneSpan(ids + "\"kind\":\"SPAN_KIND_FROM_THE_FUTURE\""))).get(0);

        assertThat(byNumber.kind()).isEqualTo(SpanKind.CLIENT);
        assertThat(byNumber.status().code()).isEqualTo(SpanStatus.Code.ERROR);
        assertThat(byName).isEqualTo(byNumber);
        assertThat(unknownNumber.kind()).isEqualTo(SpanKind.UNSPECIFIED);
        assertThat(unknownName.kind()).isEqualTo(SpanKind.UNSPECIFIED);

        LogRecord log = logs("{\"resourceLogs\":[{\"scopeLogs\":[{\"logRecords\":["
                + "{\"severityNumber\":\"SEVERITY_NUMBER_WARN\"}]}]}]}")
                .batch().resources().get(0).scopes().get(0).items().get(0);
        assertThat(log.severityNumber()).isEqualTo(13);

        var sum = (MetricData.Sum) metrics("{\"resourceMetrics\":[{\"scopeMetrics\":[{\"metrics\":[{\"name\":\"c\","
                + "\"sum\":{\"aggregationTemporality\":\"AGGREGATION_TEMPORALITY_CUMULATIVE\",\"isMonotonic\":true,"
                + "\"dataPoints\":[{\"asDouble\":1.5}]}}]}]}]}")
                .batch().resources().get(0).scopes().get(0).items().get(0).data();
        assertThat(sum.temporality()).isEqualTo(AggregationTemporality.CUMULATIVE);
        assertThat(sum.monotonic()).isTrue();
    }

    @Test
    void readsSixtyFourBitIntegersAsStringsOrNumbers() {
        String ids = "\"traceId\":\"" + TRACE_ID_HEX + "\",\"spanId\":\"" + SPAN_ID_HEX + "\",";
        Span strings = spans(traces(oneSpan(ids + "\"startTimeUnixNano\":\"1544712660000000000\","
                + "\"endTimeUnixNano\":\"18446744073709551615\","
                + "\"attributes\":[{\"key\":\"n\",\"value\":{\"intValue\":\"-9223372036854775808\"}}]"))).get(0);
        Span numbers = spans(traces(oneSpan(ids + "\"startTimeUnixNano\":1544712660000000000,"
                + "\"endTimeUnixNano\":18446744073709551615,"
                + "\"attributes\":[{\"key\":\"n\",\"value\":{\"intValue\":-9223372036854775808}}]"))).get(0);

        assertThat(strings.startEpochNanos()).isEqualTo(1544712660000000000L);
        assertThat(strings.endEpochNanos()).as("fixed64 max, kept bit for bit").isEqualTo(-1L);
        assertThat(strings.attributes().get(0).value()).isEqualTo(AnyValue.of(Long.MIN_VALUE));
        assertThat(numbers).isEqualTo(strings);
    }

    @Test
    void readsOriginalSnakeCaseFieldNames() {
        MappingResult<SpanBatch> result = traces("{\"resource_spans\":[{\"resource\":{\"attributes\":[{\"key\":"
                + "\"service.name\",\"value\":{\"string_value\":\"svc\"}}],\"dropped_attributes_count\":2},"
                + "\"schema_url\":\"r\",\"scope_spans\":[{\"schema_url\":\"s\",\"spans\":[{\"trace_id\":\""
                + TRACE_ID_HEX + "\",\"span_id\":\"" + SPAN_ID_HEX + "\",\"parent_span_id\":\"" + PARENT_ID_HEX
                + "\",\"trace_state\":\"a=b\",\"start_time_unix_nano\":\"5\",\"end_time_unix_nano\":\"6\","
                + "\"dropped_events_count\":3,\"links\":[{\"trace_id\":\"" + TRACE_ID_HEX + "\",\"span_id\":\""
                + SPAN_ID_HEX + "\"}]}]}]}]}");

        var group = result.batch().resources().get(0);
        assertThat(group.resource().serviceName()).isEqualTo("svc");
        assertThat(group.resource().droppedAttributesCount()).isEqualTo(2);
        assertThat(group.resource().schemaUrl()).isEqualTo("r");
        assertThat(group.scopes().get(0).scope().schemaUrl()).isEqualTo("s");
        Span span = group.scopes().get(0).items().get(0);
        assertThat(span.traceId()).isEqualTo(TraceId.fromHex(TRACE_ID_HEX));
        assertThat(span.parentSpanId()).isEqualTo(SpanId.fromHex(PARENT_ID_HEX));
        assertThat(span.traceState()).isEqualTo("a=b");
        assertThat(span.startEpochNanos()).isEqualTo(5);
        assertThat(span.endEpochNanos()).isEqualTo(6);
        assertThat(span.droppedEventsCount()).isEqualTo(3);
        assertThat(span.links().get(0).spanId()).isEqualTo(SpanId.fromHex(SPAN_ID_HEX));

        LogRecord log = logs("{\"resource_logs\":[{\"scope_logs\":[{\"log_records\":[{\"trace_id\":\""
                + TRACE_ID_HEX + "\",\"span_id\":\"" + SPAN_ID_HEX + "\",\"severity_text\":\"W\","
                + "\"event_name\":\"e\",\"time_unix_nano\":\"7\"}]}]}]}")
                .batch().resources().get(0).scopes().get(0).items().get(0);
        assertThat(log.traceId()).isEqualTo(TraceId.fromHex(TRACE_ID_HEX));
        assertThat(log.spanId()).isEqualTo(SpanId.fromHex(SPAN_ID_HEX));
        assertThat(log.severityText()).isEqualTo("W");
        assertThat(log.eventName()).isEqualTo("e");
        assertThat(log.epochNanos()).isEqualTo(7);
    }

    @Test
    void ignoresUnknownFieldsAtEveryLevel() {
        MappingResult<SpanBatch> result = traces("{\"future\":1,\"resourceSpans\":[{\"x\":[1,2],\"resource\":"
                + "{\"entityRefs\":[{\"type\":\"host\"}],\"y\":{}},\"scopeSpans\":[{\"z\":null,\"spans\":[{"
                + "\"traceId\":\"" + TRACE_ID_HEX + "\",\"spanId\":\"" + SPAN_ID_HEX + "\",\"name\":\"n\","
                + "\"newField\":{\"deep\":[{\"traceId\":\"not hex\"}]},\"status\":{\"future\":true}}]}]}]}");

        assertThat(result.rejectedItems()).isZero();
        assertThat(result.errorMessage()).isEmpty();
        assertThat(spans(result)).extracting(Span::name).containsExactly("n");
    }

    @Test
    void rejectsOnlyTheSpanWhoseIdIsNotHex() {
        MappingResult<SpanBatch> result = traces("{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":["
                + "{\"traceId\":\"" + TRACE_ID_HEX + "\",\"spanId\":\"" + SPAN_ID_HEX + "\",\"name\":\"good\"},"
                + "{\"traceId\":\"zz8efff798038103d269b633813fc60c\",\"spanId\":\"" + SPAN_ID_HEX
                + "\",\"name\":\"bad trace\"},"
                + "{\"traceId\":\"" + TRACE_ID_HEX + "\",\"spanId\":\"" + SPAN_ID_HEX
                + "\",\"parentSpanId\":\"eee19b7\",\"name\":\"odd parent\"}]}]}]}");

        assertThat(result.rejectedItems()).isEqualTo(2);
        assertThat(result.errorMessage()).isEqualTo("2 spans rejected: "
                + "span 1 in resource 0, scope 0: trace_id is not a valid hex string; "
                + "span 2 in resource 0, scope 0: parent_span_id is not a valid hex string");
        assertThat(spans(result)).extracting(Span::name).containsExactly("good");
    }

    @Test
    void keepsALogRecordWhoseTraceIdIsNotHexWithoutTheId() {
        MappingResult<LogBatch> result = logs("{\"resourceLogs\":[{\"scopeLogs\":[{\"logRecords\":["
                + "{\"traceId\":\"xyz\",\"spanId\":\"" + SPAN_ID_HEX + "\",\"body\":{\"stringValue\":\"kept\"}},"
                + "{\"traceId\":\"\",\"spanId\":\"\"}]}]}]}");

        assertThat(result.rejectedItems()).isZero();
        assertThat(result.errorMessage()).isEqualTo(
                "1 warning: log record 0 in resource 0, scope 0: trace_id is not a valid hex string; kept without it");
        List<LogRecord> records = result.batch().resources().get(0).scopes().get(0).items();
        assertThat(records.get(0).traceId()).isNull();
        assertThat(records.get(0).spanId()).isEqualTo(SpanId.fromHex(SPAN_ID_HEX));
        assertThat(records.get(0).body()).isEqualTo(AnyValue.of("kept"));
        assertThat(records.get(1).traceId()).as("empty strings are empty IDs").isNull();
        assertThat(records.get(1).spanId()).isNull();
    }

    @Test
    void readsBytesAttributesAsBase64AndSpecialDoublesAsStrings() {
        Span span = spans(traces(oneSpan("\"traceId\":\"" + TRACE_ID_HEX + "\",\"spanId\":\"" + SPAN_ID_HEX
                + "\",\"attributes\":[{\"key\":\"b\",\"value\":{\"bytesValue\":\"AAH/\"}},"
                + "{\"key\":\"nan\",\"value\":{\"doubleValue\":\"NaN\"}},"
                + "{\"key\":\"inf\",\"value\":{\"doubleValue\":\"-Infinity\"}},"
                + "{\"key\":\"exp\",\"value\":{\"doubleValue\":1.5e3}}]"))).get(0);

        assertThat(span.attributes().get(0).value()).isEqualTo(new AnyValue.BytesValue(new byte[]{0, 1, -1}));
        assertThat(span.attributes().get(1).value()).isEqualTo(AnyValue.of(Double.NaN));
        assertThat(span.attributes().get(2).value()).isEqualTo(AnyValue.of(Double.NEGATIVE_INFINITY));
        assertThat(span.attributes().get(3).value()).isEqualTo(AnyValue.of(1500.0));
    }

    @Test
    void ignoresAByteOrderMarkAndSurroundingWhitespace() {
        String json = "\uFEFF \n" + oneSpan("\"traceId\":\"" + TRACE_ID_HEX + "\",\"spanId\":\"" + SPAN_ID_HEX
                + "\",\"name\":\"bom\"") + "\n\t ";

        assertThat(spans(traces(json))).extracting(Span::name).containsExactly("bom");
    }
}
