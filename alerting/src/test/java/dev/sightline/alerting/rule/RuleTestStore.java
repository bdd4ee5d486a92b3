package dev.sightline.alerting.rule;

import dev.sightline.query.metrics.MetricLimits;
import dev.sightline.query.metrics.RangeQueryEngine;
import dev.sightline.query.metrics.ServiceSaturation;
import dev.sightline.store.StoreConfig;
import dev.sightline.store.codec.BinaryBatchCodec;
import dev.sightline.store.engine.EmbeddedStore;
import dev.sightline.store.model.AggregationTemporality;
import dev.sightline.store.model.Attribute;
import dev.sightline.store.model.Exemplar;
import dev.sightline.store.model.InstrumentationScope;
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
import dev.sightline.store.model.TelemetryBatch;
import dev.sightline.store.model.TraceId;
import dev.sightline.store.query.TimeRange;
import dev.sightline.store.read.RollupReader;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real {@link EmbeddedStore} on a temporary directory, with helpers that append requests of known error ratio and
 * latency and metric points, and the rule conditions over it.
 */
final class RuleTestStore implements AutoCloseable {
    /** Evaluation time of the tests; data is appended shortly before it. */
    static final Instant NOW = Instant.parse("2026-01-01T01:00:00Z");
    static final Duration WAIT = Duration.ofSeconds(60);
    private static final InstrumentationScope SCOPE = new InstrumentationScope("dev.sightline.rule-test", "1.0",
            List.of(), 0, "");

    final EmbeddedStore store;
    private long nextId = 1;

    RuleTestStore(Path dir) throws Exception {
        store = EmbeddedStore.open(StoreConfig.defaults(dir), new BinaryBatchCodec(), Clock.fixed(NOW, ZoneOffset.UTC));
        assertThat(store.awaitReady(WAIT)).as("ready").isTrue();
    }

    static long nanos(Instant t) {
        return TimeRange.epochNanos(t);
    }

    /**
     * {@code n} spans of the service and operation, one a second from {@code start}, each lasting {@code latency};
     * the first {@code errors} have status ERROR.
     */
    void requests(String service, String operation, SpanKind kind, Instant start, int n, int errors,
                  Duration latency) throws Exception {
        List<Span> spans = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            long id = nextId++;
            long begin = nanos(start) + (i % 60) * 1_000_000_000L;
            spans.add(new Span(new TraceId(0x5157, id), new SpanId(id), "", null, 1, operation, kind, begin,
                    begin + latency.toNanos(), List.of(), 0, List.of(), 0, List.of(), 0,
                    i < errors ? new SpanStatus(SpanStatus.Code.ERROR, "failed") : SpanStatus.UNSET));
        }
        append(new SpanBatch(List.of(new ResourceGroup<>(resource(service), List.of(new ScopeGroup<>(SCOPE,
                spans))))));
    }

    void requests(String service, String operation, Instant start, int n, int errors, Duration latency)
            throws Exception {
        requests(service, operation, SpanKind.SERVER, start, n, errors, latency);
    }

    void metric(String service, Metric metric) throws Exception {
        append(new MetricBatch(List.of(new ResourceGroup<>(resource(service), List.of(new ScopeGroup<>(SCOPE,
                List.of(metric)))))));
    }

    /** A gauge with one point at {@code time}. */
    static Metric gauge(String name, double value, Instant time, Attribute... attributes) {
        return new Metric(name, "", "1", List.of(), new MetricData.Gauge(List.of(new MetricData.NumberPoint(
                List.of(attributes), 0, nanos(time), new NumberValue.OfDouble(value), List.of(), 0))));
    }

    /**
     * A cumulative monotonic counter with a point every minute from {@code from} to {@code to}, growing by
     * {@code perMinute}; each point carries an exemplar of the trace {@code exemplarTrace} + minute index.
     */
    static Metric counter(String name, Instant from, Instant to, double perMinute, long exemplarTrace,
                          Attribute... attributes) {
        List<MetricData.NumberPoint> points = new ArrayList<>();
        int i = 0;
        for (Instant t = from; !t.isAfter(to); t = t.plus(Duration.ofMinutes(1)), i++) {
            Exemplar exemplar = new Exemplar(List.of(), nanos(t), new NumberValue.OfDouble(1),
                    new SpanId(exemplarTrace + i), new TraceId(0xe8e, exemplarTrace + i));
            points.add(new MetricData.NumberPoint(List.of(attributes), nanos(from.minusSeconds(60)), nanos(t),
                    new NumberValue.OfDouble(perMinute * i), List.of(exemplar), 0));
        }
        return new Metric(name, "", "1", List.of(), new MetricData.Sum(points, AggregationTemporality.CUMULATIVE,
                true));
    }

    /**
     * A cumulative histogram with bounds 0.1, 0.5, 1, 2.5 and 5 (seconds) and a point every minute from
     * {@code from} to {@code to}, each minute adding {@code perMinute} observations to bucket {@code bucket}
     * (0: ≤ 0.1, 3: (1, 2.5]); each point carries an exemplar of the trace {@code exemplarTrace} + minute index.
     */
    static Metric histogram(String name, Instant from, Instant to, int bucket, long perMinute, long exemplarTrace) {
        List<MetricData.HistogramPoint> points = new ArrayList<>();
        int i = 0;
        for (Instant t = from; !t.isAfter(to); t = t.plus(Duration.ofMinutes(1)), i++) {
            List<Long> counts = new ArrayList<>(List.of(0L, 0L, 0L, 0L, 0L, 0L));
            counts.set(bucket, perMinute * i);
            Exemplar exemplar = new Exemplar(List.of(), nanos(t), new NumberValue.OfDouble(2),
                    new SpanId(exemplarTrace + i), new TraceId(0xe8e, exemplarTrace + i));
            points.add(new MetricData.HistogramPoint(List.of(), nanos(from.minusSeconds(60)), nanos(t), perMinute * i,
                    null, counts, List.of(0.1, 0.5, 1.0, 2.5, 5.0), List.of(exemplar), 0, null, null));
        }
        return new Metric(name, "", "s", List.of(), new MetricData.Histogram(points,
                AggregationTemporality.CUMULATIVE));
    }

    static String traceHex(long low) {
        return new TraceId(0xe8e, low).toHex();
    }

    private static Resource resource(String service) {
        return new Resource(List.of(Attribute.of(Resource.SERVICE_NAME, service)), 0, "");
    }

    private void append(TelemetryBatch batch) throws Exception {
        store.append(batch).toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    void awaitIndexed() throws Exception {
        assertThat(store.awaitIndexed(WAIT)).as("indexed").isTrue();
    }

    RuleConditions conditions() {
        return conditions(store);
    }

    RuleConditions conditions(RollupReader rollups) {
        return new RuleConditions(rollups, store, new ServiceSaturation(store),
                new RangeQueryEngine(store, MetricLimits.defaults()));
    }

    @Override
    public void close() {
        store.close();
    }
}
