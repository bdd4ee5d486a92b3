package dev.sightline.ui.services;

import dev.sightline.store.StoreConfig;
import dev.sightline.store.codec.BinaryBatchCodec;
import dev.sightline.store.engine.EmbeddedStore;
import dev.sightline.store.model.Attribute;
import dev.sightline.store.model.InstrumentationScope;
import dev.sightline.store.model.Resource;
import dev.sightline.store.model.ResourceGroup;
import dev.sightline.store.model.ScopeGroup;
import dev.sightline.store.model.Span;
import dev.sightline.store.model.SpanBatch;
import dev.sightline.store.model.SpanId;
import dev.sightline.store.model.SpanKind;
import dev.sightline.store.model.SpanStatus;
import dev.sightline.store.model.TraceId;
import dev.sightline.store.query.TimeRange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Sparklines over a real store: per-minute buckets for short ranges, whole hours for long ones. */
class ServiceTrendTest {
    private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");
    @TempDir
    Path dir;
    private EmbeddedStore store;
    private long nextId = 1;

    @BeforeEach
    void open() throws Exception {
        store = EmbeddedStore.open(StoreConfig.defaults(dir), new BinaryBatchCodec(), Clock.fixed(NOW, ZoneOffset.UTC));
        assertThat(store.awaitReady(Duration.ofSeconds(60))).isTrue();
    }

    @AfterEach
    void close() {
        store.close();
    }

    /** {@code n} SERVER spans of the service starting at {@code start}, each lasting {@code millis}. */
    private void requests(String service, Instant start, int n, long millis) throws Exception {
        List<Span> spans = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long id = nextId++;
            long begin = start.getEpochSecond() * 1_000_000_000L + i * 1_000_000L;
            spans.add(new Span(new TraceId(7, id), new SpanId(id), "", null, 1, "GET /", SpanKind.SERVER, begin,
                    begin + millis * 1_000_000L, List.of(), 0, List.of(), 0, List.of(), 0, SpanStatus.UNSET));
        }
        Resource resource = new Resource(List.of(Attribute.of(Resource.SERVICE_NAME, service)), 0, "");
        store.append(new SpanBatch(List.of(new ResourceGroup<>(resource, List.of(new ScopeGroup<>(
                new InstrumentationScope("test", "1", List.of(), 0, ""), spans)))))).toCompletableFuture()
                .get(30, TimeUnit.SECONDS);
    }

    private static double[] points(String path) {
        String[] parts = path.substring(1).split("L");
        double[] ys = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            ys[i] = Double.parseDouble(parts[i].split(",")[1].replace("h1.5", ""));
        }
        return ys;
    }

    @Test
    void shortRangesArePerMinuteAndPeakWhereTrafficPeaked() throws Exception {
        requests("svc", NOW.minus(Duration.ofMinutes(50)), 10, 5);
        requests("svc", NOW.minus(Duration.ofMinutes(10)), 60, 500);
        assertThat(store.awaitIndexed(Duration.ofSeconds(60))).isTrue();
        ServiceTrend t = ServiceTrend.of(store, "svc", new TimeRange(
                TimeRange.epochNanos(NOW.minus(Duration.ofHours(1))), TimeRange.epochNanos(NOW)));
        double[] requests = points(t.requests().path());
        assertThat(requests).hasSize(60);
        // The y of the busiest minute is the top of the box (1); 50 minutes ago had a sixth of it.
        assertThat(requests[50]).isEqualTo(1.0);
        assertThat(requests[10]).isCloseTo(1 + 22 * (1 - 10 / 60.0), org.assertj.core.data.Offset.offset(0.1));
        assertThat(requests[30]).isEqualTo(23.0);
        // p99 has no value in minutes without requests: the line breaks there.
        assertThat(t.p99().path().chars().filter(c -> c == 'M').count()).isEqualTo(2);
    }

    @Test
    void longRangesAreBucketedByWholeHours() throws Exception {
        for (int h = 1; h <= 24; h++) {
            requests("svc", NOW.minus(Duration.ofHours(h)).plusSeconds(90), h == 5 ? 50 : 5, 5);
        }
        requests("other", NOW.minus(Duration.ofHours(3)), 500, 5);
        assertThat(store.awaitIndexed(Duration.ofSeconds(60))).isTrue();
        ServiceTrend t = ServiceTrend.of(store, "svc", new TimeRange(
                TimeRange.epochNanos(NOW.minus(Duration.ofHours(24))), TimeRange.epochNanos(NOW)));
        double[] requests = points(t.requests().path());
        assertThat(requests).hasSize(24);
        // Hour 5 before now is the busiest bucket (index 19 of 24); every other hour has a tenth of it.
        assertThat(requests[19]).isEqualTo(1.0);
        for (int i = 0; i < 24; i++) {
            if (i != 19) {
                assertThat(requests[i]).as("hour %d", i).isCloseTo(1 + 22 * 0.9, org.assertj.core.data.Offset.offset(0.1));
            }
        }
    }

    @Test
    void aPageOfTrendsFromOneReadEqualsOneReadPerService() throws Exception {
        requests("a", NOW.minus(Duration.ofMinutes(40)), 30, 5);
        requests("b", NOW.minus(Duration.ofMinutes(20)), 10, 80);
        requests("c", NOW.minus(Duration.ofMinutes(5)), 50, 1);
        assertThat(store.awaitIndexed(Duration.ofSeconds(60))).isTrue();
        TimeRange hour = new TimeRange(TimeRange.epochNanos(NOW.minus(Duration.ofHours(1))), TimeRange.epochNanos(NOW));
        // Two of three services shown: rows of "c" are read but ignored.
        var page = ServiceTrend.of(ServiceTrend.read(store, hour), List.of("a", "b"), hour);
        assertThat(page).containsOnlyKeys("a", "b");
        assertThat(page.get("a")).isEqualTo(ServiceTrend.of(store, "a", hour));
        assertThat(page.get("b")).isEqualTo(ServiceTrend.of(store, "b", hour));
        assertThat(page.get("b").p99().path()).isNotEqualTo(page.get("a").p99().path());
        // The services table's totals from the same (per-minute) rows equal the query API's own read.
        var signals = new dev.sightline.query.signals.GoldenSignals(store, store);
        assertThat(signals.services(hour, ServiceTrend.read(store, hour))).isEqualTo(signals.services(hour));
    }
}
