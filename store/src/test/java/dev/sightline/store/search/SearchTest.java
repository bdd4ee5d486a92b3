package dev.sightline.store.search;

import dev.sightline.store.StoreConfig;
import dev.sightline.store.codec.BinaryBatchCodec;
import dev.sightline.store.engine.EmbeddedStore;
import dev.sightline.store.index.IndexOptions;
import dev.sightline.store.model.AnyValue;
import dev.sightline.store.model.Attribute;
import dev.sightline.store.model.InstrumentationScope;
import dev.sightline.store.model.LogBatch;
import dev.sightline.store.model.LogRecord;
import dev.sightline.store.model.ResourceGroup;
import dev.sightline.store.model.ScopeGroup;
import dev.sightline.store.model.Scoped;
import dev.sightline.store.model.Span;
import dev.sightline.store.model.SpanBatch;
import dev.sightline.store.model.SpanId;
import dev.sightline.store.model.SpanKind;
import dev.sightline.store.model.SpanStatus;
import dev.sightline.store.model.TelemetryBatch;
import dev.sightline.store.model.TraceId;
import dev.sightline.store.query.AttributeCondition;
import dev.sightline.store.query.AttributeFilter;
import dev.sightline.store.query.Correlation;
import dev.sightline.store.query.LogQuery;
import dev.sightline.store.query.Page;
import dev.sightline.store.query.TimeRange;
import dev.sightline.store.query.TraceHit;
import dev.sightline.store.query.TraceQuery;
import dev.sightline.store.testing.ModelFixtures;
import dev.sightline.store.wal.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Trace search, log search and correlation against a real store: every result is checked against an oracle that
 * filters the data the test generated.
 */
class SearchTest {
    static final long MS = 1_000_000L;
    static final long T0 = ModelFixtures.BASE_EPOCH_NANOS;
    static final List<String> SERVICES = List.of("checkout", "payments", "inventory");
    static final InstrumentationScope SCOPE = new InstrumentationScope("test", "1", List.of(), 0, "");

    @TempDir
    Path dir;

    EmbeddedStore store;
    final List<Generated> spans = new ArrayList<>();
    final List<Scoped<LogRecord>> logs = new ArrayList<>();

    record Generated(String service, Span span) {
    }

    @BeforeEach
    void open() throws Exception {
        store = EmbeddedStore.open(StoreConfig.defaults(dir), new BinaryBatchCodec(),
                MutableClock.at("2026-01-01T00:00:00Z"), new IndexOptions(20_000, 20_000, 32, 256));
        assertThat(store.awaitReady(Duration.ofSeconds(60))).isTrue();
    }

    @AfterEach
    void close() {
        store.close();
    }

    /** 60 records; each holds 10 three-span traces of one service (root SERVER, a CLIENT and an INTERNAL). */
    void loadTraces() throws Exception {
        Random rnd = new Random(42);
        for (int record = 0; record < 60; record++) {
            String service = SERVICES.get(record % 3);
            List<Span> batch = new ArrayList<>();
            for (int t = 0; t < 10; t++) {
                TraceId id = ModelFixtures.traceId(rnd);
                long start = T0 + (record * 10L + t) * 1000 * MS;
                long rootDuration = (1 + rnd.nextInt(2000)) * MS;
                boolean error = rnd.nextInt(10) == 0;
                int status = rnd.nextInt(20) == 0 ? 503 : 200;
                String route = "/api/" + (rnd.nextBoolean() ? "orders" : "users");
                SpanId root = ModelFixtures.spanId(rnd);
                batch.add(span(id, root, null, "GET " + route, SpanKind.SERVER, start, rootDuration,
                        error ? SpanStatus.Code.ERROR : SpanStatus.Code.UNSET,
                        List.of(Attribute.of("http.route", route),
                                new Attribute("http.response.status_code", AnyValue.of((long) status)),
                                Attribute.of("tenant", rnd.nextBoolean() ? "acme" : "globex"))));
                batch.add(span(id, ModelFixtures.spanId(rnd), root, "SELECT", SpanKind.CLIENT, start + MS,
                        rootDuration / 2, SpanStatus.Code.UNSET, List.of(Attribute.of("db.system", "postgresql"))));
                batch.add(span(id, ModelFixtures.spanId(rnd), root, "render", SpanKind.INTERNAL, start + 2 * MS,
                        rootDuration / 4, SpanStatus.Code.UNSET, List.of()));
            }
            batch.forEach(s -> spans.add(new Generated(service, s)));
            append(new SpanBatch(List.of(new ResourceGroup<>(ModelFixtures.resource(service),
                    List.of(new ScopeGroup<>(SCOPE, batch))))));
        }
        assertThat(store.awaitIndexed(Duration.ofSeconds(60))).isTrue();
    }

