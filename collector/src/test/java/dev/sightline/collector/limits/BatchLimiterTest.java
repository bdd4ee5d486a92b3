package dev.sightline.collector.limits;

import static org.assertj.core.api.Assertions.assertThat;

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
import dev.sightline.store.model.SpanEvent;
import dev.sightline.store.model.SpanId;
import dev.sightline.store.model.SpanKind;
import dev.sightline.store.model.SpanStatus;
import dev.sightline.store.model.TraceId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BatchLimiterTest {

    private static final Resource RESOURCE = new Resource(List.of(Attribute.of("service.name", "checkout")), 0, "");

    private final FakeClock clock = new FakeClock();
    private final BatchLimiter limiter = new BatchLimiter(new ItemLimits(4, 10, 100));
    private final TenantLimits tenant = new TenantLimits(null, new ActiveSeries(3, Duration.ofHours(1), clock),
            new TraceSpanCounts(2, 1024));

    // ---- spans

    @Test
    void aBatchWithinEveryLimitComesBackAsTheSameInstance() {
        SpanBatch batch = spans(span(1, 1, attributes(4, "short")));

        BatchLimiter.Limited<SpanBatch> limited = limiter.apply(batch, tenant);

        assertThat(limited.batch()).isSameAs(batch);
        assertThat(limited.report().isEmpty()).isTrue();
        assertThat(limited.report().message()).isEmpty();
    }

    @Test
    void extraSpanAttributesAreDroppedAndCountedLikeTheSdkDoes() {
        Span span = new Span(new TraceId(1, 1), new SpanId(1), "", null, 0, "op", SpanKind.SERVER, 1, 2,
                attributes(7, "v"), 3, List.of(), 0, List.of(), 0, SpanStatus.UNSET);

        BatchLimiter.Limited<SpanBatch> limited = limiter.apply(spans(span), tenant);

        Span kept = only(limited.batch());
        assertThat(kept.attributes()).extracting(Attribute::key).containsExactly("k0", "k1", "k2", "k3");
        assertThat(kept.droppedAttributesCount()).isEqualTo(3 + 3);
        assertThat(limited.report().rejectedItems()).isZero();
        assertThat(limited.report().itemsByReason()).isEqualTo(Map.of(LimitReason.ATTRIBUTES, 1L));
        assertThat(limited.report().message())
                .isEqualTo("1 span kept with a limit applied (attributes): a span had 7 attributes; 3 past the "
                        + "limit of 4 were dropped and counted in dropped_attributes_count");
    }

    @Test
    void longValuesAreCutIncludingStringsInArraysAndNestedLists() {
        List<Attribute> attributes = List.of(
                Attribute.of("plain", "0123456789abcdef"),
                new Attribute("array", new AnyValue.ArrayValue(List.of(AnyValue.of("0123456789xyz"), AnyValue.of(7L)))),
                new Attribute("nested", new AnyValue.KeyValueList(List.of(Attribute.of("inner", "0123456789!")))),
                new Attribute("bytes", new AnyValue.BytesValue(new byte[20])));

        Span kept = only(limiter.apply(spans(span(1, 1, attributes)), tenant).batch());

        assertThat(kept.attributes()).containsExactly(
                Attribute.of("plain", "0123456789"),
                new Attribute("array", new AnyValue.ArrayValue(List.of(AnyValue.of("0123456789"), AnyValue.of(7L)))),
                new Attribute("nested", new AnyValue.KeyValueList(List.of(Attribute.of("inner", "0123456789")))),
                new Attribute("bytes", new AnyValue.BytesValue(new byte[10])));
        assertThat(kept.droppedAttributesCount()).isZero();
    }

    @Test
    void aCutNeverSplitsASurrogatePair() {
        String value = "012345678\uD83D\uDE00"; // the emoji's first half is the 10th char

        Span kept = only(limiter.apply(spans(span(1, 1, List.of(Attribute.of("k", value)))), tenant).batch());

        assertThat(Attribute.findString(kept.attributes(), "k")).isEqualTo("012345678");
    }

    @Test
    void eventAttributesAreLimitedToo() {
        Span span = new Span(new TraceId(1, 1), new SpanId(1), "", null, 0, "op", SpanKind.SERVER, 1, 2, List.of(),
                0, List.of(new SpanEvent(1, "exception", attributes(6, "v"), 0)), 0, List.of(), 0, SpanStatus.UNSET);

        Span kept = only(limiter.apply(spans(span), tenant).batch());

        assertThat(kept.events().get(0).attributes()).hasSize(4);
        assertThat(kept.events().get(0).droppedAttributesCount()).isEqualTo(2);
        assertThat(kept.droppedAttributesCount()).isZero();
    }

    @Test
    void spansPastTheirTracesLimitAreRejectedAndOtherTracesPass() {
        SpanBatch batch = spans(span(7, 1, List.of()), span(7, 2, List.of()), span(7, 3, List.of()),
                span(8, 1, List.of()));

        BatchLimiter.Limited<SpanBatch> limited = limiter.apply(batch, tenant);

        assertThat(limited.batch().itemCount()).isEqualTo(3);
        assertThat(limited.report().rejectedItems()).isEqualTo(1);
        assertThat(limited.report().message()).startsWith("1 span rejected (trace_size): trace ")
                .endsWith(" already has the limit of 2 spans");
    }

    // ---- logs

    @Test
    void aLogBodyOverTheLimitRejectsTheRecordAndKeepsTheOthers() {
        LogBatch batch = logs(log(AnyValue.of("x".repeat(101))), log(AnyValue.of("x".repeat(100))), log(null));

        BatchLimiter.Limited<LogBatch> limited = limiter.apply(batch, tenant);

        assertThat(limited.batch().itemCount()).isEqualTo(2);
        assertThat(limited.report().rejectedItems()).isEqualTo(1);
        assertThat(limited.report().message())
                .isEqualTo("1 log record rejected (log_body): the body is over the limit of 100 bytes");
    }

    @Test
    void aLogBodyIsMeasuredInUtf8BytesAcrossNestedValues() {
        // 40 three-byte characters are 120 bytes, over 100, though only 40 chars.
        assertThat(BatchLimiter.utf8Size(AnyValue.of("€".repeat(40)), 100)).isEqualTo(120);
        AnyValue structured = new AnyValue.KeyValueList(List.of(Attribute.of("message", "x".repeat(60)),
                new Attribute("payload", new AnyValue.BytesValue(new byte[50]))));
        assertThat(BatchLimiter.utf8Size(structured, 100)).isGreaterThan(100);

        BatchLimiter.Limited<LogBatch> limited = limiter.apply(logs(log(structured)), tenant);
        assertThat(limited.batch().isEmpty()).isTrue();
        assertThat(limited.report().rejectedItems()).isEqualTo(1);
    }

    @Test
    void logAttributesAreDroppedWithTheRecordKept() {
        LogRecord log = new LogRecord(1, 1, 9, "INFO", AnyValue.of("hello"), attributes(5, "v"), 1, 0, null, null, "");

        BatchLimiter.Limited<LogBatch> limited = limiter.apply(logs(log), tenant);

        LogRecord kept = limited.batch().resources().get(0).scopes().get(0).items().get(0);
        assertThat(kept.attributes()).hasSize(4);
        assertThat(kept.droppedAttributesCount()).isEqualTo(2);
        assertThat(kept.body()).isEqualTo(AnyValue.of("hello"));
    }

    // ---- metrics

    @Test
    void newSeriesPastTheCapAreRejectedAndExistingSeriesKeepFlowing() {
        limiter.apply(metrics("requests", "a", "b", "c"), tenant);

        BatchLimiter.Limited<MetricBatch> limited = limiter.apply(metrics("requests", "a", "new", "b", "c"), tenant);

        assertThat(limited.batch().itemCount()).isEqualTo(3);
        assertThat(labels(limited.batch())).containsExactly("a", "b", "c");
        assertThat(limited.report().rejectedItems()).isEqualTo(1);
        assertThat(limited.report().message()).isEqualTo("1 data point rejected (series): metric 'requests' would "
                + "start a new series past the limit of 3 active series; existing series are still accepted");
        assertThat(tenant.series().size()).isEqualTo(3);
    }

    @Test
    void theSameLabelsOnAnotherMetricOrResourceAreAnotherSeries() {
        limiter.apply(metrics("requests", "a"), tenant);
        limiter.apply(metrics("errors", "a"), tenant);
        MetricBatch otherService = new MetricBatch(List.of(new ResourceGroup<>(
                new Resource(List.of(Attribute.of("service.name", "cart")), 0, ""),
                List.of(new ScopeGroup<>(InstrumentationScope.EMPTY, List.of(gauge("requests", "a")))))));
        limiter.apply(otherService, tenant);

        assertThat(tenant.series().size()).isEqualTo(3);
    }

    @Test
    void aDataPointWithTooManyOrTooLongLabelsIsRejectedNotCut() {
        Metric metric = new Metric("requests", "", "1", List.of(), new MetricData.Gauge(List.of(
                point(attributes(5, "v")), point(List.of(Attribute.of("path", "/a/very/long/path"))),
                point(List.of(Attribute.of("path", "/ok"))))));
        MetricBatch batch = new MetricBatch(List.of(new ResourceGroup<>(RESOURCE,
                List.of(new ScopeGroup<>(InstrumentationScope.EMPTY, List.of(metric))))));

        BatchLimiter.Limited<MetricBatch> limited = limiter.apply(batch, tenant);

        assertThat(labels(limited.batch())).containsExactly("/ok");
        assertThat(limited.report().rejectedByReason())
                .isEqualTo(Map.of(LimitReason.ATTRIBUTES, 1L, LimitReason.ATTRIBUTE_LENGTH, 1L));
        assertThat(limited.report().message()).contains("labels are not cut: that would merge series");
        assertThat(tenant.series().size()).as("rejected points start no series").isEqualTo(1);
    }

    @Test
    void aMetricLeftWithoutPointsAndItsEmptyGroupsAreDropped() {
        limiter.apply(metrics("requests", "a", "b", "c"), tenant);

        BatchLimiter.Limited<MetricBatch> limited = limiter.apply(metrics("requests", "d"), tenant);

        assertThat(limited.batch().isEmpty()).isTrue();
        assertThat(limited.report().rejectedItems()).isEqualTo(1);
    }

    @Test
    void aMillionLabelValuesStopAtTheSeriesCap() {
        TenantLimits bombed = new TenantLimits(null, new ActiveSeries(1000, Duration.ofHours(1), clock),
                new TraceSpanCounts(10, 16));
        limiter.apply(metrics("requests", "GET", "POST"), bombed);
        long rejected = 0;
        for (int batch = 0; batch < 1000; batch++) {
            String[] values = new String[1000];
            for (int i = 0; i < values.length; i++) {
                values[i] = "user-" + (batch * 1000 + i);
            }
            rejected += limiter.apply(metrics("requests", values), bombed).report().rejectedItems();
        }

        assertThat(bombed.series().size()).isEqualTo(1000);
        assertThat(rejected).isEqualTo(1_000_000 - 998);
        BatchLimiter.Limited<MetricBatch> existing = limiter.apply(metrics("requests", "GET", "POST"), bombed);
        assertThat(existing.report().isEmpty()).isTrue();
        assertThat(existing.batch().itemCount()).isEqualTo(2);
    }

    // ---- helpers

    private static List<Attribute> attributes(int n, String value) {
        List<Attribute> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(Attribute.of("k" + i, value));
        }
        return out;
    }

    private static Span span(long trace, long id, List<Attribute> attributes) {
        return new Span(new TraceId(trace, trace), new SpanId(id), "", null, 0, "op", SpanKind.SERVER, 1, 2,
                attributes, 0, List.of(), 0, List.of(), 0, SpanStatus.UNSET);
    }

    private static SpanBatch spans(Span... spans) {
        return new SpanBatch(List.of(new ResourceGroup<>(RESOURCE,
                List.of(new ScopeGroup<>(InstrumentationScope.EMPTY, List.of(spans))))));
    }

    private static Span only(SpanBatch batch) {
        assertThat(batch.itemCount()).isEqualTo(1);
        return batch.resources().get(0).scopes().get(0).items().get(0);
    }

    private static LogRecord log(AnyValue body) {
        return new LogRecord(1, 1, 9, "INFO", body, List.of(), 0, 0, null, null, "");
    }

    private static LogBatch logs(LogRecord... logs) {
        return new LogBatch(List.of(new ResourceGroup<>(RESOURCE,
                List.of(new ScopeGroup<>(InstrumentationScope.EMPTY, List.of(logs))))));
    }

    private static MetricData.NumberPoint point(List<Attribute> labels) {
        return new MetricData.NumberPoint(labels, 0, 1, new NumberValue.OfLong(1), List.of(), 0);
    }

    private static Metric gauge(String name, String... userValues) {
        List<MetricData.NumberPoint> points = new ArrayList<>();
        for (String v : userValues) {
            points.add(point(List.of(Attribute.of("label", v))));
        }
        return new Metric(name, "", "1", List.of(), new MetricData.Gauge(points));
    }

    private static MetricBatch metrics(String name, String... labelValues) {
        return new MetricBatch(List.of(new ResourceGroup<>(RESOURCE,
                List.of(new ScopeGroup<>(InstrumentationScope.EMPTY, List.of(gauge(name, labelValues)))))));
    }

    private static List<String> labels(MetricBatch batch) {
        List<String> out = new ArrayList<>();
        for (var g : batch.resources()) {
            for (var s : g.scopes()) {
                for (Metric m : s.items()) {
                    for (MetricData.Point p : m.data().points()) {
                        AnyValue v = p.attributes().get(0).value();
                        out.add(((AnyValue.StringValue) v).value());
                    }
                }
            }
        }
        return out;
    }
}
