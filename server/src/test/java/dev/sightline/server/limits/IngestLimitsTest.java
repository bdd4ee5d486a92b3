package dev.sightline.server.limits;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sightline.server.support.ApiClient;
import dev.sightline.server.support.OtlpPayloads;
import dev.sightline.server.support.ServerPorts;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.collector.logs.v1.LogsServiceGrpc;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.metrics.v1.MetricsServiceGrpc;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import io.opentelemetry.proto.trace.v1.Span;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Each per-item limit through the real receivers: what the client is told (OTLP partial success: the count and a
 * message naming the limit), what is stored, and the counters by reason in {@code /q/metrics}.
 */
@QuarkusTest
@TestProfile(IngestLimitsTest.SmallLimits.class)
class IngestLimitsTest {

    public static class SmallLimits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "sightline.store.data-dir",
                    System.getProperty("sightline.test.data-dir", "target/test-data/quarkus") + "-limits",
                    "sightline.limits.max-attributes-per-item", "4",
                    "sightline.limits.max-attribute-value-length", "16",
                    "sightline.limits.max-log-body-bytes", "64",
                    "sightline.limits.max-spans-per-trace", "3",
                    "sightline.limits.max-active-series", "3");
        }
    }

    private ApiClient api;
    private ManagedChannel channel;

    @BeforeEach
    void connect() {
        api = new ApiClient(ServerPorts.api());
        channel = ManagedChannelBuilder.forAddress("127.0.0.1", ServerPorts.grpc()).usePlaintext().build();
    }

    @AfterEach
    void disconnect() {
        channel.shutdownNow();
    }

    @Test
    void extraSpanAttributesAreDroppedAndLongValuesCutWithAWarning() throws Exception {
        byte[] traceId = OtlpPayloads.randomBytes(16);
        Span span = OtlpPayloads.span(traceId, OtlpPayloads.randomBytes(8), "checkout").toBuilder()
                .addAttributes(OtlpPayloads.string("user.note", "a value far longer than sixteen characters"))
                .addAllAttributes(IntStream.range(0, 5).mapToObj(i -> OtlpPayloads.string("k" + i, "v")).toList())
                .build();

        Response response = postProtobuf("/v1/traces", OtlpPayloads.traces("attrs", List.of(span)).toByteArray());

        assertThat(response.statusCode()).isEqualTo(200);
        ExportTraceServiceResponse answer = ExportTraceServiceResponse.parseFrom(response.asByteArray());
        assertThat(answer.getPartialSuccess().getRejectedSpans()).isZero();
        assertThat(answer.getPartialSuccess().getErrorMessage())
                .contains("(attributes): a span had 6 attributes; 2 past the limit of 4 were dropped")
                .contains("(attribute_length): the value of span attribute 'user.note' was cut to 16 characters");
        JsonPath trace = api.trace(HexFormat.of().formatHex(traceId), 1);
        assertThat(trace.getList("spans[0].attributes")).hasSize(4);
        assertThat(trace.getInt("spans[0].droppedAttributesCount")).isEqualTo(2);
        assertThat(trace.getString("spans[0].attributes.find { it.key == 'user.note' }.value.stringValue"))
                .isEqualTo("a value far long");
        assertThat(scrape()).containsPattern(limited("traces", "attributes"))
                .containsPattern(limited("traces", "attribute_length"));
    }

    @Test
    void spansPastTheirTracesLimitAreRejectedOverGrpc() {
        byte[] traceId = OtlpPayloads.randomBytes(16);
        List<Span> spans = IntStream.range(0, 5)
                .mapToObj(i -> OtlpPayloads.span(traceId, OtlpPayloads.randomBytes(8), "op" + i)).toList();

        ExportTraceServiceResponse answer = TraceServiceGrpc.newBlockingStub(channel)
                .withDeadlineAfter(10, TimeUnit.SECONDS).export(OtlpPayloads.traces("big-trace", spans));

        assertThat(answer.getPartialSuccess().getRejectedSpans()).isEqualTo(2);
        assertThat(answer.getPartialSuccess().getErrorMessage())
                .startsWith("2 spans rejected (trace_size): trace ").contains("already has the limit of 3 spans");
        assertThat(api.trace(HexFormat.of().formatHex(traceId), 3).getInt("spanCount")).isEqualTo(3);
        assertThat(scrape()).containsPattern(limited("traces", "trace_size"))
                .containsPattern("sightline_ingest_items_total\\{outcome=\"rejected\",reason=\"trace_size\","
                        + "signal=\"traces\"\\} [1-9]");
    }

    @Test
    void aLogRecordWithABodyOverTheLimitIsRejectedAndTheOthersKept() throws Exception {
        byte[] traceId = OtlpPayloads.randomBytes(16);
        var request = OtlpPayloads.logs("logs", traceId, "short and sweet", "x".repeat(65), "also fine");

        ExportLogsServiceResponse grpc = LogsServiceGrpc.newBlockingStub(channel)
                .withDeadlineAfter(10, TimeUnit.SECONDS).export(request);
        Response http = postProtobuf("/v1/logs", request.toByteArray());

        assertThat(grpc.getPartialSuccess().getRejectedLogRecords()).isEqualTo(1);
        assertThat(grpc.getPartialSuccess().getErrorMessage())
                .isEqualTo("1 log record rejected (log_body): the body is over the limit of 64 bytes");
        assertThat(http.statusCode()).isEqualTo(200);
        assertThat(ExportLogsServiceResponse.parseFrom(http.asByteArray()).getPartialSuccess().getRejectedLogRecords())
                .isEqualTo(1);
        // The same two records came over both transports; the store keeps a record sent twice once.
        List<Map<String, Object>> stored = api.logsOfTrace(HexFormat.of().formatHex(traceId), 2);
        assertThat(stored).hasSize(2).extracting(l -> String.valueOf(l.get("body")))
                .containsExactlyInAnyOrder("{stringValue=short and sweet}", "{stringValue=also fine}");
        assertThat(scrape()).containsPattern(limited("logs", "log_body"));
    }

    @Test
    void newSeriesPastTheCapAreRejectedWhileExistingSeriesKeepFlowing() throws Exception {
        ExportMetricsServiceRequest first = OtlpPayloads.gauge("shop", "cart.items", "user", "u1", "u2", "u3");
        ExportMetricsServiceResponse accepted = MetricsServiceGrpc.newBlockingStub(channel)
                .withDeadlineAfter(10, TimeUnit.SECONDS).export(first);
        assertThat(accepted.hasPartialSuccess()).isFalse();

        // Over gRPC and over HTTP: two new label values are refused, the existing one passes.
        ExportMetricsServiceResponse grpc = MetricsServiceGrpc.newBlockingStub(channel)
                .withDeadlineAfter(10, TimeUnit.SECONDS)
                .export(OtlpPayloads.gauge("shop", "cart.items", "user", "u1", "bomb-1", "bomb-2"));
        Response http = postProtobuf("/v1/metrics",
                OtlpPayloads.gauge("shop", "cart.items", "user", "u2", "bomb-3").toByteArray());

        assertThat(grpc.getPartialSuccess().getRejectedDataPoints()).isEqualTo(2);
        assertThat(grpc.getPartialSuccess().getErrorMessage()).isEqualTo("2 data points rejected (series): metric "
                + "'cart.items' would start a new series past the limit of 3 active series; existing series are "
                + "still accepted");
        assertThat(http.statusCode()).isEqualTo(200);
        assertThat(ExportMetricsServiceResponse.parseFrom(http.asByteArray()).getPartialSuccess()
                .getRejectedDataPoints()).isEqualTo(1);
        JsonPath series = api.series("cart.items", j -> j.getList("series").size() >= 3
                && j.getList("series.points.flatten()").size() >= 5);
        assertThat(series.getList("series")).hasSize(3);
        String metrics = scrape();
        assertThat(metrics).containsPattern(limited("metrics", "series"))
                .containsPattern("sightline_ingest_active_series\\{tenant=\"default\"\\} 3\\.0");
    }

    private static Response postProtobuf(String path, byte[] body) {
        return RestAssured.given().port(ServerPorts.otlpHttp()).contentType("application/x-protobuf").body(body)
                .post(path);
    }

    private String scrape() {
        return api.get("/q/metrics").asString();
    }

    private static String limited(String signal, String reason) {
        return "sightline_ingest_limited_total\\{reason=\"" + reason + "\",signal=\"" + signal
                + "\",tenant=\"default\"\\} [1-9]";
    }
}
