package dev.sightline.store.codec;

import com.google.protobuf.CodedOutputStream;
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
import dev.sightline.store.model.ResourceGroup;
import dev.sightline.store.model.ScopeGroup;
import dev.sightline.store.model.Signal;
import dev.sightline.store.model.Span;
import dev.sightline.store.model.SpanBatch;
import dev.sightline.store.model.SpanEvent;
import dev.sightline.store.model.SpanId;
import dev.sightline.store.model.SpanKind;
import dev.sightline.store.model.SpanLink;
import dev.sightline.store.model.SpanStatus;
import dev.sightline.store.model.TelemetryBatch;
import dev.sightline.store.model.TraceId;
import dev.sightline.store.testing.ModelFixtures;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

class BinaryBatchCodecTest {

    private static final long T0 = ModelFixtures.BASE_EPOCH_NANOS;
    private static final TraceId TRACE = new TraceId(0x0af7651916cd43ddL, 0x8448eb211c80319cL);
    private static final SpanId SPAN = new SpanId(0xb7ad6b7169203331L);
    private static final InstrumentationScope SCOPE = new InstrumentationScope("lib", "1", List.of(), 0, "");

    private final BinaryBatchCodec codec = new BinaryBatchCodec();

    // ---- round trips of random batches ----

    @Test
    void roundTripsEveryFieldOfRandomSpanBatches() {
        for (int seed = 0; seed < 200; seed++) {
            Random rnd = new Random(seed);
            SpanBatch batch = ModelFixtures.spans(rnd, 1 + rnd.nextInt(3), rnd.nextInt(40));
            assertThat(roundTrip(batch)).as("seed %d", seed).isEqualTo(batch);
        }
    }

    @Test
    void roundTripsEveryFieldOfRandomLogBatches() {
        for (int seed = 0; seed < 200; seed++) {
            Random rnd = new Random(seed);
            LogBatch batch = ModelFixtures.logs(rnd, rnd.nextInt(60));
            assertThat(roundTrip(batch)).as("seed %d", seed).isEqualTo(batch);
        }
    }

    @Test
    void roundTripsEveryFieldOfRandomMetricBatches() {
        for (int seed = 0; seed < 200; seed++) {
            Random rnd = new Random(seed);
            MetricBatch batch = ModelFixtures.metrics(rnd, rnd.nextInt(30));
            assertThat(roundTrip(batch)).as("seed %d", seed).isEqualTo(batch);
        }
    }

    @Test
    void randomFixturesCoverEveryValueKindAndEveryMetricKind() {
        Set<Class<?>> seen = new HashSet<>();
        for (int seed = 0; seed < 20; seed++) {
            Random rnd = new Random(seed);
            collectKinds(ModelFixtures.spans(rnd, 2, 30), seen);
            collectKinds(ModelFixtures.logs(rnd, 30), seen);
            collectKinds(ModelFixtures.metrics(rnd, 12), seen);
        }
        assertThat(seen).contains(AnyValue.StringValue.class, AnyValue.BoolValue.class, AnyValue.IntValue.class,
                AnyValue.DoubleValue.class, AnyValue.BytesValue.class, AnyValue.ArrayValue.class,
                AnyValue.KeyValueList.class, AnyValue.Empty.class, MetricData.Gauge.class, MetricData.Sum.class,
                MetricData.Histogram.class, MetricData.ExponentialHistogram.class, MetricData.Summary.class,
                MetricData.Empty.class);
    }

    @Test
    void roundTripsBatchesWithNoResourcesNoScopesOrNoItems() {
        assertRoundTrips(new SpanBatch(List.of()));
        assertRoundTrips(new LogBatch(List.of(new ResourceGroup<>(Resource.EMPTY, List.of()))));
        assertRoundTrips(new MetricBatch(List.of(new ResourceGroup<>(Resource.EMPTY,
                List.of(new ScopeGroup<>(InstrumentationScope.EMPTY, List.of()))))));
    }

    @Test
    void roundTripsTheTraceAndLogConveniencesOfTheFixtures() {
        assertRoundTrips(ModelFixtures.spansOfTrace(TRACE, "checkout", 5, T0));
        assertRoundTrips(logs(ModelFixtures.log(TRACE, SPAN, "hello", T0), ModelFixtures.log(null, null, null, T0)));
    }

