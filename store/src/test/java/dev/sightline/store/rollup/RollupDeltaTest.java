package dev.sightline.store.rollup;

import dev.sightline.store.index.IndexDelta;
import dev.sightline.store.model.AnyValue;
import dev.sightline.store.model.Attribute;
import dev.sightline.store.model.SpanKind;
import dev.sightline.store.model.TraceId;
import dev.sightline.store.rollup.RollupDelta.EdgeCandidate;
import dev.sightline.store.rollup.RollupDelta.SpanCell;
import dev.sightline.store.testing.ModelFixtures;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static dev.sightline.store.testing.ModelFixtures.span;
import static org.assertj.core.api.Assertions.assertThat;

class RollupDeltaTest {

    static final long T0 = ModelFixtures.BASE_EPOCH_NANOS;
    static final long MS = 1_000_000L;
    static final TraceId TRACE = new TraceId(1, 2);

    @Test
    void spansAreGroupedByOperationKindAndStartMinuteWithOkAndFailedDurationsApart() {
        RollupDelta d = IndexDelta.of(ModelFixtures.spanBatch("checkout", List.of(
                span(TRACE, 1, 0, SpanKind.SERVER, "GET /a", T0, 5 * MS, false, List.of()),
                span(TRACE, 2, 0, SpanKind.SERVER, "GET /a", T0 + 59_000 * MS, 7 * MS, true, List.of()),
                span(TRACE, 3, 0, SpanKind.SERVER, "GET /a", T0 + 60_000 * MS, 9 * MS, false, List.of()),
                span(TRACE, 4, 0, SpanKind.SERVER, "GET /a", T0, 11 * MS, false,
                        List.of(new Attribute("http.response.status_code", AnyValue.of(503L)))),
                span(TRACE, 5, 1, SpanKind.INTERNAL, "GET /a", T0, 1 * MS, false, List.of())))).rollup();

        long minute = RollupDelta.epochMinute(T0);
        assertThat(d.cells()).hasSize(3);
        SpanCell first = d.cells().get(0);
        assertThat(first.service()).isEqualTo("checkout");
        assertThat(first.operation()).isEqualTo("GET /a");
        assertThat(first.kind()).isEqualTo(SpanKind.SERVER);
        assertThat(first.epochMinute()).isEqualTo(minute);
        assertThat(first.okNanos()).containsExactly(5 * MS);
        assertThat(first.failedNanos()).as("status ERROR, and a 5xx on a SERVER span").containsExactly(7 * MS, 11 * MS);
        assertThat(d.cells().get(1).epochMinute()).isEqualTo(minute + 1);
        assertThat(d.cells().get(2).kind()).isEqualTo(SpanKind.INTERNAL);
    }

    @Test
    void clientAndProducerSpansAndServerAndConsumerSpansWithAParentAreEdgeCandidates() {
        RollupDelta d = IndexDelta.of(ModelFixtures.spanBatch("checkout", List.of(
                span(TRACE, 1, 0, SpanKind.SERVER, "root", T0, MS, false, List.of()),
                span(TRACE, 2, 1, SpanKind.CLIENT, "GET", T0, MS, true, List.of(Attribute.of("peer.service", "ledger"))),
                span(TRACE, 3, 1, SpanKind.PRODUCER, "publish", T0, MS, false, List.of()),
                span(TRACE, 4, 99, SpanKind.CONSUMER, "process", T0, MS, false, List.of()),
                span(TRACE, 5, 1, SpanKind.INTERNAL, "work", T0, MS, false, List.of())))).rollup();

        assertThat(d.edges()).extracting(EdgeCandidate::spanId).containsExactly(2L, 3L, 4L);
        EdgeCandidate client = d.edges().get(0);
        assertThat(client.peer()).isEqualTo("ledger");
        assertThat(client.error()).isTrue();
        assertThat(client.parentSpanId()).isEqualTo(1);
        assertThat(d.edges().get(2).parentSpanId()).isEqualTo(99);
    }

    @Test
    void thePeerNameIsPeerServiceThenTheDatabaseThenTheMessagingSystemThenTheHost() {
        assertThat(RollupDelta.peerName(List.of(Attribute.of("server.address", "db.local"),
                Attribute.of("db.system", "postgresql"), Attribute.of("peer.service", "orders-db"))))
                .isEqualTo("orders-db");
        assertThat(RollupDelta.peerName(List.of(Attribute.of("server.address", "db.local"),
                Attribute.of("db.system.name", "postgresql"), Attribute.of("db.namespace", "orders"))))
                .isEqualTo("postgresql/orders");
        assertThat(RollupDelta.peerName(List.of(Attribute.of("db.system", "redis")))).isEqualTo("redis");
        assertThat(RollupDelta.peerName(List.of(Attribute.of("messaging.system", "kafka"),
                Attribute.of("server.address", "broker-1")))).isEqualTo("kafka");
        assertThat(RollupDelta.peerName(List.of(Attribute.of("net.peer.name", "api.example.com"))))
                .isEqualTo("api.example.com");
        assertThat(RollupDelta.peerName(List.of(Attribute.of("peer.service", " "), Attribute.of("http.url", "x"))))
                .isNull();
    }

    @Test
    void longNamesAreCutSoANameCannotBeAPayload() {
        RollupDelta d = IndexDelta.of(ModelFixtures.spanBatch("s".repeat(1000), List.of(
                span(TRACE, 1, 0, SpanKind.CLIENT, "n".repeat(5000), T0, MS, false,
                        List.of(Attribute.of("server.address", "h".repeat(900))))))).rollup();

        assertThat(d.cells().get(0).service()).hasSize(RollupDelta.MAX_NAME_CHARS);
        assertThat(d.cells().get(0).operation()).hasSize(RollupDelta.MAX_NAME_CHARS);
        assertThat(d.edges().get(0).peer()).hasSize(RollupDelta.MAX_NAME_CHARS);
    }

    @Test
    void logAndMetricBatchesAndRandomSpanBatchesCarryConsistentDeltas() {
        Random rnd = new Random(3);
        assertThat(IndexDelta.of(ModelFixtures.logs(rnd, 20)).rollup()).isSameAs(RollupDelta.EMPTY);
        assertThat(IndexDelta.of(ModelFixtures.metrics(rnd, 20)).rollup()).isSameAs(RollupDelta.EMPTY);
        var batch = ModelFixtures.spans(rnd, 3, 200);
        RollupDelta d = IndexDelta.of(batch).rollup();
        assertThat(d.cells().stream().mapToLong(SpanCell::requests).sum()).isEqualTo(batch.itemCount());
    }
}
