package dev.sightline.server.e2e;

import com.google.protobuf.ByteString;
import dev.sightline.server.support.ApiClient;
import dev.sightline.server.support.OtlpPayloads;
import dev.sightline.server.support.ServerPorts;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/**
 * The Jaeger-compatible query API answers in Jaeger's JSON, so Grafana's Jaeger data source can open a trace
 * that was sent over OTLP: a frontend span calling a backend span, one event, one link, each attribute type.
 */
@QuarkusTest
class JaegerApiTest {
    private static final String FRONTEND = "jaeger-test-frontend";
    private static final String BACKEND = "jaeger-test-backend";
    private static final long PARENT_START_NANOS = 1_700_000_000_000_123_456L;
    private static final long CHILD_START_NANOS = 1_700_000_000_010_000_999L;
    private static final byte[] BYTES = {1, 2, 3, (byte) 0xFF};

    private final ApiClient api = new ApiClient(ServerPorts.api());
    private byte[] traceId;
    private String traceIdHex;
    private String parentIdHex;
    private String childIdHex;
    private String linkedTraceIdHex;
    private String linkedSpanIdHex;

    @BeforeEach
    void sendAFrontendCallingABackend() {
        traceId = OtlpPayloads.randomBytes(16);
        traceId[0] = 0x7a;
        send(traceId);
    }