    static Span span(TraceId trace, SpanId id, SpanId parent, String name, SpanKind kind, long start, long duration,
                     SpanStatus.Code status, List<Attribute> attributes) {
        return new Span(trace, id, "", parent, 1, name, kind, start, start + duration, attributes, 0, List.of(), 0,
                List.of(), 0, new SpanStatus(status, ""));
    }

    void append(TelemetryBatch batch) throws Exception {
        store.append(batch).toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    /** Traces with a span matching {@code p}, as the search should find them. */
    Set<TraceId> expected(Predicate<Generated> p) {
        Set<TraceId> out = new HashSet<>();
        spans.stream().filter(p).forEach(g -> out.add(g.span().traceId()));
        return out;
    }

    /** Every hit of a query, following cursors; no trace may come twice (each trace lives in one record here). */
    List<TraceHit> all(TraceQuery q) {
        List<TraceHit> out = new ArrayList<>();
        String cursor = null;
        for (int pages = 0; pages < 1000; pages++) {
            Page<TraceHit> page = store.searchTraces(new TraceQuery(q.range(), q.service(), q.operation(), q.filter(),
                    q.minDurationNanos(), q.maxDurationNanos(), q.errorsOnly(), q.limit(), cursor));
            assertThat(page.items().size()).isLessThanOrEqualTo(q.limit());
            out.addAll(page.items());
            cursor = page.nextCursor();
            if (cursor == null) {
                return out;
            }
        }
        throw new AssertionError("did not end");
    }

    static Set<TraceId> ids(List<TraceHit> hits) {
        Set<TraceId> out = new LinkedHashSet<>();
        hits.forEach(h -> assertThat(out.add(h.traceId())).as("%s twice", h.traceId()).isTrue());
        return out;
    }

    static TraceQuery query(String service, String operation, AttributeFilter filter, Long min, Long max,
                            boolean errors, int limit) {
        return new TraceQuery(TimeRange.all(), service, operation, filter, min, max, errors, limit, null);
    }

    @Test
    void everyCriterionFindsExactlyTheMatchingTraces() throws Exception {
        loadTraces();
        AttributeFilter acmeOrders = AttributeFilter.allOf(List.of(AttributeCondition.equalTo("tenant", "acme"),
                AttributeCondition.equalTo("http.route", "/api/orders")));
        AttributeFilter globexOr503 = new AttributeFilter(List.of(
                List.of(AttributeCondition.equalTo("tenant", "globex")),
                List.of(AttributeCondition.equalTo("http.response.status_code", "503"))));
        AttributeFilter regexNoDb = AttributeFilter.allOf(List.of(
                AttributeCondition.of("http.route", AttributeCondition.Operator.MATCHES, "/api/u.*"),
                AttributeCondition.of("db.system", AttributeCondition.Operator.NOT_EXISTS, null)));

        assertThat(ids(all(query("payments", null, null, null, null, false, 7))))
                .isEqualTo(expected(g -> g.service().equals("payments")));
        assertThat(ids(all(query("checkout", "GET /api/orders", null, null, null, false, 5))))
                .isEqualTo(expected(g -> g.service().equals("checkout") && g.span().name().equals("GET /api/orders")));
        assertThat(ids(all(query(null, null, null, 1500 * MS, null, false, 20))))
                .isEqualTo(expected(g -> g.span().durationNanos() >= 1500 * MS));
        assertThat(ids(all(query(null, "SELECT", null, 200 * MS, 300 * MS, false, 20))))
                .isEqualTo(expected(g -> g.span().name().equals("SELECT") && g.span().durationNanos() >= 200 * MS
                        && g.span().durationNanos() <= 300 * MS));
        Set<TraceId> errors = expected(g -> g.span().isError());
        assertThat(errors).isNotEmpty();
        assertThat(ids(all(query(null, null, null, null, null, true, 3)))).isEqualTo(errors);
        assertThat(ids(all(query(null, null, acmeOrders, null, null, false, 10))))
                .isEqualTo(expected(g -> "acme".equals(Attribute.findString(g.span().attributes(), "tenant"))
                        && "/api/orders".equals(Attribute.findString(g.span().attributes(), "http.route"))));
        assertThat(ids(all(query(null, null, globexOr503, null, null, false, 50))))
                .isEqualTo(expected(g -> "globex".equals(Attribute.findString(g.span().attributes(), "tenant"))
                        || g.span().attributes().contains(new Attribute("http.response.status_code",
                        AnyValue.of(503L)))));
        assertThat(ids(all(query(null, null, regexNoDb, null, null, false, 50))))
                .isEqualTo(expected(g -> String.valueOf(Attribute.findString(g.span().attributes(), "http.route"))
                        .startsWith("/api/u")));
        assertThat(all(query("nobody", null, null, null, null, false, 10))).isEmpty();
    }

    @Test
    void timeRangeLimitsSpanStarts() throws Exception {
        loadTraces();
        TimeRange range = new TimeRange(T0 + 100_000 * MS, T0 + 200_000 * MS);
        List<TraceHit> hits = all(new TraceQuery(range, null, null, null, null, null, false, 30, null));
        assertThat(ids(hits)).isEqualTo(expected(g -> range.contains(g.span().startEpochNanos())));
        assertThat(hits).hasSize(100);
    }

    @Test
    void hitsSummariseTheirWholeTrace() throws Exception {
        loadTraces();
        Page<TraceHit> page = store.searchTraces(query("inventory", null, null, null, null, false, 5));
        assertThat(page.items()).hasSize(5);
        for (TraceHit hit : page.items()) {
            List<Span> trace = spans.stream().map(Generated::span).filter(s -> s.traceId().equals(hit.traceId()))
                    .toList();
            Span root = trace.stream().filter(Span::isRoot).findFirst().orElseThrow();
            assertThat(hit.rootService()).isEqualTo("inventory");
            assertThat(hit.rootName()).isEqualTo(root.name());
            assertThat(hit.startEpochNanos()).isEqualTo(root.startEpochNanos());
            assertThat(hit.durationNanos()).isEqualTo(root.durationNanos());
            assertThat(hit.spanCount()).isEqualTo(3);
            assertThat(hit.errorCount()).isEqualTo((int) trace.stream().filter(Span::isError).count());
            assertThat(hit.services()).containsExactly("inventory");
        }
        // newest stored first: the first hit is from the last record appended for inventory
        TraceId newest = spans.stream().filter(g -> g.service().equals("inventory")).reduce((a, b) -> b)
                .orElseThrow().span().traceId();
        Set<TraceId> lastRecord = new HashSet<>();
        spans.subList(spans.size() - 30, spans.size()).forEach(g -> lastRecord.add(g.span().traceId()));
        assertThat(lastRecord).contains(page.items().get(0).traceId(), newest);
    }

    @Test
    void theSkipIndexSparesRecordsThatCannotMatch() throws Exception {
        loadTraces();
        Page<TraceHit> page = store.searchTraces(query("payments", null, null, null, null, false, 1000));
        assertThat(page.items()).hasSize(200);
        assertThat(page.recordsScanned()).as("only the payments records are decoded").isEqualTo(20);
        Page<TraceHit> none = store.searchTraces(query(null, null, null, 1_000_000 * MS, null, false, 10));
        assertThat(none.items()).isEmpty();
        assertThat(none.recordsScanned()).isZero();
    }

    @Test
    void aSearchOutOfBudgetSaysSoAndContinues() throws Exception {
        loadTraces();
        ScanBudget small = new ScanBudget(4, 60_000);
        TraceQuery q = query(null, null, null, null, null, false, 1000);
        Page<TraceHit> first = store.searchTraces(q, small);
        assertThat(first.complete()).isFalse();
        assertThat(first.recordsScanned()).isEqualTo(4);
        assertThat(first.items()).hasSize(40);
        Set<TraceId> seen = new HashSet<>(ids(first.items()));
        String cursor = first.nextCursor();
        while (cursor != null) {
            Page<TraceHit> p = store.searchTraces(new TraceQuery(q.range(), null, null, null, null, null, false, 1000,
                    cursor), small);
            p.items().forEach(h -> assertThat(seen.add(h.traceId())).isTrue());
            cursor = p.nextCursor();
        }
        assertThat(seen).hasSize(600);
    }

    @Test
    void aForeignCursorIsRefused() {
        assertThatThrownBy(() -> store.searchTraces(new TraceQuery(TimeRange.all(), null, null, null, null, null,
                false, 10, "banana"))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cursor");
    }

    // ------------------------------------------------------------------------------------------------- logs

    void loadLogs() throws Exception {
        Random rnd = new Random(7);
        for (int record = 0; record < 30; record++) {
            String service = SERVICES.get(record % 3);
            List<LogRecord> batch = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                long t = T0 + (record * 20L + i) * 100 * MS;
                int severity = 1 + rnd.nextInt(24);
                String body = rnd.nextInt(5) == 0 ? "Payment DECLINED for order " + i : "request served " + i;
                TraceId trace = rnd.nextBoolean() ? ModelFixtures.traceId(rnd) : null;
                batch.add(new LogRecord(t, t, severity, "", AnyValue.of(body),
                        List.of(Attribute.of("user", rnd.nextBoolean() ? "ann" : "bob")), 0, 0, trace,
                        trace == null ? null : ModelFixtures.spanId(rnd), ""));
            }
            for (LogRecord r : batch) {
                logs.add(new Scoped<>(ModelFixtures.resource(service), SCOPE, r));
            }
            append(new LogBatch(List.of(new ResourceGroup<>(ModelFixtures.resource(service),
                    List.of(new ScopeGroup<>(SCOPE, batch))))));
        }
        assertThat(store.awaitIndexed(Duration.ofSeconds(60))).isTrue();
    }

    List<Scoped<LogRecord>> allLogs(LogQuery q) {
        List<Scoped<LogRecord>> out = new ArrayList<>();
        String cursor = null;
        do {
            Page<Scoped<LogRecord>> page = store.searchLogs(new LogQuery(q.range(), q.service(), q.minSeverity(),
                    q.text(), q.filter(), q.traceId(), q.spanId(), q.limit(), cursor));
            assertThat(page.items().size()).isLessThanOrEqualTo(q.limit());
            out.addAll(page.items());
            cursor = page.nextCursor();
        } while (cursor != null);
        return out;
    }

    List<Scoped<LogRecord>> expectedLogs(Predicate<Scoped<LogRecord>> p) {
        return logs.stream().filter(p).toList();
    }

    @Test
    void logSearchFiltersAndPagesNewestFirst() throws Exception {
        loadLogs();
        LogQuery q = new LogQuery(TimeRange.all(), "payments", 17, "declined",
                AttributeFilter.allOf(List.of(AttributeCondition.equalTo("user", "ann"))), null, null, 3, null);
        List<Scoped<LogRecord>> found = allLogs(q);
        List<Scoped<LogRecord>> expected = expectedLogs(s -> s.resource().serviceName().equals("payments")
                && s.item().severityNumber() >= 17 && s.item().body().toString().contains("DECLINED")
                && "ann".equals(Attribute.findString(s.item().attributes(), "user")));
        assertThat(expected).isNotEmpty();
        assertThat(found).containsExactlyInAnyOrderElementsOf(expected);
        List<Long> times = allLogs(new LogQuery(TimeRange.all(), null, 0, null, null, null, null, 1000, null))
                .stream().map(s -> s.item().epochNanos()).toList();
        assertThat(times).hasSize(600).isSortedAccordingTo((a, b) -> Long.compare(b, a));

        TimeRange range = new TimeRange(T0 + 5_000 * MS, T0 + 10_000 * MS);
        assertThat(allLogs(new LogQuery(range, null, 0, null, null, null, null, 7, null)))
                .containsExactlyInAnyOrderElementsOf(expectedLogs(s -> range.contains(s.item().epochNanos())));
    }

    @Test
    void logSearchByTraceAndSpan() throws Exception {
        loadLogs();
        Scoped<LogRecord> one = logs.stream().filter(s -> s.item().traceId() != null).skip(11).findFirst()
                .orElseThrow();
        assertThat(allLogs(new LogQuery(TimeRange.all(), null, 0, null, null, one.item().traceId(), null, 5, null)))
                .containsExactly(one);
        assertThat(allLogs(new LogQuery(TimeRange.all(), null, 0, null, null, null, one.item().spanId(), 5, null)))
                .containsExactly(one);
    }

    // ------------------------------------------------------------------------------------------ correlation

    @Test
    void aCorrelationIdFindsEveryTraceAndLogOfTheAction() throws Exception {
        Random rnd = new Random(3);
        TraceId front = ModelFixtures.traceId(rnd);
        TraceId back = ModelFixtures.traceId(rnd);
        TraceId other = ModelFixtures.traceId(rnd);
        SpanId frontRoot = ModelFixtures.spanId(rnd);
        SpanId backRoot = ModelFixtures.spanId(rnd);
        // the frontend carries the ID as the header attribute (a string array), the backend as request_id
        append(spans("web", span(front, frontRoot, null, "POST /checkout", SpanKind.SERVER, T0, 50 * MS,
                SpanStatus.Code.UNSET, List.of(new Attribute("http.request.header.x-request-id",
                        new AnyValue.ArrayValue(List.of(AnyValue.of("req-42"))))))));
        append(spans("billing", span(back, backRoot, null, "charge", SpanKind.CONSUMER, T0 + 60 * MS, 20 * MS,
                SpanStatus.Code.ERROR, List.of(Attribute.of("request_id", "req-42")))));
        append(spans("billing", span(other, ModelFixtures.spanId(rnd), null, "charge", SpanKind.CONSUMER,
                T0 + 70 * MS, 20 * MS, SpanStatus.Code.UNSET, List.of(Attribute.of("request_id", "req-43")))));
        LogRecord inTrace = ModelFixtures.log(back, backRoot, "card declined", T0 + 65 * MS);
        LogRecord withIdOnly = new LogRecord(T0 + 10 * MS, T0 + 10 * MS, 9, "INFO", AnyValue.of("cart loaded"),
                List.of(Attribute.of("correlation_id", "req-42")), 0, 0, null, null, "");
        LogRecord unrelated = new LogRecord(T0 + 11 * MS, T0 + 11 * MS, 9, "INFO", AnyValue.of("noise"),
                List.of(Attribute.of("correlation_id", "req-43")), 0, 0, null, null, "");
        append(new LogBatch(List.of(new ResourceGroup<>(ModelFixtures.resource("billing"),
                List.of(new ScopeGroup<>(SCOPE, List.of(inTrace, unrelated, withIdOnly)))))));
        assertThat(store.awaitIndexed(Duration.ofSeconds(60))).isTrue();

        Correlation c = store.correlate("req-42");
        assertThat(c.complete()).isTrue();
        assertThat(c.traces()).extracting(TraceHit::traceId).containsExactly(front, back);
        assertThat(c.traces()).extracting(TraceHit::rootService).containsExactly("web", "billing");
        assertThat(c.logs()).extracting(s -> s.item()).containsExactly(withIdOnly, inTrace);
        assertThat(store.correlate("req-44").traces()).isEmpty();

        // the index is derived: after losing it, a replay finds the same
        store.close();
        deleteRecursively(dir.resolve("index"));
        open();
        Correlation again = store.correlate("req-42");
        assertThat(again.traces()).extracting(TraceHit::traceId).containsExactly(front, back);
        assertThat(again.logs()).extracting(s -> s.item()).containsExactly(withIdOnly, inTrace);
    }

    static SpanBatch spans(String service, Span... spans) {
        return new SpanBatch(List.of(new ResourceGroup<>(ModelFixtures.resource(service),
                List.of(new ScopeGroup<>(SCOPE, List.of(spans))))));
    }

    static void deleteRecursively(Path p) throws Exception {
        try (var walk = java.nio.file.Files.walk(p)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }
}
