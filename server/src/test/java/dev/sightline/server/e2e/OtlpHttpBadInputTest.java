package dev.sightline.server.e2e;

import com.google.rpc.Status;
import dev.sightline.server.support.ApiClient;
import dev.sightline.server.support.OtlpPayloads;
import dev.sightline.server.support.ServerPorts;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad input over OTLP/HTTP gets the specification's answer, nothing crashes, and what was stored before is
 * still there afterwards.
 */
@QuarkusTest
class OtlpHttpBadInputTest {

    private final ApiClient api = new ApiClient(ServerPorts.api());
    private String storedTraceId;

    @BeforeEach
    void storeATraceThatMustSurvive() throws Exception {
        byte[] id = OtlpPayloads.randomBytes(16);
        storedTraceId = HexFormat.of().formatHex(id);
        post("application/x-protobuf", null, OtlpPayloads.tracesOf("survivor", id).toByteArray())
                .then().statusCode(200);
        api.trace(storedTraceId, 1);
    }

    private static Response post(String contentType, String contentEncoding, byte[] body) {
        var request = RestAssured.given().port(ServerPorts.otlpHttp()).body(body);
        if (contentType != null) {
            request = request.contentType(contentType);
        }
        if (contentEncoding != null) {
            request = request.header("Content-Encoding", contentEncoding);
        }
        return request.post("/v1/traces");
    }