    private void send(byte[] id) {
        traceIdHex = HexFormat.of().formatHex(id);
        byte[] parentId = OtlpPayloads.randomBytes(8);
        byte[] childId = OtlpPayloads.randomBytes(8);
        byte[] linkedTraceId = OtlpPayloads.randomBytes(16);
        byte[] linkedSpanId = OtlpPayloads.randomBytes(8);
        parentIdHex = HexFormat.of().formatHex(parentId);
        childIdHex = HexFormat.of().formatHex(childId);
        linkedTraceIdHex = HexFormat.of().formatHex(linkedTraceId);
        linkedSpanIdHex = HexFormat.of().formatHex(linkedSpanId);

        Span parent = Span.newBuilder().setTraceId(ByteString.copyFrom(id)).setSpanId(ByteString.copyFrom(parentId))
                .setName("GET /checkout").setKind(Span.SpanKind.SPAN_KIND_SERVER)
                .setStartTimeUnixNano(PARENT_START_NANOS).setEndTimeUnixNano(PARENT_START_NANOS + 250_000_789L)
                .addAttributes(kv("http.route", AnyValue.newBuilder().setStringValue("/checkout")))
                .addAttributes(kv("retry", AnyValue.newBuilder().setBoolValue(true)))
                .addAttributes(kv("http.status_code", AnyValue.newBuilder().setIntValue(500)))
                .addAttributes(kv("load", AnyValue.newBuilder().setDoubleValue(3.25)))
                .addAttributes(kv("digest", AnyValue.newBuilder().setBytesValue(ByteString.copyFrom(BYTES))))
                .addAttributes(kv("items", AnyValue.newBuilder().setArrayValue(ArrayValue.newBuilder()
                        .addValues(AnyValue.newBuilder().setStringValue("a"))
                        .addValues(AnyValue.newBuilder().setIntValue(2)))))
                .addAttributes(kv("user", AnyValue.newBuilder().setKvlistValue(KeyValueList.newBuilder()
                        .addValues(kv("id", AnyValue.newBuilder().setIntValue(7))))))
                .addEvents(Span.Event.newBuilder().setName("cache miss").setTimeUnixNano(PARENT_START_NANOS + 5_000_000L)
                        .addAttributes(kv("cache.key", AnyValue.newBuilder().setStringValue("cart:7"))))
                .setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR).setMessage("payment failed"))
                .build();
        Span child = Span.newBuilder().setTraceId(ByteString.copyFrom(id)).setSpanId(ByteString.copyFrom(childId))
                .setParentSpanId(ByteString.copyFrom(parentId))
                .setName("charge").setKind(Span.SpanKind.SPAN_KIND_CLIENT)
                .setStartTimeUnixNano(CHILD_START_NANOS).setEndTimeUnixNano(CHILD_START_NANOS + 100_000_000L)
                .addLinks(Span.Link.newBuilder().setTraceId(ByteString.copyFrom(linkedTraceId))
                        .setSpanId(ByteString.copyFrom(linkedSpanId)))
                .setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_OK))
                .build();
        ExportTraceServiceRequest request = ExportTraceServiceRequest.newBuilder()
                .addResourceSpans(resourceSpans(parent, kv("service.name", AnyValue.newBuilder().setStringValue(FRONTEND)),
                        kv("host.name", AnyValue.newBuilder().setStringValue("web-1")),
                        kv("process.pid", AnyValue.newBuilder().setIntValue(42))))
                .addResourceSpans(resourceSpans(child, kv("service.name", AnyValue.newBuilder().setStringValue(BACKEND))))
                .build();
        RestAssured.given().port(ServerPorts.otlpHttp()).contentType("application/x-protobuf")
                .body(request.toByteArray()).post("/v1/traces").then().statusCode(200);
        api.trace(traceIdHex, 2);
    }

    private static KeyValue kv(String key, AnyValue.Builder value) {
        return KeyValue.newBuilder().setKey(key).setValue(value).build();
    }

    private static ResourceSpans resourceSpans(Span span, KeyValue... resourceAttributes) {
        return ResourceSpans.newBuilder()
                .setResource(Resource.newBuilder().addAllAttributes(List.of(resourceAttributes)))
                .addScopeSpans(ScopeSpans.newBuilder()
                        .setScope(InstrumentationScope.newBuilder().setName("shop").setVersion("1.2"))
                        .addSpans(span))
                .build();
    }

    private JsonPath jaegerTrace(String id) {
        Response r = api.get("/jaeger/api/traces/" + id);
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(200);
        assertThat(r.contentType()).startsWith("application/json");
        return r.jsonPath();
    }

    private static Map<String, Object> span(JsonPath trace, String spanId) {
        List<Map<String, Object>> spans = trace.getList("data[0].spans");
        return spans.stream().filter(s -> spanId.equals(s.get("spanID"))).findFirst()
                .orElseThrow(() -> new AssertionError("no span " + spanId + " in " + spans));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> tag(Map<String, Object> spanOrLog, String list, String key) {
        List<Map<String, Object>> tags = (List<Map<String, Object>>) spanOrLog.get(list);
        return tags.stream().filter(t -> key.equals(t.get("key"))).findFirst()
                .orElseThrow(() -> new AssertionError("no tag " + key + " in " + tags));
    }

    @Test
    void traceComesInJaegersEnvelopeWithLowercaseHexIds() {
        JsonPath trace = jaegerTrace(traceIdHex.toUpperCase());
        assertThat(trace.getList("data")).hasSize(1);
        assertThat(trace.getInt("total")).isZero();
        assertThat(trace.getInt("limit")).isZero();
        assertThat(trace.getInt("offset")).isZero();
        assertThat(trace.getList("errors")).isNull();
        assertThat(trace.getString("data[0].traceID")).isEqualTo(traceIdHex).hasSize(32);
        assertThat(trace.getList("data[0].spans")).hasSize(2);
        assertThat(span(trace, parentIdHex)).containsEntry("traceID", traceIdHex)
                .containsEntry("operationName", "GET /checkout");
        assertThat(span(trace, childIdHex)).containsEntry("operationName", "charge");
    }

    @Test
    void timesAreMicroseconds() {
        JsonPath trace = jaegerTrace(traceIdHex);
        Map<String, Object> parent = span(trace, parentIdHex);
        assertThat(((Number) parent.get("startTime")).longValue()).isEqualTo(1_700_000_000_000_123L);
        assertThat(((Number) parent.get("duration")).longValue()).isEqualTo(250_000L);
        Map<String, Object> child = span(trace, childIdHex);
        assertThat(((Number) child.get("startTime")).longValue()).isEqualTo(1_700_000_000_010_000L);
        assertThat(((Number) child.get("duration")).longValue()).isEqualTo(100_000L);
    }

    @Test
    void parentIsChildOfAndLinkIsFollowsFrom() {
        JsonPath trace = jaegerTrace(traceIdHex);
        assertThat(span(trace, parentIdHex).get("references")).isEqualTo(List.of());
        assertThat(span(trace, childIdHex).get("references")).isEqualTo(List.of(
                Map.of("refType", "CHILD_OF", "traceID", traceIdHex, "spanID", parentIdHex),
                Map.of("refType", "FOLLOWS_FROM", "traceID", linkedTraceIdHex, "spanID", linkedSpanIdHex)));
    }

    @Test
    void eachServiceIsOneProcessTaggedWithItsResourceAttributes() {
        JsonPath trace = jaegerTrace(traceIdHex);
        String parentProcess = (String) span(trace, parentIdHex).get("processID");
        String childProcess = (String) span(trace, childIdHex).get("processID");
        assertThat(List.of(parentProcess, childProcess)).containsExactly("p1", "p2");
        Map<String, Map<String, Object>> processes = trace.getMap("data[0].processes");
        assertThat(processes).containsOnlyKeys("p1", "p2");
        assertThat(processes.get("p1")).containsEntry("serviceName", FRONTEND).containsEntry("tags", List.of(
                Map.of("key", "host.name", "type", "string", "value", "web-1"),
                Map.of("key", "process.pid", "type", "int64", "value", 42)));
        assertThat(processes.get("p2")).containsEntry("serviceName", BACKEND).containsEntry("tags", List.of());
    }

    @Test
    void attributesBecomeTypedTagsAndArraysAndMapsBecomeJsonStrings() {
        Map<String, Object> parent = span(jaegerTrace(traceIdHex), parentIdHex);
        assertThat(tag(parent, "tags", "http.route")).containsOnly(
                entry("key", "http.route"), entry("type", "string"), entry("value", "/checkout"));
        assertThat(tag(parent, "tags", "retry")).containsEntry("type", "bool").containsEntry("value", true);
        assertThat(tag(parent, "tags", "http.status_code")).containsEntry("type", "int64").containsEntry("value", 500);
        assertThat(tag(parent, "tags", "load")).containsEntry("type", "float64");
        assertThat(((Number) tag(parent, "tags", "load").get("value")).doubleValue()).isEqualTo(3.25);
        assertThat(tag(parent, "tags", "digest")).containsEntry("type", "binary")
                .containsEntry("value", Base64.getEncoder().encodeToString(BYTES));
        assertThat(tag(parent, "tags", "items")).containsEntry("type", "string").containsEntry("value", "[\"a\",2]");
        assertThat(tag(parent, "tags", "user")).containsEntry("type", "string").containsEntry("value", "{\"id\":7}");
        assertThat(tag(parent, "tags", "otel.scope.name")).containsEntry("value", "shop");
        assertThat(tag(parent, "tags", "otel.scope.version")).containsEntry("value", "1.2");
    }

    @Test
    void kindAndStatusBecomeTheTagsJaegerShows() {
        JsonPath trace = jaegerTrace(traceIdHex);
        Map<String, Object> parent = span(trace, parentIdHex);
        assertThat(tag(parent, "tags", "span.kind")).containsEntry("type", "string").containsEntry("value", "server");
        assertThat(tag(parent, "tags", "otel.status_code")).containsEntry("value", "ERROR");
        assertThat(tag(parent, "tags", "otel.status_description")).containsEntry("value", "payment failed");
        assertThat(tag(parent, "tags", "error")).containsEntry("type", "bool").containsEntry("value", true);
        Map<String, Object> child = span(trace, childIdHex);
        assertThat(tag(child, "tags", "span.kind")).containsEntry("value", "client");
        assertThat(tag(child, "tags", "otel.status_code")).containsEntry("value", "OK");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> childTags = (List<Map<String, Object>>) child.get("tags");
        assertThat(childTags).extracting(t -> t.get("key")).doesNotContain("error", "otel.status_description");
    }

    @Test
    void eventsBecomeLogsWithTheNameFirstUnderEvent() {
        JsonPath trace = jaegerTrace(traceIdHex);
        Map<String, Object> parent = span(trace, parentIdHex);
        assertThat(parent.get("logs")).isEqualTo(List.of(Map.of(
                "timestamp", 1_700_000_000_005_123L,
                "fields", List.of(
                        Map.of("key", "event", "type", "string", "value", "cache miss"),
                        Map.of("key", "cache.key", "type", "string", "value", "cart:7")))));
        assertThat(span(trace, childIdHex).get("logs")).isEqualTo(List.of());
    }

    @Test
    void shortIdIsLeftPaddedWithZerosAndA64BitIdIsWrittenShortAsJaegerDoes() {
        byte[] id = new byte[16];
        System.arraycopy(OtlpPayloads.randomBytes(8), 0, id, 8, 8);
        id[8] = 0x5c;
        send(id);
        String low64 = traceIdHex.substring(16);
        JsonPath trace = jaegerTrace(low64);
        assertThat(trace.getString("data[0].traceID")).isEqualTo(low64);
        assertThat(((List<?>) span(trace, childIdHex).get("references")).get(0))
                .isEqualTo(Map.of("refType", "CHILD_OF", "traceID", low64, "spanID", parentIdHex));
        assertThat(jaegerTrace(traceIdHex).getString("data[0].traceID")).isEqualTo(low64);
    }

    @Test
    void unknownTraceIs404InJaegersEnvelope() {
        Response r = api.get("/jaeger/api/traces/" + OtlpPayloads.randomTraceIdHex());
        assertThat(r.statusCode()).isEqualTo(404);
        JsonPath body = r.jsonPath();
        assertThat(body.getList("data")).isNull();
        assertThat(body.getInt("total")).isZero();
        assertThat(body.getList("errors")).isEqualTo(List.of(Map.of("code", 404, "msg", "trace not found")));
    }

    @Test
    void badTraceIdIs400InJaegersEnvelope() {
        for (String bad : List.of("not-hex", "0".repeat(32), "a".repeat(33), "0")) {
            Response r = api.get("/jaeger/api/traces/" + bad);
            assertThat(r.statusCode()).as(bad).isEqualTo(400);
            JsonPath body = r.jsonPath();
            assertThat(body.getList("data")).as(bad).isNull();
            assertThat(body.getInt("errors[0].code")).as(bad).isEqualTo(400);
            assertThat(body.getString("errors[0].msg")).as(bad).contains("traceID");
        }
    }

    @Test
    void servicesListsTheServicesSeenInTracesSorted() {
        JsonPath body = api.get("/jaeger/api/services").jsonPath();
        List<String> names = body.getList("data", String.class);
        assertThat(names).contains(FRONTEND, BACKEND).isSorted().doesNotHaveDuplicates();
        assertThat(body.getInt("total")).isEqualTo(names.size());
        assertThat(body.getInt("limit")).isZero();
        assertThat(body.getInt("offset")).isZero();
        assertThat(body.getList("errors")).isNull();
    }
}
