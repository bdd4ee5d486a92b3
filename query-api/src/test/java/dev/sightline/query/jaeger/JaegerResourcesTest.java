package dev.sightline.query.jaeger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sightline.query.errors.BadParameterException;
import dev.sightline.store.model.SpanKind;
import dev.sightline.store.query.AttributeCondition;
import dev.sightline.store.query.Page;
import dev.sightline.store.query.TraceHit;
import dev.sightline.store.query.TraceQuery;
import dev.sightline.store.read.RollupReader;
import dev.sightline.store.read.Trace;
import dev.sightline.store.read.TraceSearcher;
import dev.sightline.store.rollup.EdgeRollup;
import dev.sightline.store.rollup.OperationInfo;
import dev.sightline.store.rollup.SpanRollup;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The Jaeger resources' translation of Jaeger's parameters into store queries, against recording fakes. */
class JaegerResourcesTest {
    private static final long NOW_MILLIS = 1_700_000_000_000L;
    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochMilli(NOW_MILLIS), ZoneOffset.UTC);

    /** Records the query and answers no hits. */
    private static final class RecordingSearcher implements TraceSearcher {
        TraceQuery query;

        @Override
        public Page<TraceHit> searchTraces(TraceQuery q) {
            query = q;
            return new Page<>(List.of(), null, true, 0);
        }
    }

    private final RecordingSearcher searcher = new RecordingSearcher();
    private final JaegerTraceResource traces =
            new JaegerTraceResource(id -> Optional.<Trace>empty(), searcher, CLOCK);

    private TraceQuery search(String start, String end, String lookback, String tags, String min, String max,
                              String limit) {
        traces.search("checkout", "GET /cart", null, tags == null ? null : List.of(tags), start, end, lookback,
                min, max, limit, null);
        return searcher.query;
    }

    @Test
    void searchTakesMicrosecondsAndGoDurations() {
        TraceQuery q = search("1700000000000000", "1700000060000000", null, null, "100ms", "1.2s", "7");
        assertThat(q.service()).isEqualTo("checkout");
        assertThat(q.operation()).isEqualTo("GET /cart");
        assertThat(q.range().fromEpochNanos()).isEqualTo(1_700_000_000_000_000_000L);
        // end is inclusive to the microsecond: spans that start within it match.
        assertThat(q.range().toEpochNanos()).isEqualTo(1_700_000_060_000_001_000L);
        assertThat(q.minDurationNanos()).isEqualTo(100_000_000L);
        assertThat(q.maxDurationNanos()).isEqualTo(1_200_000_000L);
        assertThat(q.limit()).isEqualTo(7);
        assertThat(q.cursor()).isNull();
    }

    @Test
    void withoutStartTheLookbackBeforeEndIsSearchedAndCustomMeansTheDefault() {
        TraceQuery q = search(null, null, "1h", null, null, null, null);
        assertThat(q.range().toEpochNanos()).isEqualTo(NOW_MILLIS * 1_000_000L);
        assertThat(q.range().durationNanos()).isEqualTo(3_600_000_000_000L);
        assertThat(q.limit()).isEqualTo(JaegerTraceResource.DEFAULT_LIMIT);
        assertThat(search(null, null, "custom", null, null, null, null).range().durationNanos())
                .isEqualTo(JaegerTraceResource.DEFAULT_LOOKBACK.toNanos());
        assertThat(search(null, null, null, null, null, null, null).range().durationNanos())
                .isEqualTo(JaegerTraceResource.DEFAULT_LOOKBACK.toNanos());
    }

    @Test
    void tagsAreEqualityTestsAndErrorTrueIsTheErrorStatus() {
        TraceQuery q = search(null, null, null, "{\"http.status_code\":\"500\",\"error\":\"true\"}", null, null,
                null);
        assertThat(q.errorsOnly()).isTrue();
        assertThat(q.filter().anyOf()).containsExactly(List.of(AttributeCondition.equalTo("http.status_code", "500")));
        assertThat(search(null, null, null, "{\"k\":\"v\"}", null, null, null).errorsOnly()).isFalse();
    }

    private BadParameterException refusal(Runnable call) {
        BadParameterException e = catchThrowableOfType(BadParameterException.class, call::run);
        assertThat(e).as("expected a refusal").isNotNull();
        return e;
    }

    @Test
    void badSearchParametersAreRefusedNamingTheParameter() {
        assertThat(refusal(() -> traces.search(null, null, null, null, null, null, null, null, null, null, null))
                .parameter()).isEqualTo("service");
        assertThat(refusal(() -> search("yesterday", null, null, null, null, null, null)).parameter())
                .isEqualTo("start");
        assertThat(refusal(() -> search(null, "1.5", null, null, null, null, null)).parameter()).isEqualTo("end");
        assertThat(refusal(() -> search(null, null, "soon", null, null, null, null)).parameter())
                .isEqualTo("lookback");
        assertThat(refusal(() -> search(null, null, null, "{oops", null, null, null)).parameter()).isEqualTo("tags");
        assertThat(refusal(() -> search(null, null, null, null, "fast", null, null)).parameter())
                .isEqualTo("minDuration");
        assertThat(refusal(() -> search(null, null, null, null, "2s", "1s", null)).parameter())
                .isEqualTo("maxDuration");
        assertThat(refusal(() -> search(null, null, null, null, null, null, "0")).parameter()).isEqualTo("limit");
        assertThat(refusal(() -> search(null, null, null, null, null, null, "1501")).parameter()).isEqualTo("limit");
        assertThat(refusal(() -> search("1700000060000000", "1700000000000000", null, null, null, null, null))
                .parameter()).isEqualTo("end");
    }

    @Test
    void searchByTraceIdsListsTheMissingOnesUnderErrors() {
        JsonNode body = traces.search(null, null, null, null, null, null, null, null, null, null,
                List.of("1f", "2a"));
        assertThat(body.get("data")).isEmpty();
        assertThat(body.get("errors")).hasSize(2);
        assertThat(body.get("errors").get(0).get("traceID").asText()).isEqualTo("000000000000001f");
        assertThat(body.get("errors").get(0).get("msg").asText()).isEqualTo("trace not found");
        assertThat(body.get("errors").get(0).has("code")).isFalse();
        assertThat(searcher.query).isNull();
    }

    /** Rollups in memory, filtered by minute as the store filters them. */
    private static final class FakeRollups implements RollupReader {
        final List<EdgeRollup> edges = new ArrayList<>();
        final List<OperationInfo> operations = new ArrayList<>();
        long askedFrom;
        long askedTo;

        @Override
        public List<OperationInfo> operations(String service) {
            return operations.stream().filter(o -> service == null || o.service().equals(service)).toList();
        }

        @Override
        public List<SpanRollup> spanRollups(String service, String operation, long from, long to) {
            return List.of();
        }

        @Override
        public List<EdgeRollup> edgeRollups(long from, long to) {
            askedFrom = from;
            askedTo = to;
            return edges.stream().filter(e -> e.epochMinute() >= from && e.epochMinute() < to).toList();
        }

        void edge(String caller, String callee, boolean virtual, long minute, long calls) {
            edges.add(new EdgeRollup(caller, callee, virtual, minute, calls, 0, null));
        }
    }

    @Test
    void dependenciesSumTheMinutesOfTheWindowPerCallerAndCallee() {
        FakeRollups rollups = new FakeRollups();
        long endMinute = NOW_MILLIS / 60_000L;
        rollups.edge("frontend", "backend", false, endMinute, 3);
        rollups.edge("frontend", "backend", false, endMinute - 10, 4);
        rollups.edge("frontend", "postgresql", true, endMinute - 59, 2);
        rollups.edge("backend", "kafka", true, endMinute - 61, 100);
        JaegerDependencyResource resource = new JaegerDependencyResource(rollups, CLOCK);

        ObjectNode body = resource.dependencies(null, "3600000", null);
        assertThat(rollups.askedTo).isEqualTo(endMinute + 1);
        assertThat(rollups.askedFrom).isEqualTo(endMinute - 60);
        assertThat(body.get("data").toString()).isEqualTo("[{\"parent\":\"frontend\",\"child\":\"backend\","
                + "\"callCount\":7},{\"parent\":\"frontend\",\"child\":\"postgresql\",\"callCount\":2}]");
        assertThat(body.get("total").asInt()).isZero();

        assertThat(resource.dependencies(Long.toString(NOW_MILLIS), "2h", "postgresql").get("data")).hasSize(1);
        assertThat(resource.dependencies(null, null, null).get("data")).hasSize(3);
        assertThat(rollups.askedFrom).isEqualTo(endMinute - 24 * 60);
        assertThat(refusal(() -> resource.dependencies("noon", null, null)).parameter()).isEqualTo("endTs");
        assertThat(refusal(() -> resource.dependencies(null, "a while", null)).parameter()).isEqualTo("lookback");
    }

    @Test
    void operationsComeWithTheirKindsAndCanBeFilteredByKind() {
        FakeRollups rollups = new FakeRollups();
        rollups.operations.add(new OperationInfo("checkout", "GET /cart", SpanKind.SERVER));
        rollups.operations.add(new OperationInfo("checkout", "SELECT", SpanKind.CLIENT));
        rollups.operations.add(new OperationInfo("checkout", "GET /cart", SpanKind.CLIENT));
        rollups.operations.add(new OperationInfo("checkout", "legacy", SpanKind.UNSPECIFIED));
        rollups.operations.add(new OperationInfo("other", "elsewhere", SpanKind.SERVER));
        JaegerOperationResource operations = new JaegerOperationResource(rollups);

        assertThat(operations.operations("checkout", null).get("data").toString()).isEqualTo(
                "[{\"name\":\"GET /cart\",\"spanKind\":\"server\"},{\"name\":\"SELECT\",\"spanKind\":\"client\"},"
                        + "{\"name\":\"GET /cart\",\"spanKind\":\"client\"},{\"name\":\"legacy\",\"spanKind\":\"\"}]");
        assertThat(operations.operations("checkout", "client").get("data")).hasSize(2);
        assertThat(operations.operations("checkout", "server").get("total").asInt()).isEqualTo(1);
        assertThat(refusal(() -> operations.operations("checkout", "sideways")).parameter()).isEqualTo("spanKind");
        assertThat(refusal(() -> operations.operations(" ", null)).parameter()).isEqualTo("service");

        JaegerServiceResource services = new JaegerServiceResource(List::of, rollups);
        assertThat(services.operations("checkout").get("data").toString())
                .isEqualTo("[\"GET /cart\",\"SELECT\",\"legacy\"]");
        assertThat(services.operations("nobody").get("data")).isEmpty();
    }
}