    // ---- edge values ----

    @Test
    void keepsExtremeNumbersAndEmptyStringsOfSpans() {
        Span extreme = new Span(new TraceId(0, 1), new SpanId(Long.MIN_VALUE), "", new SpanId(-1), -1, "",
                SpanKind.CONSUMER, Long.MIN_VALUE, Long.MAX_VALUE,
                List.of(new Attribute("", AnyValue.of("")), new Attribute("min", AnyValue.of(Long.MIN_VALUE)),
                        new Attribute("max", AnyValue.of(Long.MAX_VALUE))),
                Integer.MIN_VALUE,
                List.of(new SpanEvent(Long.MAX_VALUE, "", List.of(), Integer.MAX_VALUE),
                        new SpanEvent(Long.MIN_VALUE, "before the start", List.of(), -1)),
                -1,
                List.of(new SpanLink(new TraceId(-1, 0), new SpanId(1), "", List.of(), -1, Integer.MIN_VALUE)),
                Integer.MAX_VALUE, new SpanStatus(SpanStatus.Code.ERROR, ""));
        Span endsBeforeItStarts = new Span(TRACE, SPAN, "", SPAN, 1, "op", SpanKind.INTERNAL, T0, T0 - 1, List.of(), 0,
                List.of(), 0, List.of(), 0, SpanStatus.UNSET);
        Span root = new Span(TRACE, SPAN, "k=v", null, 0, "root", SpanKind.SERVER, 0, 0, List.of(), 0, List.of(), 0,
                List.of(), 0, new SpanStatus(SpanStatus.Code.OK, "fine"));
        assertRoundTrips(spans(extreme, endsBeforeItStarts, root));
        assertThat(((SpanBatch) roundTrip(spans(root))).resources().get(0).scopes().get(0).items().get(0)
                .parentSpanId()).isNull();
    }

    @Test
    void keepsAbsentAndPresentOptionalFieldsOfLogRecords() {
        List<LogRecord> records = new ArrayList<>();
        AnyValue[] bodies = {null, AnyValue.Empty.INSTANCE, AnyValue.of(""), AnyValue.of(0L),
                new AnyValue.BytesValue(new byte[0]), new AnyValue.ArrayValue(List.of()),
                new AnyValue.KeyValueList(List.of())};
        for (AnyValue body : bodies) {
            for (TraceId traceId : new TraceId[] {null, TRACE}) {
                for (SpanId spanId : new SpanId[] {null, SPAN}) {
                    records.add(new LogRecord(0, Long.MAX_VALUE, -1, "", body, List.of(), Integer.MIN_VALUE, -1,
                            traceId, spanId, ""));
                }
            }
        }
        LogBatch batch = logs(records.toArray(LogRecord[]::new));
        assertRoundTrips(batch);
        List<LogRecord> decoded = ((LogBatch) roundTrip(batch)).resources().get(0).scopes().get(0).items();
        assertThat(decoded.get(0).body()).isNull();
        assertThat(decoded.get(0).traceId()).isNull();
        assertThat(decoded.get(0).spanId()).isNull();
        assertThat(decoded.get(4).body()).isSameAs(AnyValue.Empty.INSTANCE);
    }

