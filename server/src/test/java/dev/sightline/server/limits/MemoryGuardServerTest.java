package dev.sightline.server.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.sightline.collector.limits.MemoryGuard;
import dev.sightline.server.support.ApiClient;
import dev.sightline.server.support.OtlpPayloads;
import dev.sightline.server.support.RetryHints;
import dev.sightline.server.support.ServerPorts;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The memory guard through the real receivers and query API, with the heap it reads set by the test: over the soft
 * limit exports are refused with a retry hint (as any overload), over the hard limit queries too; below, all is
 * served again. Samples are taken by the test, not waited for.
 */
@QuarkusTest
@TestProfile(MemoryGuardServerTest.SettableHeap.class)
class MemoryGuardServerTest {

    public static class SettableHeap implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "sightline.store.data-dir",
                    System.getProperty("sightline.test.data-dir", "target/test-data/quarkus") + "-memory",
                    "sightline.otlp.retry-after-seconds", "2");
        }

        @Override
        public Set<Class<?>> getEnabledAlternatives() {
            return Set.of(FakeHeap.class);
        }
    }

    @Inject
    FakeHeap heap;

    @Inject
    MemoryGuard guard;

    private ApiClient api;

    @BeforeEach
    void ready() {
        setHeap(0);
        api = new ApiClient(ServerPorts.api());
    }

    @AfterEach
    void freeTheHeap() {
        setHeap(0);
    }

    @Test
    void overTheSoftLimitExportsAreRefusedWithARetryHintAndQueriesStillAnswer() throws Exception {
        setHeap(800); // 80 % of the fake heap: over the soft limit (75 %), under the hard one (90 %)
        byte[] traceId = OtlpPayloads.randomBytes(16);

        Response http = postTrace(traceId);

        assertThat(http.statusCode()).isEqualTo(503);
        assertThat(http.header("Retry-After")).isEqualTo("2");
        assertThat(com.google.rpc.Status.parseFrom(http.asByteArray()).getMessage())
                .isEqualTo("the server is short of memory; retry later");
        assertThat(grpcRetryDelaySeconds()).isEqualTo(2);
        assertThat(api.get("/api/traces/" + HexFormat.of().formatHex(traceId)).statusCode()).isEqualTo(404);
        String scrape = api.get("/q/metrics").asString();
        assertThat(scrape).containsPattern("sightline_ingest_limited_requests_total\\{reason=\"memory\","
                        + "signal=\"traces\",tenant=\"default\"\\} [2-9]")
                .containsPattern("sightline_memory_guard_level(\\{\\})? 1\\.0")
                .containsPattern("sightline_memory_heap_used_ratio(\\{\\})? 0\\.8");
    }

    @Test
    void overTheHardLimitQueriesAreRefusedButHealthAndMetricsAnswer() {
        setHeap(950);

        Response query = api.get("/api/services");

        assertThat(query.statusCode()).isEqualTo(503);
        assertThat(query.header("Retry-After")).isEqualTo("2");
        assertThat(query.jsonPath().getString("error")).isEqualTo("the server is short of memory; retry later");
        assertThat(api.get("/jaeger/api/services").statusCode()).isEqualTo(503);
        assertThat(api.get("/q/health/live").statusCode()).isEqualTo(200);
        assertThat(api.get("/q/metrics").asString()).containsPattern("sightline_memory_guard_level(\\{\\})? 2\\.0");
    }

    @Test
    void belowTheSoftLimitAgainEverythingIsServed() {
        setHeap(990);
        assertThat(postTrace(OtlpPayloads.randomBytes(16)).statusCode()).isEqualTo(503);

        setHeap(500);
        byte[] traceId = OtlpPayloads.randomBytes(16);

        assertThat(postTrace(traceId).statusCode()).isEqualTo(200);
        assertThat(api.trace(HexFormat.of().formatHex(traceId), 1).getInt("spanCount")).isEqualTo(1);
        assertThat(api.get("/api/services").statusCode()).isEqualTo(200);
    }

    private void setHeap(long bytes) {
        heap.use(bytes);
        guard.sample();
    }

    private long grpcRetryDelaySeconds() {
        ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", ServerPorts.grpc()).usePlaintext().build();
        try {
            StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class, () ->
                    TraceServiceGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
                            .export(OtlpPayloads.tracesOf("memory", OtlpPayloads.randomBytes(16))));
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
            return RetryHints.grpcRetryDelay(e).toSeconds();
        } finally {
            channel.shutdownNow();
        }
    }

    private static Response postTrace(byte[] traceId) {
        return RestAssured.given().port(ServerPorts.otlpHttp()).contentType("application/x-protobuf")
                .body(OtlpPayloads.tracesOf("memory", traceId).toByteArray()).post("/v1/traces");
    }
}
