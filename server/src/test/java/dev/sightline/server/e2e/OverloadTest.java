package dev.sightline.server.e2e;

import com.google.rpc.RetryInfo;
import dev.sightline.server.support.ApiClient;
import dev.sightline.server.support.OtlpPayloads;
import dev.sightline.server.support.ServerPorts;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * When the store cannot take more (here: an index-lag limit of zero refuses every append), both transports
 * push back with a retry hint and acknowledge nothing.
 */
@QuarkusTest
@TestProfile(OverloadTest.RefuseEverything.class)
class OverloadTest {

    public static class RefuseEverything implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("sightline.store.max-index-lag", "0",
                    "sightline.store.data-dir",
                    System.getProperty("sightline.test.data-dir", "target/test-data/quarkus") + "-overload",
                    "sightline.otlp.retry-after-seconds", "3");
        }
    }

    @BeforeEach
    void serverIsReady() {
        // Before readiness every export is refused too; the refusals below must come from the limit.
        new ApiClient(ServerPorts.api());
    }

    @Test
    void httpAnswers503WithRetryAfterAndStoresNothing() throws Exception {
        byte[] id = OtlpPayloads.randomBytes(16);
        Response response = RestAssured.given().port(ServerPorts.otlpHttp()).contentType("application/x-protobuf")
                .body(OtlpPayloads.tracesOf("overloaded", id).toByteArray()).post("/v1/traces");
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(Integer.parseInt(response.header("Retry-After"))).isPositive();
        assertThat(com.google.rpc.Status.parseFrom(response.asByteArray()).getCode())
                .isEqualTo(com.google.rpc.Code.UNAVAILABLE_VALUE);
        assertThat(RestAssured.given().port(ServerPorts.api()).get("/api/traces/" + HexFormat.of().formatHex(id))
                .statusCode()).isEqualTo(404);
    }

    @Test
    void grpcAnswersUnavailableWithRetryInfo() {
        ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", ServerPorts.grpc()).usePlaintext().build();
        try {
            StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class, () ->
                    TraceServiceGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
                            .export(OtlpPayloads.tracesOf("overloaded", OtlpPayloads.randomBytes(16))));
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
            com.google.rpc.Status details = StatusProto.fromThrowable(e);
            assertThat(details).isNotNull();
            RetryInfo retry = details.getDetailsList().stream().filter(d -> d.is(RetryInfo.class)).findFirst()
                    .map(d -> {
                        try {
                            return d.unpack(RetryInfo.class);
                        } catch (com.google.protobuf.InvalidProtocolBufferException x) {
                            throw new AssertionError(x);
                        }
                    }).orElseThrow(() -> new AssertionError("no RetryInfo in " + details));
            assertThat(retry.getRetryDelay().getSeconds()).isPositive();
        } finally {
            channel.shutdownNow();
        }
    }

    @Test
    void refusalsAreCountedAsRefusedItems() {
        RestAssured.given().port(ServerPorts.otlpHttp()).contentType("application/x-protobuf")
                .body(OtlpPayloads.tracesOf("overloaded", OtlpPayloads.randomBytes(16)).toByteArray())
                .post("/v1/traces").then().statusCode(503);
        String scrape = RestAssured.given().port(ServerPorts.api()).get("/q/metrics").asString();
        assertThat(scrape).containsPattern(
                "sightline_ingest_items_total\\{outcome=\"refused\",reason=\"overloaded\",signal=\"traces\"\\} [1-9]");
        assertThat(scrape).containsPattern(
                "sightline_ingest_requests_total\\{outcome=\"overloaded\",signal=\"traces\",transport=\"http\"\\} [1-9]");
    }
}