    @Test
    void keepsTheExactBitsOfDoublesIncludingNanPayloadsAndNegativeZero() {
        double[] doubles = {Double.NaN, Double.longBitsToDouble(0x7ff8000000000001L),
                Double.longBitsToDouble(0xfff8dead00000000L), -0.0, 0.0, Double.MIN_VALUE, -Double.MAX_VALUE,
                Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
        List<Attribute> attributes = new ArrayList<>();
        for (double d : doubles) {
            attributes.add(new Attribute("d", AnyValue.of(d)));
        }
        SpanBatch decoded = (SpanBatch) roundTrip(spans(span(attributes)));
        List<Attribute> back = decoded.resources().get(0).scopes().get(0).items().get(0).attributes();
        for (int i = 0; i < doubles.length; i++) {
            double d = ((AnyValue.DoubleValue) back.get(i).value()).value();
            assertThat(Double.doubleToRawLongBits(d)).as("double %d", i)
                    .isEqualTo(Double.doubleToRawLongBits(doubles[i]));
        }
    }

    @Test
    void keepsUnicodeStringsIncludingSupplementaryCharactersAndStringsLargerThanTheBuffer() {
        List<Attribute> attributes = List.of(Attribute.of("😀 key", "𝄞 G clef, 😀👍🏽 emoji, 日本語, ü"),
                Attribute.of("nul", "a\u0000b"), Attribute.of("bmp edge", "\uFFFF\uD7FF\uE000"),
                Attribute.of("long ascii", "x".repeat(100_000)), Attribute.of("long wide", "😀日".repeat(20_000)));
        assertRoundTrips(spans(span(attributes)));
    }

    @Test
    void keepsNestedArraysKeyValueListsBytesAndEmptyValues() {
        AnyValue bytes = new AnyValue.BytesValue(new byte[] {0, -1, 127, -128});
        AnyValue kvlist = new AnyValue.KeyValueList(List.of(
                new Attribute("inner", new AnyValue.KeyValueList(List.of(new Attribute("bytes", bytes)))),
                new Attribute("empty", AnyValue.Empty.INSTANCE),
                new Attribute("", AnyValue.of(true))));
        AnyValue nested = new AnyValue.ArrayValue(List.of(
                new AnyValue.ArrayValue(List.of(AnyValue.of(1L), new AnyValue.ArrayValue(List.of()))),
                kvlist, AnyValue.Empty.INSTANCE, AnyValue.of(false), AnyValue.of(-0.0)));
        assertRoundTrips(spans(span(List.of(new Attribute("nested", nested),
                new Attribute("no bytes", new AnyValue.BytesValue(new byte[0]))))));
    }

    @Test
    void keepsValuesNestedUpToTheDepthLimitAndRefusesToEncodeDeeperOnes() {
        assertRoundTrips(spans(span(List.of(new Attribute("deep", nestedArrays(BinaryBatchCodec.MAX_VALUE_DEPTH
                - 1))))));
        SpanBatch tooDeep = spans(span(List.of(new Attribute("deep", nestedArrays(BinaryBatchCodec.MAX_VALUE_DEPTH)))));
        assertThatThrownBy(() -> codec.encode(tooDeep)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nested deeper");
    }

    @Test
    void keepsEveryMetricKindWithEveryTemporalityAndMonotonicity() {
        List<Metric> metrics = new ArrayList<>();
        MetricData.NumberPoint point = new MetricData.NumberPoint(List.of(), 0, T0, new NumberValue.OfLong(-5),
                List.of(), 0);
        for (AggregationTemporality t : new AggregationTemporality[] {null, AggregationTemporality.UNSPECIFIED,
                AggregationTemporality.DELTA, AggregationTemporality.CUMULATIVE}) {
            metrics.add(new Metric("sum", "", "", List.of(), new MetricData.Sum(List.of(point), t, true)));
            metrics.add(new Metric("sum", "", "", List.of(), new MetricData.Sum(List.of(point), t, false)));
            metrics.add(new Metric("h", "", "", List.of(), new MetricData.Histogram(List.of(), t)));
            metrics.add(new Metric("e", "", "", List.of(), new MetricData.ExponentialHistogram(List.of(), t)));
        }
        metrics.add(new Metric("g", "d", "u", List.of(Attribute.of("m", "v")), new MetricData.Gauge(List.of(point))));
        metrics.add(new Metric("s", "", "", List.of(), new MetricData.Summary(List.of())));
        metrics.add(new Metric("", "", "", List.of(), new MetricData.Empty()));
        assertRoundTrips(metrics(metrics));
    }

    @Test
    void keepsAbsentAndPresentSumMinMaxAndExemplarIds() {
        List<Exemplar> exemplars = List.of(
                new Exemplar(List.of(), T0, new NumberValue.OfDouble(Double.NaN), null, null),
                new Exemplar(List.of(Attribute.of("user", "u")), Long.MIN_VALUE, new NumberValue.OfLong(Long.MAX_VALUE),
                        SPAN, TRACE),
                new Exemplar(List.of(), 0, null, SPAN, null),
                new Exemplar(List.of(), 0, new NumberValue.OfLong(0), null, TRACE));
        List<MetricData.HistogramPoint> histogram = new ArrayList<>();
        List<MetricData.ExponentialHistogramPoint> exponential = new ArrayList<>();
        for (int bits = 0; bits < 8; bits++) {
            Double sum = (bits & 1) != 0 ? -0.0 : null;
            Double min = (bits & 2) != 0 ? Double.NEGATIVE_INFINITY : null;
            Double max = (bits & 4) != 0 ? Double.NaN : null;
            histogram.add(new MetricData.HistogramPoint(List.of(), T0, T0 + 1, -1, sum,
                    List.of(0L, -1L, Long.MAX_VALUE), List.of(-0.0, 1.0), exemplars, -1, min, max));
            exponential.add(new MetricData.ExponentialHistogramPoint(List.of(), T0, T0, Long.MIN_VALUE, sum,
                    Integer.MIN_VALUE, -1, new MetricData.Buckets(Integer.MAX_VALUE, List.of(1L, Long.MIN_VALUE)),
                    new MetricData.Buckets(-1, List.of()), Integer.MAX_VALUE, exemplars, min, max, Double.NaN));
        }
        List<MetricData.NumberPoint> numbers = List.of(
                new MetricData.NumberPoint(List.of(), 0, 0, null, exemplars, 0),
                new MetricData.NumberPoint(List.of(), -1, Long.MAX_VALUE, new NumberValue.OfDouble(-0.0), List.of(),
                        -1));
        List<MetricData.SummaryPoint> summaries = List.of(new MetricData.SummaryPoint(List.of(), 0, T0, -1,
                Double.NaN, List.of(new MetricData.ValueAtQuantile(0, -0.0), new MetricData.ValueAtQuantile(1, 1e308)),
                7));
        MetricBatch batch = metrics(List.of(
                new Metric("h", "", "", List.of(), new MetricData.Histogram(histogram, AggregationTemporality.DELTA)),
                new Metric("e", "", "", List.of(), new MetricData.ExponentialHistogram(exponential, null)),
                new Metric("n", "", "", List.of(), new MetricData.Gauge(numbers)),
                new Metric("s", "", "", List.of(), new MetricData.Summary(summaries))));
        assertRoundTrips(batch);
        MetricData.HistogramPoint absent = ((MetricData.Histogram) ((MetricBatch) roundTrip(batch)).resources().get(0)
                .scopes().get(0).items().get(0).data()).points().get(0);
        assertThat(absent.sum()).isNull();
        assertThat(absent.min()).isNull();
        assertThat(absent.max()).isNull();
    }

    /** Counts are checked against the bytes left using each item's smallest size: that bound must be exact. */
    @Test
    void decodesItemsOfTheSmallestPossibleSizeAtTheEndOfThePayload() {
        Exemplar exemplar = new Exemplar(List.of(), 0, null, null, null);
        MetricData.NumberPoint number = new MetricData.NumberPoint(List.of(), 0, 0, null, List.of(exemplar), 0);
        MetricData.HistogramPoint histogram = new MetricData.HistogramPoint(List.of(), 0, 0, 0, null, List.of(),
                List.of(), List.of(), 0, null, null);
        MetricData.ExponentialHistogramPoint exponential = new MetricData.ExponentialHistogramPoint(List.of(), 0, 0, 0,
                null, 0, 0, null, null, 0, List.of(), null, null, 0);
        MetricData.SummaryPoint summary = new MetricData.SummaryPoint(List.of(), 0, 0, 0, 0, List.of(), 0);
        for (MetricData data : List.of(new MetricData.Gauge(List.of(number, number)),
                new MetricData.Histogram(List.of(histogram, histogram), null),
                new MetricData.ExponentialHistogram(List.of(exponential, exponential), null),
                new MetricData.Summary(List.of(summary, summary)))) {
            assertRoundTrips(metrics(List.of(new Metric("", "", "", List.of(), data))));
        }
        Span minimal = new Span(TRACE, SPAN, "", null, 0, "", SpanKind.UNSPECIFIED, 0, 0, List.of(), 0,
                List.of(new SpanEvent(0, "", List.of(), 0)), 0,
                List.of(new SpanLink(TRACE, SPAN, "", List.of(), 0, 0)), 0, SpanStatus.UNSET);
        assertRoundTrips(spans(minimal, minimal));
        assertRoundTrips(new LogBatch(List.of(new ResourceGroup<>(Resource.EMPTY, List.of()),
                new ResourceGroup<>(Resource.EMPTY, List.of(new ScopeGroup<>(InstrumentationScope.EMPTY, List.of())))
        )));
    }

    // ---- corrupt input ----

    @Test
    void decodeRejectsAPayloadOfAnotherSignal() {
        byte[] spans = codec.encode(ModelFixtures.spans(new Random(1), 1, 3));
        byte[] logs = codec.encode(ModelFixtures.logs(new Random(1), 3));
        byte[] metrics = codec.encode(ModelFixtures.metrics(new Random(1), 3));
        assertCorrupt(Signal.LOGS, spans).hasMessageContaining("expected a logs batch");
        assertCorrupt(Signal.METRICS, spans);
        assertCorrupt(Signal.TRACES, logs);
        assertCorrupt(Signal.METRICS, logs);
        assertCorrupt(Signal.TRACES, metrics);
        assertCorrupt(Signal.LOGS, metrics);
    }

    static Stream<Arguments> corruptPayloads() throws IOException {
        List<Arguments> cases = new ArrayList<>();
        cases.add(Arguments.of("an empty array", Signal.TRACES, new byte[0]));
        cases.add(Arguments.of("a version byte alone", Signal.TRACES, new byte[] {1}));
        cases.add(Arguments.of("version 0", Signal.TRACES, new byte[] {0, 1, 0}));
        cases.add(Arguments.of("version 2", Signal.TRACES, new byte[] {2, 1, 0}));
        cases.add(Arguments.of("version 255", Signal.LOGS, new byte[] {-1, 2, 0}));
        cases.add(Arguments.of("an unknown signal code", Signal.METRICS, new byte[] {1, 9, 0}));
        cases.add(Arguments.of("a group count of 2^31-1", Signal.TRACES, header(1, out -> out.writeUInt32NoTag(
                Integer.MAX_VALUE))));
        cases.add(Arguments.of("a group count of 2^32-1", Signal.TRACES, header(1, out -> out.writeUInt32NoTag(-1))));
        cases.add(Arguments.of("a string length of 2^31-1", Signal.LOGS, header(2, out -> {
            out.writeUInt32NoTag(1); // one resource
            out.writeUInt32NoTag(0); // no attributes
            out.writeUInt32NoTag(0); // none dropped
            out.writeUInt32NoTag(Integer.MAX_VALUE); // schema URL length
        })));
        cases.add(Arguments.of("an attribute count of 2^31-1", Signal.METRICS, header(3, out -> {
            out.writeUInt32NoTag(1);
            out.writeUInt32NoTag(Integer.MAX_VALUE);
        })));
        cases.add(Arguments.of("a varint longer than ten bytes", Signal.TRACES,
                concat(new byte[] {1, 1}, filled(11, (byte) 0xff))));
        cases.add(Arguments.of("trailing bytes", Signal.LOGS,
                concat(new BinaryBatchCodec().encode(new LogBatch(List.of())), new byte[] {0})));
        cases.add(Arguments.of("invalid UTF-8", Signal.LOGS, header(2, out -> {
            out.writeUInt32NoTag(1);
            out.writeUInt32NoTag(0);
            out.writeUInt32NoTag(0);
            out.writeUInt32NoTag(2);
            out.writeRawBytes(new byte[] {(byte) 0xc3, (byte) 0x28});
            out.writeUInt32NoTag(0);
        })));
        cases.add(Arguments.of("an all-zero trace ID", Signal.TRACES, spanPayload(out -> {
            out.writeFixed64NoTag(0);
            out.writeFixed64NoTag(0);
            out.writeFixed64NoTag(1);
        })));
        cases.add(Arguments.of("an all-zero span ID", Signal.TRACES, spanPayload(out -> {
            out.writeFixed64NoTag(1);
            out.writeFixed64NoTag(1);
            out.writeFixed64NoTag(0);
        })));
        cases.add(Arguments.of("an unknown value tag", Signal.TRACES, resourceAttributePayload(out ->
                out.writeUInt32NoTag(99))));
        cases.add(Arguments.of("an absent attribute value", Signal.TRACES, resourceAttributePayload(out ->
                out.writeUInt32NoTag(0))));
        cases.add(Arguments.of("arrays nested 100000 deep", Signal.TRACES, resourceAttributePayload(out -> {
            for (int i = 0; i < 100_000; i++) {
                out.writeUInt32NoTag(7); // array
                out.writeUInt32NoTag(1); // of one value
            }
        })));
        cases.add(Arguments.of("nested arrays that each claim every byte left", Signal.TRACES,
                resourceAttributePayload(out -> {
                    for (int i = 0; i < 90; i++) {
                        out.writeUInt32NoTag(7);
                        out.writeUInt32NoTag(4_000_000 - 10 * i);
                    }
                    out.writeRawBytes(new byte[4_000_000]);
                })));
        Random rnd = new Random(42);
        for (int i = 0; i < 50; i++) {
            byte[] bytes = new byte[1 + rnd.nextInt(200)];
            rnd.nextBytes(bytes);
            cases.add(Arguments.of("random bytes #" + i, Signal.values()[i % 3], bytes));
            byte[] withHeader = bytes.clone();
            withHeader[0] = 1;
            if (withHeader.length > 1) {
                withHeader[1] = (byte) (1 + i % 3);
            }
            cases.add(Arguments.of("random bytes after a valid header #" + i, Signal.values()[i % 3], withHeader));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corruptPayloads")
    void rejectsCorruptPayloads(String description, Signal signal, byte[] payload) {
        assertCorrupt(signal, payload);
    }

    @Test
    void rejectsEveryTruncationOfAValidPayload() {
        Random rnd = new Random(7);
        List<TelemetryBatch> batches = List.of(ModelFixtures.spans(rnd, 2, 5), ModelFixtures.logs(rnd, 10),
                ModelFixtures.metrics(rnd, 12));
        for (TelemetryBatch batch : batches) {
            byte[] payload = codec.encode(batch);
            for (int length = 0; length < payload.length; length++) {
                byte[] truncated = Arrays.copyOf(payload, length);
                assertThat(catchThrowable(() -> codec.decode(batch.signal(), truncated)))
                        .as("%s cut to %d of %d bytes", batch.signal(), length, payload.length)
                        .isInstanceOf(CorruptRecordException.class);
            }
        }
    }

    // ---- reading one trace out of a batch ----

    /** The full decode, kept to one trace's items, without the scopes and resources left empty. */
    private static <T> List<ResourceGroup<T>> only(List<ResourceGroup<T>> groups, java.util.function.Predicate<T> keep) {
        List<ResourceGroup<T>> out = new java.util.ArrayList<>();
        for (ResourceGroup<T> g : groups) {
            List<ScopeGroup<T>> scopes = g.scopes().stream()
                    .map(sc -> new ScopeGroup<>(sc.scope(), sc.items().stream().filter(keep).toList()))
                    .filter(sc -> !sc.items().isEmpty()).toList();
            if (!scopes.isEmpty()) {
                out.add(new ResourceGroup<>(g.resource(), scopes));
            }
        }
        return out;
    }

    @Test
    void decodingOneTraceGivesExactlyThatTracesItemsOfRandomBatches() {
        for (int seed = 0; seed < 100; seed++) {
            Random rnd = new Random(seed);
            SpanBatch spans = ModelFixtures.spans(rnd, 1 + rnd.nextInt(3), 1 + rnd.nextInt(60));
            byte[] spanPayload = codec.encode(spans);
            java.util.Set<TraceId> traces = new java.util.LinkedHashSet<>();
            spans.resources().forEach(g -> g.scopes().forEach(sc -> sc.items().forEach(x -> traces.add(x.traceId()))));
            traces.add(TRACE); // not in the batch: nothing comes back
            for (TraceId id : traces) {
                SpanBatch one = (SpanBatch) codec.decodeTrace(Signal.TRACES, spanPayload, id);
                assertThat(one.resources()).as("seed %d trace %s", seed, id)
                        .isEqualTo(only(spans.resources(), x -> x.traceId().equals(id)));
            }
            LogBatch logs = ModelFixtures.logs(rnd, 1 + rnd.nextInt(40));
            byte[] logPayload = codec.encode(logs);
            java.util.Set<TraceId> logTraces = new java.util.LinkedHashSet<>();
            logs.resources().forEach(g -> g.scopes().forEach(sc -> sc.items().forEach(x -> {
                if (x.traceId() != null) {
                    logTraces.add(x.traceId());
                }
            })));
            logTraces.add(TRACE);
            for (TraceId id : logTraces) {
                LogBatch one = (LogBatch) codec.decodeTrace(Signal.LOGS, logPayload, id);
                assertThat(one.resources()).as("seed %d trace %s", seed, id)
                        .isEqualTo(only(logs.resources(), x -> id.equals(x.traceId())));
            }
        }
    }

    @Test
    void decodingOneTraceRejectsEveryTruncationAndFailsOnlyAsCorruption() {
        Random rnd = new Random(5);
        List<TelemetryBatch> batches = List.of(ModelFixtures.spans(rnd, 2, 6), ModelFixtures.logs(rnd, 10));
        for (TelemetryBatch batch : batches) {
            byte[] payload = codec.encode(batch);
            for (int length = 0; length < payload.length; length++) {
                byte[] truncated = Arrays.copyOf(payload, length);
                assertThat(catchThrowable(() -> codec.decodeTrace(batch.signal(), truncated, TRACE)))
                        .as("%s cut to %d of %d bytes", batch.signal(), length, payload.length)
                        .isInstanceOf(CorruptRecordException.class);
            }
            for (int i = 0; i < payload.length; i++) {
                byte[] changed = payload.clone();
                changed[i] ^= (byte) 0x80;
                Throwable thrown = catchThrowable(() -> codec.decodeTrace(batch.signal(), changed, TRACE));
                if (thrown != null) {
                    assertThat(thrown).as("byte %d", i).isInstanceOf(CorruptRecordException.class);
                }
            }
        }
    }

    /** A flipped byte may still decode (to other values), but must never fail with anything but corruption. */
    @Test
    void failsOnlyWithCorruptRecordExceptionWhenAnyByteIsChanged() {
        Random rnd = new Random(11);
        List<TelemetryBatch> batches = List.of(ModelFixtures.spans(rnd, 1, 4), ModelFixtures.logs(rnd, 6),
                ModelFixtures.metrics(rnd, 6));
        for (TelemetryBatch batch : batches) {
            byte[] payload = codec.encode(batch);
            for (int i = 0; i < payload.length; i++) {
                for (int flip : new int[] {0x01, 0x80, 0xff}) {
                    byte[] changed = payload.clone();
                    changed[i] ^= (byte) flip;
                    Throwable thrown = catchThrowable(() -> codec.decode(batch.signal(), changed));
                    if (thrown != null) {
                        assertThat(thrown).as("byte %d ^ %x", i, flip).isInstanceOf(CorruptRecordException.class);
                    }
                }
            }
        }
    }

    @Test
    void startsEveryPayloadWithTheFormatVersionAndNamesAnUnknownVersion() {
        byte[] payload = codec.encode(ModelFixtures.logs(new Random(3), 2));
        assertThat(payload[0]).isEqualTo(BinaryBatchCodec.FORMAT_VERSION);
        payload[0] = 9;
        assertCorrupt(Signal.LOGS, payload).hasMessageContaining("unknown batch format version 9");
    }

    // ---- helpers ----

    private TelemetryBatch roundTrip(TelemetryBatch batch) {
        return codec.decode(batch.signal(), codec.encode(batch));
    }

    private void assertRoundTrips(TelemetryBatch batch) {
        assertThat(roundTrip(batch)).isEqualTo(batch);
    }

    private AbstractThrowableAssert<?, ? extends Throwable> assertCorrupt(Signal signal, byte[] payload) {
        return assertThatThrownBy(() -> codec.decode(signal, payload)).isInstanceOf(CorruptRecordException.class);
    }

    private static void collectKinds(TelemetryBatch batch, Set<Class<?>> seen) {
        List<? extends ResourceGroup<?>> groups = batch instanceof SpanBatch s ? s.resources()
                : batch instanceof LogBatch l ? l.resources() : ((MetricBatch) batch).resources();
        for (ResourceGroup<?> g : groups) {
            collectKinds(g.resource().attributes(), seen);
            for (ScopeGroup<?> s : g.scopes()) {
                for (Object item : s.items()) {
                    if (item instanceof Span span) {
                        collectKinds(span.attributes(), seen);
                        span.events().forEach(e -> collectKinds(e.attributes(), seen));
                    } else if (item instanceof LogRecord log) {
                        collectKinds(log.attributes(), seen);
                        if (log.body() != null) {
                            collectKinds(List.of(new Attribute("body", log.body())), seen);
                        }
                    } else if (item instanceof Metric metric) {
                        seen.add(metric.data().getClass());
                        metric.data().points().forEach(p -> collectKinds(p.attributes(), seen));
                    }
                }
            }
        }
    }

    private static void collectKinds(List<Attribute> attributes, Set<Class<?>> seen) {
        for (Attribute a : attributes) {
            seen.add(a.value().getClass());
            if (a.value() instanceof AnyValue.ArrayValue array) {
                array.values().forEach(v -> collectKinds(List.of(new Attribute("", v)), seen));
            } else if (a.value() instanceof AnyValue.KeyValueList kv) {
                collectKinds(kv.values(), seen);
            }
        }
    }

    private static Span span(List<Attribute> attributes) {
        return new Span(TRACE, SPAN, "", null, 1, "op", SpanKind.INTERNAL, T0, T0 + 1, attributes, 0, List.of(), 0,
                List.of(), 0, SpanStatus.UNSET);
    }

    private static SpanBatch spans(Span... spans) {
        return new SpanBatch(List.of(new ResourceGroup<>(ModelFixtures.resource("svc"),
                List.of(new ScopeGroup<>(SCOPE, List.of(spans))))));
    }

    private static LogBatch logs(LogRecord... records) {
        return new LogBatch(List.of(new ResourceGroup<>(Resource.EMPTY,
                List.of(new ScopeGroup<>(SCOPE, List.of(records))))));
    }

    private static MetricBatch metrics(List<Metric> metrics) {
        return new MetricBatch(List.of(new ResourceGroup<>(Resource.EMPTY, List.of(new ScopeGroup<>(SCOPE, metrics)))));
    }

    private static AnyValue nestedArrays(int depth) {
        AnyValue value = AnyValue.of("leaf");
        for (int i = 0; i < depth; i++) {
            value = new AnyValue.ArrayValue(List.of(value));
        }
        return value;
    }

    @FunctionalInterface
    private interface Body {
        void write(CodedOutputStream out) throws IOException;
    }

    private static byte[] header(int signalCode, Body body) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.write(1);
        bytes.write(signalCode);
        CodedOutputStream out = CodedOutputStream.newInstance(bytes);
        body.write(out);
        out.flush();
        return bytes.toByteArray();
    }

    /** A traces payload with one empty resource, one empty scope and one span that starts with {@code span}. */
    private static byte[] spanPayload(Body span) throws IOException {
        return header(1, out -> {
            out.writeUInt32NoTag(1);
            writeEmptyResourceAndScope(out);
            out.writeUInt32NoTag(1);
            span.write(out);
        });
    }

    /** A traces payload whose only resource has one attribute "k" whose value starts with {@code value}. */
    private static byte[] resourceAttributePayload(Body value) throws IOException {
        return header(1, out -> {
            out.writeUInt32NoTag(1);
            out.writeUInt32NoTag(1);
            out.writeStringNoTag("k");
            value.write(out);
        });
    }

    private static void writeEmptyResourceAndScope(CodedOutputStream out) throws IOException {
        out.writeUInt32NoTag(0); // resource attributes
        out.writeUInt32NoTag(0); // dropped
        out.writeStringNoTag(""); // schema URL
        out.writeUInt32NoTag(1); // one scope
        out.writeStringNoTag("");
        out.writeStringNoTag("");
        out.writeUInt32NoTag(0);
        out.writeUInt32NoTag(0);
        out.writeStringNoTag("");
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static byte[] filled(int n, byte value) {
        byte[] out = new byte[n];
        Arrays.fill(out, value);
        return out;
    }
}