    static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        }
        return out.toByteArray();
    }

    static Stream<Arguments> malformedBodies() {
        byte[] valid = OtlpPayloads.tracesOf("x", OtlpPayloads.randomBytes(16)).toByteArray();
        byte[] invalidWireType = new byte[64];
        java.util.Arrays.fill(invalidWireType, (byte) 0xFF);
        return Stream.of(
                Arguments.of("truncated protobuf", "application/x-protobuf", java.util.Arrays.copyOf(valid, valid.length - 3)),
                Arguments.of("garbage protobuf", "application/x-protobuf", invalidWireType),
                Arguments.of("invalid UTF-8 in a protobuf string", "application/x-protobuf", OtlpPayloads.invalidUtf8Protobuf()),
                Arguments.of("AnyValue nested 1,000 deep (protobuf)", "application/x-protobuf", OtlpPayloads.deeplyNested(1000).toByteArray()),
                Arguments.of("unterminated JSON", "application/json", "{\"resourceSpans\": [".getBytes(StandardCharsets.UTF_8)),
                Arguments.of("JSON of the wrong shape", "application/json", "{\"resourceSpans\": 42}".getBytes(StandardCharsets.UTF_8)),
                Arguments.of("invalid UTF-8 in JSON", "application/json",
                        new byte[]{'{', '"', 'r', '"', ':', '"', (byte) 0xC3, (byte) 0x28, '"', '}'}),
                Arguments.of("AnyValue nested 1,000 deep (JSON)", "application/json",
                        OtlpPayloads.deeplyNestedJson(1000).getBytes(StandardCharsets.UTF_8)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedBodies")
    void malformedBodyIsRefusedWith400AndAStatusInTheRequestEncoding(String name, String contentType, byte[] body)
            throws Exception {
        Response response = post(contentType, null, body);
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.contentType()).startsWith(contentType);
        Status status = parseStatus(response, contentType);
        assertThat(status.getCode()).isEqualTo(com.google.rpc.Code.INVALID_ARGUMENT_VALUE);
        assertThat(status.getMessage()).isNotBlank().doesNotContain("Exception").doesNotContain("at dev.");
        api.trace(storedTraceId, 1);
    }

    private static Status parseStatus(Response response, String contentType) throws Exception {
        if (contentType.equals("application/json")) {
            Status.Builder b = Status.newBuilder();
            com.google.protobuf.util.JsonFormat.parser().merge(response.asString(), b);
            return b.build();
        }
        return Status.parseFrom(response.asByteArray());
    }

    @Test
    void spansWithWrongIdLengthsAreRejectedAsPartialSuccessAndTheRestIsStored() throws Exception {
        byte[] good = OtlpPayloads.randomBytes(16);
        var request = OtlpPayloads.traces("partial", List.of(
                OtlpPayloads.span(good, OtlpPayloads.randomBytes(8), "good"),
                OtlpPayloads.span(OtlpPayloads.randomBytes(3), OtlpPayloads.randomBytes(8), "short trace id"),
                OtlpPayloads.span(OtlpPayloads.randomBytes(16), OtlpPayloads.randomBytes(9), "long span id")));
        Response response = post("application/x-protobuf", null, request.toByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        ExportTraceServiceResponse answer = ExportTraceServiceResponse.parseFrom(response.asByteArray());
        assertThat(answer.getPartialSuccess().getRejectedSpans()).isEqualTo(2);
        assertThat(answer.getPartialSuccess().getErrorMessage()).contains("trace_id").contains("span_id");
        assertThat(api.trace(HexFormat.of().formatHex(good), 1).getString("spans[0].name")).isEqualTo("good");
    }

    @Test
    void jsonAnswersPartialSuccessInJson() {
        String json = "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"traceId\":\"abc\",\"spanId\":\"0102030405060708\",\"name\":\"bad\"}]}]}]}";
        Response response = post("application/json", null, json.getBytes(StandardCharsets.UTF_8));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.contentType()).startsWith("application/json");
        assertThat(response.jsonPath().getString("partialSuccess.rejectedSpans")).isEqualTo("1");
    }

    @Test
    void gzipBombIsRefusedWith413WithoutInflatingIt() throws Exception {
        byte[] bomb = gzip(new byte[64 << 20]);
        assertThat(bomb.length).isLessThan(1 << 20);
        Response response = post("application/x-protobuf", "gzip", bomb);
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(Status.parseFrom(response.asByteArray()).getCode())
                .isEqualTo(com.google.rpc.Code.RESOURCE_EXHAUSTED_VALUE);
        api.trace(storedTraceId, 1);
    }

    @Test
    void gzippedRequestIsAccepted() throws Exception {
        byte[] id = OtlpPayloads.randomBytes(16);
        Response response = post("application/x-protobuf", "gzip",
                gzip(OtlpPayloads.tracesOf("gzipped", id).toByteArray()));
        assertThat(response.statusCode()).isEqualTo(200);
        api.trace(HexFormat.of().formatHex(id), 1);
    }

    @Test
    void oversizeBodyIsRefusedWith413() {
        Response response = post("application/x-protobuf", null, new byte[21 << 20]);
        assertThat(response.statusCode()).isEqualTo(413);
        api.trace(storedTraceId, 1);
    }

    @Test
    void wrongContentTypeIsRefusedWith415() {
        Response response = post("text/plain", null, "hello".getBytes(StandardCharsets.UTF_8));
        assertThat(response.statusCode()).isEqualTo(415);
        assertThat(response.asString()).contains("application/x-protobuf");
    }

    @Test
    void emptyBodyIsAnEmptyRequestAndSucceeds() throws Exception {
        Response protobuf = post("application/x-protobuf", null, new byte[0]);
        assertThat(protobuf.statusCode()).isEqualTo(200);
        assertThat(ExportTraceServiceResponse.parseFrom(protobuf.asByteArray()).hasPartialSuccess()).isFalse();
        Response json = post("application/json", null, "{}".getBytes(StandardCharsets.UTF_8));
        assertThat(json.statusCode()).isEqualTo(200);
    }

    @Test
    void unknownPathIs404AndGetIs405() {
        assertThat(RestAssured.given().port(ServerPorts.otlpHttp()).contentType("application/json").body("{}")
                .post("/v1/spans").statusCode()).isEqualTo(404);
        Response get = RestAssured.given().port(ServerPorts.otlpHttp()).get("/v1/traces");
        assertThat(get.statusCode()).isEqualTo(405);
        assertThat(get.header("Allow")).isEqualTo("POST");
    }

    @Test
    void browsersMayExportThanksToCors() {
        Response preflight = RestAssured.given().port(ServerPorts.otlpHttp())
                .header("Origin", "http://shop.example")
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "content-type")
                .options("/v1/traces");
        assertThat(preflight.statusCode()).isEqualTo(204);
        assertThat(preflight.header("Access-Control-Allow-Origin")).isEqualTo("*");
        assertThat(preflight.header("Access-Control-Allow-Methods")).contains("POST");
        Response post = RestAssured.given().port(ServerPorts.otlpHttp()).header("Origin", "http://shop.example")
                .contentType("application/json").body("{}").post("/v1/traces");
        assertThat(post.header("Access-Control-Allow-Origin")).isEqualTo("*");
    }
}
