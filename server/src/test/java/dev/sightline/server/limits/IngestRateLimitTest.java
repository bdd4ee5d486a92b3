package dev.sightline.server.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.sightline.server.support.ApiClient;
import dev.sightline.server.support.OtlpPayloads;
import dev.sightline.server.support.RetryHints;
import dev.sightline.server.support.ServerPorts;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A tenant over its ingest rate is throttled: HTTP 429 with {@code Retry-After}, gRPC UNAVAILABLE with a
 * {@code RetryInfo}, nothing of the request stored, and the throttling counted by reason. The rate here is one item
 * a second with a bucket of 50, so after one request of 50 spans every test's next request is over it for long
 * after the test is done.
 */
@QuarkusTest
@TestProfile(IngestRateLimitTest.OneItemPerSecond.class)
class IngestRateLimitTest {

    public static class OneItemPerSecond implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "sightline.store.data-dir",
                    System.getProperty("sightline.test.data-dir", "target/test-data/quarkus") + "-rate",
                    "sightline.limits.ingest-rate", "1",
                    "sightline.limits.ingest-burst", "50");
        }
    }

    private ApiClient api;

    @BeforeEach
    void emptyTheBucket() {
        api = new ApiClient(ServerPorts.api());
        // Whether this one passes (the first test) or not (the bucket is already empty), the bucket is empty after.
        postTraces(spans(50, OtlpPayloads.randomBytes(16)));
    }

    @Test
    void httpAnswers429WithRetryAfterFromTheBucketAndStoresNothing() throws Exception {
        byte[] traceId = OtlpPayloads.randomBytes(16);

        Response response = postTraces(spans(5, traceId));

        assertThat(response.statusCode()).isEqualTo(429);
        // Five items at one a second: the hint is whole seconds, at least one.
        assertThat(Integer.parseInt(response.header("Retry-After"))).isPositive();
        com.google.rpc.Status status = com.google.rpc.Status.parseFrom(response.asByteArray());
        assertThat(status.getMessage()).isEqualTo("over the ingest rate of 1 items per second; retry later");
        assertThat(api.get("/api/traces/" + HexFormat.of().formatHex(traceId)).statusCode()).isEqualTo(404);
    }

    @Test
    void grpcAnswersUnavailableWithARetryInfo() {
        ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", ServerPorts.grpc()).usePlaintext().build();
        try {
            StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class, () ->
                    TraceServiceGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
                            .export(spans(5, OtlpPayloads.randomBytes(16))));

            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
            long delayMillis = RetryHints.grpcRetryDelay(e).toMillis();
            assertThat(delayMillis).isPositive();
        } finally {
            channel.shutdownNow();
        }
    }

    @Test
    void throttlingIsCountedByReason() {
        postTraces(spans(5, OtlpPayloads.randomBytes(16))).then().statusCode(429);

        String scrape = api.get("/q/metrics").asString();

        assertThat(scrape).containsPattern("sightline_ingest_limited_requests_total\\{reason=\"rate\","
                + "signal=\"traces\",tenant=\"default\"\\} [1-9]");
        assertThat(scrape).containsPattern(
                "sightline_ingest_requests_total\\{outcome=\"throttled\",signal=\"traces\",transport=\"http\"\\} [1-9]");
    }

    private static ExportTraceServiceRequest spans(int n, byte[] traceId) {
        return OtlpPayloads.traces("rate", IntStream.range(0, n)
                .mapToObj(i -> OtlpPayloads.span(traceId, OtlpPayloads.randomBytes(8), "op")).toList());
    }

    private static Response postTraces(ExportTraceServiceRequest request) {
        return RestAssured.given().port(ServerPorts.otlpHttp()).contentType("application/x-protobuf")
                .body(request.toByteArray()).post("/v1/traces");
    }
}
