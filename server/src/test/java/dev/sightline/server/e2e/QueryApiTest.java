package dev.sightline.server.e2e;

import dev.sightline.server.support.ApiClient;
import dev.sightline.server.support.ServerPorts;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.logs.Logger;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.exporter.otlp.logs.OtlpGrpcLogRecordExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.export.SimpleLogRecordProcessor;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One user action across three services, sent by the real OpenTelemetry Java SDK over OTLP/gRPC: a web frontend
 * calls a payments service, which queries PostgreSQL (a peer that sends nothing). Each service logs; one log line
 * carries only the request ID. Then trace search, trace by ID with its logs, log search, the correlation lookup,
 * the service graph and the golden signals must all tell the same story.
 */
@QuarkusTest
class QueryApiTest {
    private final ApiClient api = new ApiClient(ServerPorts.api());
    private final List<SdkTracerProvider> tracers = new ArrayList<>();
    private final List<SdkLoggerProvider> loggers = new ArrayList<>();
    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final String web = "web-" + run;
    private final String payments = "payments-" + run;
    private final String requestId = "req-" + UUID.randomUUID();

    @AfterEach
    void shutdown() {
        tracers.forEach(t -> t.shutdown().join(10, TimeUnit.SECONDS));
        loggers.forEach(l -> l.shutdown().join(10, TimeUnit.SECONDS));
    }

