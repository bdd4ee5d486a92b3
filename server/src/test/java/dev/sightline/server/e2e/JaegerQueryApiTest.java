package dev.sightline.server.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.google.protobuf.ByteString;
import dev.sightline.server.support.ApiClient;
import dev.sightline.server.support.OtlpPayloads;
import dev.sightline.server.support.ServerPorts;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Jaeger-compatible API over a trace that crosses services, sent over OTLP: a checkout service whose server
 * span calls payments (a CLIENT span answered by payments' SERVER span, which fails) and queries PostgreSQL (a
 * CLIENT span with {@code db.system} and no server span behind it). Read back as Jaeger UI and Grafana read it:
 * the trace, the search, the operations and the dependency graph, and the 400s of bad parameters.
 */
@QuarkusTest
class JaegerQueryApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Service names unique to this run: the test data directory outlives a run, and searches go by service. */
    private static final String RUN = HexFormat.of().formatHex(OtlpPayloads.randomBytes(4));
    private static final String CHECKOUT = "jaeger-checkout-" + RUN;
    private static final String PAYMENTS = "jaeger-payments-" + RUN;
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    /** The checkout trace, sent once for the class. */
    private static CheckoutTrace checkout;

    private final ApiClient api = new ApiClient(ServerPorts.api());

    private record CheckoutTrace(String traceId, String rootId, String dbId, String clientId, String serverId,
                                 long startNanos) {
    }

    @BeforeEach
    void sendTheCheckoutTraceOnce() {
        if (checkout == null) {
            checkout = sendCheckout(OtlpPayloads.randomBytes(16));
        }
    }

    // ------------------------------------------------------------------------------------------------ sending

    private static KeyValue kv(String key, AnyValue.Builder value) {
        return KeyValue.newBuilder().setKey(key).setValue(value).build();
    }

    private static KeyValue str(String key, String value) {
        return kv(key, AnyValue.newBuilder().setStringValue(value));
    }

    private static Span.Builder span(byte[] traceId, byte[] spanId, byte[] parentId, String name,
                                     Span.SpanKind kind, long start, long end) {
        Span.Builder b = Span.newBuilder().setTraceId(ByteString.copyFrom(traceId))
                .setSpanId(ByteString.copyFrom(spanId)).setName(name).setKind(kind)
                .setStartTimeUnixNano(start).setEndTimeUnixNano(end);
        if (parentId != null) {
            b.setParentSpanId(ByteString.copyFrom(parentId));
        }
        return b;
    }

    private static ResourceSpans service(String name, Span... spans) {
        return ResourceSpans.newBuilder()
                .setResource(Resource.newBuilder().addAttributes(str("service.name", name))
                        .addAttributes(str("deployment.environment", "test")))
                .addScopeSpans(ScopeSpans.newBuilder()
                        .setScope(InstrumentationScope.newBuilder().setName("io.opentelemetry.test").setVersion("2.1"))
                        .addAllSpans(List.of(spans)))
                .build();
    }

    private static void send(ResourceSpans... resourceSpans) {
        ExportTraceServiceRequest request = ExportTraceServiceRequest.newBuilder()
                .addAllResourceSpans(List.of(resourceSpans)).build();
        RestAssured.given().port(ServerPorts.otlpHttp()).contentType("application/x-protobuf")
                .body(request.toByteArray()).post("/v1/traces").then().statusCode(200);
    }

    /** A minute ago (so the default windows of search and dependencies hold it), with sub-µs nanoseconds. */
    private static long aMinuteAgoNanos() {
        return (System.currentTimeMillis() - 60_000L) * 1_000_000L + 123_456L;
    }

    private CheckoutTrace sendCheckout(byte[] traceId) {
        byte[] root = OtlpPayloads.randomBytes(8);
        byte[] db = OtlpPayloads.randomBytes(8);
        byte[] client = OtlpPayloads.randomBytes(8);
        byte[] server = OtlpPayloads.randomBytes(8);
        long t = aMinuteAgoNanos();
        Span rootSpan = span(traceId, root, null, "GET /checkout", Span.SpanKind.SPAN_KIND_SERVER, t, t + 300_000_789L)
                .addAttributes(str("http.route", "/checkout")).build();
        Span dbSpan = span(traceId, db, root, "SELECT orders", Span.SpanKind.SPAN_KIND_CLIENT,
                t + 10_000_999L, t + 30_000_999L)
                .addAttributes(str("db.system", "postgresql"))
                .addAttributes(kv("db.response.returned_rows", AnyValue.newBuilder().setIntValue(3))).build();
        Span clientSpan = span(traceId, client, root, "POST /pay", Span.SpanKind.SPAN_KIND_CLIENT,
                t + 40_000_000L, t + 240_000_000L)
                .addAttributes(str("http.request.method", "POST")).build();
        Span serverSpan = span(traceId, server, client, "POST /pay", Span.SpanKind.SPAN_KIND_SERVER,
                t + 50_000_000L, t + 200_000_000L)
                .addAttributes(kv("http.response.status_code", AnyValue.newBuilder().setIntValue(502)))
                .addAttributes(kv("retry.enabled", AnyValue.newBuilder().setBoolValue(true)))
                .addAttributes(kv("payment.amount", AnyValue.newBuilder().setDoubleValue(12.5)))
                .addEvents(Span.Event.newBuilder().setName("card declined").setTimeUnixNano(t + 100_000_000L)
                        .addAttributes(str("card.brand", "visa")))
                .setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR)
                        .setMessage("gateway timeout"))
                .build();
        send(service(CHECKOUT, rootSpan, dbSpan, clientSpan), service(PAYMENTS, serverSpan));
        HexFormat hex = HexFormat.of();
        String id = hex.formatHex(traceId);
        api.trace(id, 4);
        return new CheckoutTrace(id, hex.formatHex(root), hex.formatHex(db), hex.formatHex(client),
                hex.formatHex(server), t);
    }

    // ------------------------------------------------------------------------------------------------ reading

    private static JsonNode tree(Response r) {
        try {
            return JSON.readTree(r.asString());
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + r.asString(), e);
        }
    }

    private static Response get(String path, Map<String, ?> params) {
        return RestAssured.given().port(ServerPorts.api()).queryParams(params).get(path);
    }

    private static JsonNode ok(String path, Map<String, ?> params) {
        Response r = get(path, params);
        assertThat(r.statusCode()).as(path + " " + params + ": " + r.asString()).isEqualTo(200);
        assertThat(r.contentType()).startsWith("application/json");
        return tree(r);
    }

    /** Polls until the answer satisfies {@code done}: rollups are computed as records are indexed, just after. */
    private static JsonNode await(String path, Map<String, ?> params, Predicate<JsonNode> done, Runnable eachPoll,
                                  Duration timeout) {
        JsonNode[] last = new JsonNode[1];
        try {
            Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(200)).until(() -> {
                eachPoll.run();
                last[0] = ok(path, params);
                return done.test(last[0]);
            });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(path + " " + params + " did not answer as expected within " + timeout
                    + "; last answer: " + last[0], e);
        }
        return last[0];
    }

    private static JsonNode await(String path, Map<String, ?> params, Predicate<JsonNode> done) {
        return await(path, params, done, () -> { }, TIMEOUT);
    }

    private static JsonNode spanById(JsonNode trace, String spanId) {
        for (JsonNode s : trace.get("spans")) {
            if (s.get("spanID").asText().equals(spanId)) {
                return s;
            }
        }
        throw new AssertionError("no span " + spanId + " in " + trace);
    }

    private static JsonNode tag(JsonNode tags, String key) {
        for (JsonNode t : tags) {
            if (t.get("key").asText().equals(key)) {
                return t;
            }
        }
        return null;
    }

    private static Map<String, Object> tagOf(String key, String type, Object value) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("key", key);
        m.put("type", type);
        m.put("value", value);
        return m;
    }

    private static JsonNode node(Object value) {
        return JSON.valueToTree(value);
    }

    private static List<String> traceIds(JsonNode envelope) {
        List<String> ids = new ArrayList<>();
        envelope.get("data").forEach(t -> ids.add(t.get("traceID").asText()));
        return ids;
    }

    private static long micros(long nanos) {
        return nanos / 1_000L;
    }

    // ------------------------------------------------------------------------------------------------ trace

    @Test
    void traceAcrossServicesHasJaegersShapeFieldByField() {
        JsonNode body = ok("/jaeger/api/traces/" + checkout.traceId(), Map.of());
        assertThat(body.get("total").asInt()).isZero();
        assertThat(body.get("errors").isNull()).isTrue();
        JsonNode trace = body.get("data").get(0);
        assertThat(trace.get("traceID").asText()).isEqualTo(checkout.traceId());
        assertThat(trace.get("spans")).hasSize(4);
        assertThat(trace.get("warnings").isNull()).isTrue();
        long t = checkout.startNanos();

        JsonNode root = spanById(trace, checkout.rootId());
        assertThat(root.get("operationName").asText()).isEqualTo("GET /checkout");
        assertThat(root.get("startTime").asLong()).isEqualTo(micros(t));
        assertThat(root.get("duration").asLong()).isEqualTo(300_000L);
        assertThat(root.get("references")).isEmpty();
        assertThat(root.get("processID").asText()).isEqualTo("p1");
        assertThat(root.get("warnings").isNull()).isTrue();
        assertThat(root.get("logs")).isEmpty();
        assertThat(root.get("tags")).isEqualTo(node(List.of(
                tagOf("otel.scope.name", "string", "io.opentelemetry.test"),
                tagOf("otel.scope.version", "string", "2.1"),
                tagOf("http.route", "string", "/checkout"),
                tagOf("span.kind", "string", "server"))));

        JsonNode db = spanById(trace, checkout.dbId());
        assertThat(db.get("startTime").asLong()).isEqualTo(micros(t + 10_000_999L));
        assertThat(db.get("duration").asLong()).isEqualTo(20_000L);
        assertThat(db.get("references")).isEqualTo(node(List.of(Map.of("refType", "CHILD_OF",
                "traceID", checkout.traceId(), "spanID", checkout.rootId()))));
        assertThat(tag(db.get("tags"), "db.system")).isEqualTo(node(tagOf("db.system", "string", "postgresql")));
        assertThat(tag(db.get("tags"), "db.response.returned_rows"))
                .isEqualTo(node(tagOf("db.response.returned_rows", "int64", 3)));
        assertThat(tag(db.get("tags"), "span.kind").get("value").asText()).isEqualTo("client");
        assertThat(db.get("processID").asText()).isEqualTo("p1");

        JsonNode server = spanById(trace, checkout.serverId());
        assertThat(server.get("references")).isEqualTo(node(List.of(Map.of("refType", "CHILD_OF",
                "traceID", checkout.traceId(), "spanID", checkout.clientId()))));
        assertThat(server.get("startTime").asLong()).isEqualTo(micros(t + 50_000_000L));
        assertThat(server.get("duration").asLong()).isEqualTo(150_000L);
        assertThat(server.get("processID").asText()).isEqualTo("p2");
        // Attributes sorted by key after the scope, then what Jaeger derives from kind and status.
        assertThat(server.get("tags")).isEqualTo(node(List.of(
                tagOf("otel.scope.name", "string", "io.opentelemetry.test"),
                tagOf("otel.scope.version", "string", "2.1"),
                tagOf("http.response.status_code", "int64", 502),
                tagOf("payment.amount", "float64", 12.5),
                tagOf("retry.enabled", "bool", true),
                tagOf("span.kind", "string", "server"),
                tagOf("otel.status_code", "string", "ERROR"),
                tagOf("error", "bool", true),
                tagOf("otel.status_description", "string", "gateway timeout"))));
        assertThat(server.get("logs")).isEqualTo(node(List.of(Map.of(
                "timestamp", micros(t + 100_000_000L),
                "fields", List.of(tagOf("event", "string", "card declined"),
                        tagOf("card.brand", "string", "visa"))))));

        for (String okSpan : List.of(checkout.rootId(), checkout.dbId(), checkout.clientId())) {
            assertThat(tag(spanById(trace, okSpan).get("tags"), "error")).as(okSpan).isNull();
        }
        assertThat(trace.get("processes")).isEqualTo(node(Map.of(
                "p1", Map.of("serviceName", CHECKOUT,
                        "tags", List.of(tagOf("deployment.environment", "string", "test"))),
                "p2", Map.of("serviceName", PAYMENTS,
                        "tags", List.of(tagOf("deployment.environment", "string", "test"))))));
    }

    // ------------------------------------------------------------------------------------------------ search

    @Test
    void searchFindsTheTraceByServiceOperationTagsAndDuration() {
        String id = checkout.traceId();
        assertThat(traceIds(ok("/jaeger/api/traces", Map.of("service", PAYMENTS)))).containsExactly(id);
        JsonNode found = ok("/jaeger/api/traces", Map.of("service", CHECKOUT, "operation", "SELECT orders"));
        assertThat(traceIds(found)).containsExactly(id);
        // Search answers whole traces, as Jaeger does, in its envelope.
        assertThat(found.get("data").get(0).get("spans")).hasSize(4);
        assertThat(found.get("errors").isNull()).isTrue();
        assertThat(traceIds(ok("/jaeger/api/traces", Map.of("service", CHECKOUT, "operation", "no such")))).isEmpty();

        assertThat(traceIds(ok("/jaeger/api/traces", Map.of("service", PAYMENTS,
                "tags", "{\"http.response.status_code\":\"502\",\"retry.enabled\":\"true\"}")))).containsExactly(id);
        assertThat(traceIds(ok("/jaeger/api/traces", Map.of("service", PAYMENTS,
                "tags", "{\"http.response.status_code\":\"200\"}")))).isEmpty();
        assertThat(traceIds(ok("/jaeger/api/traces", Map.of("service", PAYMENTS, "tags", "{\"error\":\"true\"}"))))
                .containsExactly(id);
        assertThat(traceIds(ok("/jaeger/api/traces", Map.of("service", CHECKOUT, "tags", "{\"error\":\"true\"}"))))
                .isEmpty();
        assertThat(traceIds(ok("/jaeger/api/traces", Map.of("service", CHECKOUT, "tag", "db.system:postgresql"))))
                .containsExactly(id);

        // The payments span lasts 150 ms.
        assertThat(traceIds(ok("/jaeger/api/traces", Map.of("service", PAYMENTS, "minDuration", "100ms"))))
                .containsExactly(id);
        assertThat(traceIds(ok("/jaeger/api/traces", Map.of("service", PAYMENTS, "minDuration", "1.2s")))).isEmpty();
        assertThat(traceIds(ok("/jaeger/api/traces", Map.of("service", PAYMENTS, "maxDuration", "100ms")))).isEmpty();
    }

    @Test
    void searchKeepsToTheStartEndWindowInMicroseconds() {
        long startMicros = micros(checkout.startNanos());
        String id = checkout.traceId();
        assertThat(traceIds(ok("/jaeger/api/traces", Map.of("service", CHECKOUT,
                "start", startMicros - 1_000_000, "end", startMicros + 1_000_000, "lookback", "custom"))))
                .containsExactly(id);
        // end is inclusive: a window ending at the root's start microsecond still holds it.
        assertThat(traceIds(ok("/jaeger/api/traces", Map.of("service", CHECKOUT, "operation", "GET /checkout",
                "start", startMicros - 1_000_000, "end", startMicros)))).containsExactly(id);
        assertThat(traceIds(ok("/jaeger/api/traces", Map.of("service", CHECKOUT,
                "start", startMicros - 600_000_000L, "end", startMicros - 300_000_000L)))).isEmpty();
        assertThat(traceIds(ok("/jaeger/api/traces", Map.of("service", CHECKOUT,
                "start", startMicros + 1_000_000, "end", startMicros + 2_000_000)))).isEmpty();
        // Without start, lookback before now: the trace started a minute ago.
        assertThat(traceIds(ok("/jaeger/api/traces", Map.of("service", CHECKOUT, "lookback", "5m"))))
                .containsExactly(id);
        assertThat(traceIds(ok("/jaeger/api/traces", Map.of("service", CHECKOUT, "lookback", "10s")))).isEmpty();
    }

    @Test
    void searchReturnsAtMostLimitTraces() {
        String service = "jaeger-limit-" + RUN;
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            byte[] traceId = OtlpPayloads.randomBytes(16);
            long t = aMinuteAgoNanos() + i * 1_000_000L;
            send(service(service, span(traceId, OtlpPayloads.randomBytes(8), null, "tick",
                    Span.SpanKind.SPAN_KIND_SERVER, t, t + 1_000_000L).build()));
            sent.add(HexFormat.of().formatHex(traceId));
            api.trace(sent.get(i), 1);
        }
        assertThat(traceIds(ok("/jaeger/api/traces", Map.of("service", service)))).hasSameElementsAs(sent);
        assertThat(traceIds(ok("/jaeger/api/traces", Map.of("service", service, "limit", 2))))
                .hasSize(2).isSubsetOf(sent);
    }

    @Test
    void searchByTraceIdsAnswersThoseAndListsTheMissing() {
        String missing = OtlpPayloads.randomTraceIdHex();
        Response r = RestAssured.given().port(ServerPorts.api())
                .queryParam("traceID", checkout.traceId(), missing).get("/jaeger/api/traces");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode body = tree(r);
        assertThat(traceIds(body)).containsExactly(checkout.traceId());
        assertThat(body.get("errors")).isEqualTo(node(List.of(Map.of("msg", "trace not found",
                "traceID", missing))));
    }

    // ------------------------------------------------------------------------------------------------ operations

    @Test
    void operationsAreListedPerServiceAndByKind() {
        JsonNode names = await("/jaeger/api/services/" + CHECKOUT + "/operations", Map.of(),
                b -> b.get("data").size() == 3);
        assertThat(names.get("data")).isEqualTo(node(List.of("GET /checkout", "POST /pay", "SELECT orders")));
        assertThat(names.get("total").asInt()).isEqualTo(3);

        JsonNode servers = ok("/jaeger/api/operations", Map.of("service", CHECKOUT, "spanKind", "server"));
        assertThat(servers.get("data")).isEqualTo(node(List.of(Map.of("name", "GET /checkout", "spanKind", "server"))));
        assertThat(servers.get("total").asInt()).isEqualTo(1);
        JsonNode clients = ok("/jaeger/api/operations", Map.of("service", CHECKOUT, "spanKind", "client"));
        assertThat(clients.get("data")).containsExactlyInAnyOrder(
                node(Map.of("name", "POST /pay", "spanKind", "client")),
                node(Map.of("name", "SELECT orders", "spanKind", "client")));
        assertThat(ok("/jaeger/api/operations", Map.of("service", CHECKOUT)).get("data")).hasSize(3);
        assertThat(ok("/jaeger/api/operations", Map.of("service", PAYMENTS)).get("data"))
                .isEqualTo(node(List.of(Map.of("name", "POST /pay", "spanKind", "server"))));
    }

    // ------------------------------------------------------------------------------------------------ dependencies

    private static boolean hasEdge(JsonNode body, String parent, String child) {
        for (JsonNode d : body.get("data")) {
            if (d.get("parent").asText().equals(parent) && d.get("child").asText().equals(child)) {
                return true;
            }
        }
        return false;
    }

    private static long calls(JsonNode body, String parent, String child) {
        for (JsonNode d : body.get("data")) {
            if (d.get("parent").asText().equals(parent) && d.get("child").asText().equals(child)) {
                return d.get("callCount").asLong();
            }
        }
        return 0;
    }

    /**
     * The store pairs a client span with its server span as they arrive, but a client with no server behind it
     * (the database call) becomes a call to a virtual node only once it has waited the store's edge wait (10 s
     * of ingest time) and a later batch arrives: each poll sends a small unrelated span to move ingest time on.
     */
    @Test
    void dependenciesHoldTheServiceCallAndTheVirtualDatabase() {
        Map<String, Object> window = Map.of("endTs", System.currentTimeMillis() + 60_000L, "lookback", 3_600_000L);
        JsonNode deps = await("/jaeger/api/dependencies", window,
                b -> hasEdge(b, CHECKOUT, PAYMENTS) && hasEdge(b, CHECKOUT, "postgresql"),
                () -> send(service("jaeger-nudge", span(OtlpPayloads.randomBytes(16), OtlpPayloads.randomBytes(8),
                        null, "nudge", Span.SpanKind.SPAN_KIND_INTERNAL, aMinuteAgoNanos(),
                        aMinuteAgoNanos() + 1_000L).build())),
                Duration.ofSeconds(45));
        assertThat(calls(deps, CHECKOUT, PAYMENTS)).isEqualTo(1);
        assertThat(calls(deps, CHECKOUT, "postgresql")).isEqualTo(1);
        assertThat(deps.get("total").asInt()).isZero();
        assertThat(deps.get("data").get(0).size()).isEqualTo(3);

        JsonNode onlyPayments = ok("/jaeger/api/dependencies", Map.of("endTs", window.get("endTs"),
                "lookback", 3_600_000L, "service", PAYMENTS));
        assertThat(onlyPayments.get("data")).isEqualTo(node(List.of(Map.of("parent", CHECKOUT, "child", PAYMENTS,
                "callCount", 1))));
        // A window that ends before the trace started holds neither.
        JsonNode before = ok("/jaeger/api/dependencies", Map.of(
                "endTs", checkout.startNanos() / 1_000_000L - 120_000L, "lookback", 60_000L));
        assertThat(hasEdge(before, CHECKOUT, PAYMENTS)).isFalse();
    }

    // ------------------------------------------------------------------------------------------------ errors

    private static void assertBadParameter(String path, Map<String, ?> params, String parameter) {
        Response r = get(path, params);
        assertThat(r.statusCode()).as(path + " " + params + ": " + r.asString()).isEqualTo(400);
        assertThat(r.contentType()).startsWith("application/json");
        JsonNode body = tree(r);
        assertThat(body.get("data").isNull()).as(r.asString()).isTrue();
        assertThat(body.get("total").asInt()).isZero();
        assertThat(body.get("limit").asInt()).isZero();
        assertThat(body.get("offset").asInt()).isZero();
        assertThat(body.get("errors")).hasSize(1);
        assertThat(body.get("errors").get(0).get("code").asInt()).isEqualTo(400);
        assertThat(body.get("errors").get(0).get("msg").asText()).as(r.asString())
                .startsWith("parameter '" + parameter + "'");
    }

    @Test
    void serviceIsRequiredForSearchAsInJaeger() {
        Response r = get("/jaeger/api/traces", Map.of());
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(tree(r)).isEqualTo(node(Map.of("data", NullNode.instance, "total", 0, "limit", 0, "offset", 0,
                "errors", List.of(Map.of("code", 400, "msg", "parameter 'service' is required")))));
    }

    @Test
    void badParametersAre400InJaegersEnvelopeNamingTheParameter() {
        String traces = "/jaeger/api/traces";
        assertBadParameter(traces, Map.of("service", CHECKOUT, "start", "yesterday"), "start");
        assertBadParameter(traces, Map.of("service", CHECKOUT, "end", "1.5"), "end");
        assertBadParameter(traces, Map.of("service", CHECKOUT, "lookback", "a while"), "lookback");
        assertBadParameter(traces, Map.of("service", CHECKOUT, "minDuration", "fast"), "minDuration");
        assertBadParameter(traces, Map.of("service", CHECKOUT, "maxDuration", "1s", "minDuration", "2s"),
                "maxDuration");
        assertBadParameter(traces, Map.of("service", CHECKOUT, "tags", "{oops"), "tags");
        assertBadParameter(traces, Map.of("service", CHECKOUT, "tag", "no-colon"), "tag");
        assertBadParameter(traces, Map.of("service", CHECKOUT, "limit", "-1"), "limit");
        assertBadParameter(traces, Map.of("traceID", "xyz"), "traceID");
        assertBadParameter("/jaeger/api/operations", Map.of(), "service");
        assertBadParameter("/jaeger/api/operations", Map.of("service", CHECKOUT, "spanKind", "sideways"),
                "spanKind");
        assertBadParameter("/jaeger/api/dependencies", Map.of("endTs", "noon"), "endTs");
        assertBadParameter("/jaeger/api/dependencies", Map.of("lookback", "soon"), "lookback");
    }
}
