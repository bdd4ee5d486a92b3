package dev.sightline.store.rollup;

import dev.sightline.store.model.SpanKind;
import dev.sightline.store.rollup.RollupDelta.EdgeCandidate;
import dev.sightline.store.rollup.ServiceGraphMatcher.Call;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class ServiceGraphMatcherTest {

    static final long MINUTE = 29_000_000L;
    final List<Call> calls = new ArrayList<>();
    ServiceGraphMatcher matcher = new ServiceGraphMatcher(RollupOptions.defaults());

    static EdgeCandidate client(long trace, long spanId, String service, String peer, long nanos, boolean error) {
        return new EdgeCandidate(1, trace, spanId, 0, service, SpanKind.CLIENT, peer, nanos, error, MINUTE);
    }

    static EdgeCandidate server(long trace, long spanId, long parent, String service, long nanos) {
        return new EdgeCandidate(1, trace, spanId, parent, service, SpanKind.SERVER, null, nanos, false, MINUTE + 1);
    }

    void offer(long ingestMillis, EdgeCandidate... candidates) {
        matcher.offer(ingestMillis, List.of(candidates), calls::add);
    }

    @Test
    void aServerSpanPairsWithItsParentClientSpanOfAnotherServiceWithTheClientsLatencyAndError() {
        offer(1000, client(7, 100, "frontend", "checkout.internal", 5_000_000, true));
        offer(1001, server(7, 200, 100, "checkout", 3_000_000));

        assertThat(calls).containsExactly(new Call("frontend", "checkout", false, MINUTE, 5_000_000, true));
    }

    @Test
    void theServerSideMayArriveFirstInAnEarlierRecord() {
        offer(1000, server(7, 200, 100, "checkout", 3_000_000));
        assertThat(calls).isEmpty();
        offer(2000, client(7, 100, "frontend", "checkout.internal", 5_000_000, false));

        assertThat(calls).containsExactly(new Call("frontend", "checkout", false, MINUTE, 5_000_000, false));
        assertThat(matcher.pending()).isEqualTo(1); // the client waits for more children until it expires
        offer(20_000);
        assertThat(matcher.pending()).isZero();
        assertThat(calls).hasSize(1); // paired: no virtual edge to its peer afterwards
    }

    @Test
    void aClientWhoseServerNeverCameBecomesACallToItsNamedPeerOnceItExpires() {
        offer(1000, client(7, 100, "checkout", "postgresql/orders", 2_000_000, false));
        offer(10_999);
        assertThat(calls).as("still waiting at 9.999 s").isEmpty();
        offer(11_001);

        assertThat(calls).containsExactly(new Call("checkout", "postgresql/orders", true, MINUTE, 2_000_000, false));
    }

    @Test
    void aClientWithoutAPeerNameAndWithoutAServerIsNoEdgeAndNeitherIsAServerWithoutItsClient() {
        offer(1000, client(7, 100, "checkout", null, 2_000_000, false), server(8, 300, 299, "ledger", 1_000_000));
        offer(60_000);

        assertThat(calls).isEmpty();
        assertThat(matcher.pending()).isZero();
    }

    @Test
    void callsWithinOneServiceAreNoEdgeAndNoVirtualEdge() {
        offer(1000, client(7, 100, "frontend", "frontend.internal", 2_000_000, false),
                server(7, 101, 100, "frontend", 1_000_000));
        offer(60_000);

        assertThat(calls).isEmpty();
    }

    @Test
    void everyConsumerOfOneProducedMessagePairsWithTheProducer() {
        EdgeCandidate producer = new EdgeCandidate(1, 7, 100, 0, "orders", SpanKind.PRODUCER, "kafka", 400_000, false,
                MINUTE);
        EdgeCandidate billing = new EdgeCandidate(1, 7, 201, 100, "billing", SpanKind.CONSUMER, null, 1, false, MINUTE);
        EdgeCandidate shipping = new EdgeCandidate(1, 7, 202, 100, "shipping", SpanKind.CONSUMER, null, 1, false,
                MINUTE);
        offer(1000, billing);
        offer(1001, producer);
        offer(1002, shipping);

        assertThat(calls).extracting(Call::callee).containsExactly("billing", "shipping");
    }

    @Test
    void pastTheLimitTheOldestWaitingSideIsExpiredEarlyAndCounted() {
        matcher = new ServiceGraphMatcher(new RollupOptions(10, 10, 10, Duration.ofSeconds(10), 3, 0, Duration.ZERO, Duration.ZERO));
        for (int i = 1; i <= 5; i++) {
            offer(1000 + i, client(i, 100 + i, "svc", "db-" + i, 1000, false));
        }

        assertThat(matcher.pending()).isEqualTo(3);
        assertThat(matcher.evicted()).isEqualTo(2);
        assertThat(calls).extracting(Call::callee).containsExactly("db-1", "db-2");
    }

    @Test
    void theSameRecordsInTheSameOrderGiveTheSameCallsWhateverTheWallClock() {
        Random rnd = new Random(11);
        List<long[]> plan = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            plan.add(new long[] {rnd.nextInt(300), rnd.nextInt(3), 100L * i + rnd.nextInt(50)});
        }
        List<Call> first = run(plan);
        List<Call> second = run(plan);

        assertThat(first).isNotEmpty().isEqualTo(second);
    }

    private List<Call> run(List<long[]> plan) {
        matcher = new ServiceGraphMatcher(RollupOptions.defaults());
        calls.clear();
        for (long[] p : plan) {
            long trace = p[0];
            long ingest = p[2];
            if (p[1] == 0) {
                offer(ingest, client(trace, trace * 10, "a", "peer-" + trace % 7, trace, false));
            } else {
                offer(ingest, server(trace, trace * 10 + p[1], trace * 10, p[1] == 1 ? "b" : "a", trace));
            }
        }
        offer(Long.MAX_VALUE / 2);
        return new ArrayList<>(calls);
    }
}