    private io.opentelemetry.api.trace.Tracer tracer(String service) {
        SdkTracerProvider p = SdkTracerProvider.builder()
                .setResource(Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), service)))
                .addSpanProcessor(SimpleSpanProcessor.create(OtlpGrpcSpanExporter.builder()
                        .setEndpoint("http://127.0.0.1:" + ServerPorts.grpc()).build()))
                .build();
        tracers.add(p);
        return p.get("query-api-test");
    }

    private Logger logger(String service) {
        SdkLoggerProvider p = SdkLoggerProvider.builder()
                .setResource(Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), service)))
                .addLogRecordProcessor(SimpleLogRecordProcessor.create(OtlpGrpcLogRecordExporter.builder()
                        .setEndpoint("http://127.0.0.1:" + ServerPorts.grpc()).build()))
                .build();
        loggers.add(p);
        return p.get("query-api-test");
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** Sends the action; returns its trace ID. */
    private String sendAction() {
        var webTracer = tracer(web);
        var payTracer = tracer(payments);
        Logger webLog = logger(web);
        Logger payLog = logger(payments);
        Instant t0 = Instant.now().minusSeconds(30);

        // before any span: the frontend logs the request ID only
        webLog.logRecordBuilder().setTimestamp(t0).setSeverity(Severity.INFO).setBody("cart loaded")
                .setAttribute(AttributeKey.stringKey("request_id"), requestId).setContext(Context.root()).emit();

        Span server = webTracer.spanBuilder("POST /checkout").setSpanKind(SpanKind.SERVER)
                .setStartTimestamp(t0.plusMillis(1))
                .setAttribute(AttributeKey.stringArrayKey("http.request.header.x-request-id"), List.of(requestId))
                .setAttribute("http.route", "/checkout").setAttribute("http.response.status_code", 502L)
                .startSpan();
        Context serverCtx = Context.root().with(server);
        Span client = webTracer.spanBuilder("POST /pay").setSpanKind(SpanKind.CLIENT).setParent(serverCtx)
                .setStartTimestamp(t0.plusMillis(5)).setAttribute("server.address", "payments").startSpan();
        Context clientCtx = serverCtx.with(client);
        Span pay = payTracer.spanBuilder("POST /pay").setSpanKind(SpanKind.SERVER).setParent(clientCtx)
                .setStartTimestamp(t0.plusMillis(10)).setAttribute("request_id", requestId).startSpan();
        Context payCtx = clientCtx.with(pay);
        Span db = payTracer.spanBuilder("INSERT payments").setSpanKind(SpanKind.CLIENT).setParent(payCtx)
                .setStartTimestamp(t0.plusMillis(20)).setAttribute("db.system", "postgresql").startSpan();
        db.setStatus(StatusCode.ERROR, "deadlock detected");
        db.end(t0.plusMillis(900));
        payLog.logRecordBuilder().setTimestamp(t0.plusMillis(901)).setSeverity(Severity.ERROR)
                .setBody("payment declined: deadlock detected").setContext(payCtx).emit();
        pay.setStatus(StatusCode.ERROR);
        pay.end(t0.plusMillis(950));
        client.end(t0.plusMillis(960));
        webLog.logRecordBuilder().setTimestamp(t0.plusMillis(961)).setSeverity(Severity.WARN)
                .setBody("checkout failed").setContext(serverCtx).emit();
        server.end(t0.plusMillis(970));
        tracers.forEach(t -> assertThat(t.forceFlush().join(10, TimeUnit.SECONDS).isSuccess()).isTrue());
        loggers.forEach(l -> assertThat(l.forceFlush().join(10, TimeUnit.SECONDS).isSuccess()).isTrue());
        return server.getSpanContext().getTraceId();
    }

    @Test
    void oneUserActionIsFoundFromEverySide() {
        String traceId = sendAction();

        // trace search: by the payments service, only failures, slower than 500 ms
        JsonPath search = api.await("/api/traces?service=" + payments + "&error=true&minDuration=500ms",
                r -> r.statusCode() == 200 && r.jsonPath().getList("traces").size() == 1
                        && r.jsonPath().getInt("traces[0].spanCount") == 4);
        assertThat(search.getString("traces[0].traceId")).isEqualTo(traceId);
        assertThat(search.getString("traces[0].rootServiceName")).isEqualTo(web);
        assertThat(search.getString("traces[0].rootName")).isEqualTo("POST /checkout");
        assertThat(search.getLong("traces[0].durationNanos")).isEqualTo(969_000_000L);
        assertThat(search.getInt("traces[0].errorCount")).as("db error, payments error, web 502").isEqualTo(3);
        assertThat(search.getList("traces[0].services", String.class)).containsExactlyInAnyOrder(web, payments);
        // an attribute filter that excludes it, and one that keeps it
        assertThat(api.getEncoded("/api/traces?service=" + web + "&filter=" + enc("http.route=/other")).jsonPath()
                .getList("traces")).isEmpty();
        assertThat(api.getEncoded("/api/traces?service=" + web + "&filter="
                + enc("http.route=~\"/check.*\" and http.response.status_code=502")).jsonPath()
                .getList("traces")).hasSize(1);

        // the trace's logs, in time order, from both services
        List<Map<String, Object>> logs = api.logsOfTrace(traceId, 2);
        assertThat(logs.stream().map(l -> String.valueOf(((Map<?, ?>) l.get("body")).get("stringValue"))).toList())
                .containsExactly("payment declined: deadlock detected", "checkout failed");

        // log search: errors of payments mentioning "declined"
        JsonPath errors = api.await("/api/logs?service=" + payments + "&minSeverity=ERROR&text=DECLINED",
                r -> r.statusCode() == 200 && r.jsonPath().getList("logs").size() == 1);
        assertThat(errors.getString("logs[0].traceId")).isEqualTo(traceId);

        // correlation: the request ID reaches the trace and all three log lines, oldest first
        JsonPath c = api.await("/api/correlations/" + requestId,
                r -> r.statusCode() == 200 && r.jsonPath().getList("logs").size() == 3);
        assertThat(c.getList("traces.traceId", String.class)).containsExactly(traceId);
        assertThat(c.getList("logs.body.stringValue", String.class))
                .containsExactly("cart loaded", "payment declined: deadlock detected", "checkout failed");
        assertThat(c.getBoolean("complete")).isTrue();

        // service graph: web → payments (both instrumented), payments → postgresql (virtual)
        JsonPath graph = api.await("/api/service-graph", r -> r.statusCode() == 200
                && r.jsonPath().getList("edges.findAll { it.caller == '" + payments + "' }").size() == 1
                && r.jsonPath().getList("edges.findAll { it.caller == '" + web + "' }").size() == 1);
        Map<String, Object> webEdge = graph.getMap("edges.find { it.caller == '" + web + "' }");
        assertThat(webEdge.get("callee")).isEqualTo(payments);
        assertThat(webEdge.get("virtualCallee")).isEqualTo(false);
        assertThat(((Number) webEdge.get("calls")).longValue()).isEqualTo(1);
        Map<String, Object> dbEdge = graph.getMap("edges.find { it.caller == '" + payments + "' }");
        assertThat(dbEdge.get("callee")).isEqualTo("postgresql");
        assertThat(dbEdge.get("virtualCallee")).isEqualTo(true);
        assertThat(((Number) dbEdge.get("errors")).longValue()).isEqualTo(1);
        assertThat(graph.getList("nodes.findAll { it.name == 'postgresql' }.virtual", Boolean.class))
                .containsExactly(true);

        // golden signals: payments served one request, failed
        JsonPath signals = api.await("/api/signals/" + payments,
                r -> r.statusCode() == 200 && r.jsonPath().getLong("total.requests") == 1);
        assertThat(signals.getLong("total.errors")).isEqualTo(1);
        assertThat(signals.getDouble("total.latencyFailed.p50Ms")).isCloseTo(940.0,
                org.assertj.core.data.Percentage.withPercentage(1));
        assertThat(signals.getString("total.latencyOk.p50Ms")).isNull();
        assertThat(signals.getBoolean("saturation.noData")).as("payments sends no metrics").isTrue();
        assertThat(signals.getList("operations.operation", String.class)).containsExactly("POST /pay");
    }

    @Test
    void badQueriesAreRefusedNamingTheParameter() {
        record Case(String path, String parameter) {
        }
        for (Case c : List.of(
                new Case("/api/traces?minDuration=fast", "minDuration"),
                new Case("/api/traces?minDuration=2s&maxDuration=1s", "maxDuration"),
                new Case("/api/traces?limit=0", "limit"),
                new Case("/api/traces?limit=100000", "limit"),
                new Case("/api/traces?error=maybe", "error"),
                new Case("/api/traces?cursor=nonsense", "cursor"),
                new Case("/api/traces?start=yesterday", "start"),
                new Case("/api/traces?start=2026-01-02T00:00:00Z&end=2026-01-01T00:00:00Z", "end"),
                new Case("/api/traces?filter=" + enc("a=(b"), "filter"),
                new Case("/api/traces?filter=" + enc("k=~\"[\""), "filter"),
                new Case("/api/logs?minSeverity=LOUD", "minSeverity"),
                new Case("/api/logs?traceId=xyz", "traceId"),
                new Case("/api/logs?spanId=00000000000000000", "spanId"),
                new Case("/api/signals?start=2020-01-01T00:00:00Z&end=2026-01-01T00:00:00Z", "start"),
                new Case("/api/signals/x/series?step=30s", "step"),
                new Case("/api/service-graph?end=soon", "end"))) {
            var r = api.getEncoded(c.path());
            assertThat(r.statusCode()).as(c.path()).isEqualTo(400);
            assertThat(r.jsonPath().getString("parameter")).as(c.path()).isEqualTo(c.parameter());
            assertThat(r.asString()).doesNotContain("Exception").doesNotContain("at dev.");
        }
    }
}
