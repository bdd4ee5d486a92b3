package dev.sightline.server.ui.service;

import dev.sightline.server.support.Telemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.logs.Logger;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.awaitility.Awaitility.await;

/**
 * A shop as the OpenTelemetry SDK reports it, for the service and graph page tests: a frontend calls a backend
 * (CLIENT span → SERVER span of the same trace), which queries PostgreSQL (a CLIENT span naming the database, with
 * nothing behind it: an uninstrumented peer). A quarter of the orders fail, each with an ERROR log in its trace.
 * Hostile strings ride along as a service name (a second caller), a span name (the operation it calls), a peer
 * name and log bodies. Names carry a run ID so reruns against the same store never mix.
 */
public final class CallChain {
    public static final String SCRIPT = "<script>window.__pwned=1</script>";
    public static final String IMG = "\"><img src=x onerror=\"window.__pwned=1\">";
    public static final String JS_LINK = "javascript:window.__pwned=1";
    public static final int ORDERS = 20;
    public static final int FAILED = 5;
    public static final int HOSTILE_CALLS = 4;

    public final String run = UUID.randomUUID().toString().substring(0, 8);
    public final String frontend;
    public final String backend;
    /** The peer name the store gives the database: db.system.name/db.namespace. */
    public final String database;
    public final String hostileCaller;
    public final String hostileOperation = IMG;
    public final String hostilePeer;
    /** Trace IDs of the failed orders, whose ERROR logs link to them. */
    public final List<String> failedTraces = new java.util.ArrayList<>();

    public CallChain(String prefix) {
        frontend = prefix + "-" + run + "-frontend";
        backend = prefix + "-" + run + "-backend";
        database = "postgresql/orders-" + run;
        hostileCaller = SCRIPT + "-" + run;
        hostilePeer = JS_LINK + "-" + run;
    }

    /** Sends the traffic two minutes in the past, one order a second, and flushes it. */
    public void send(Telemetry apps) {
        Tracer web = apps.tracer(frontend);
        Tracer api = apps.tracer(backend);
        Tracer evil = apps.tracer(hostileCaller);
        Logger log = apps.logger(backend);
        Instant t0 = Instant.now().minusSeconds(120);
        for (int i = 0; i < ORDERS; i++) {
            Instant start = t0.plusSeconds(i);
            boolean fails = i % 4 == 0;
            Span page = web.spanBuilder("GET /checkout").setSpanKind(SpanKind.SERVER).setStartTimestamp(start)
                    .startSpan();
            Span call = web.spanBuilder("POST /orders").setSpanKind(SpanKind.CLIENT)
                    .setParent(Context.root().with(page)).setStartTimestamp(start.plusMillis(5)).startSpan();
            Span order = api.spanBuilder("POST /orders").setSpanKind(SpanKind.SERVER)
                    .setParent(Context.root().with(call)).setStartTimestamp(start.plusMillis(10)).startSpan();
            Span query = api.spanBuilder("SELECT orders").setSpanKind(SpanKind.CLIENT)
                    .setParent(Context.root().with(order))
                    .setAttribute(AttributeKey.stringKey("db.system.name"), "postgresql")
                    .setAttribute(AttributeKey.stringKey("db.system"), "postgresql")
                    .setAttribute(AttributeKey.stringKey("db.namespace"), "orders-" + run)
                    .setAttribute(AttributeKey.stringKey("server.address"), "db.internal")
                    .setStartTimestamp(start.plusMillis(20)).startSpan();
            if (fails) {
                query.setStatus(StatusCode.ERROR, "deadlock detected");
                order.setStatus(StatusCode.ERROR, "order failed");
                call.setStatus(StatusCode.ERROR, "502");
                log.logRecordBuilder().setSeverity(Severity.ERROR).setSeverityText("ERROR")
                        .setTimestamp(start.plusMillis(70)).setContext(Context.root().with(order))
                        .setBody("order " + i + " failed: " + SCRIPT + IMG).emit();
                failedTraces.add(order.getSpanContext().getTraceId());
            } else {
                log.logRecordBuilder().setSeverity(Severity.INFO).setSeverityText("INFO")
                        .setTimestamp(start.plusMillis(70)).setContext(Context.root().with(order))
                        .setBody("order " + i + " placed").emit();
            }
            query.end(start.plusMillis(20 + 30 + i));
            order.end(start.plusMillis(85 + i));
            call.end(start.plusMillis(90 + i));
            page.end(start.plusMillis(100 + i));
        }
        log.logRecordBuilder().setSeverity(Severity.FATAL).setSeverityText("FATAL")
                .setTimestamp(t0.plusSeconds(30)).setBody("pool exhausted " + JS_LINK).emit();
        for (int i = 0; i < HOSTILE_CALLS; i++) {
            Instant start = t0.plusSeconds(i).plusMillis(500);
            Span call = evil.spanBuilder("GET " + IMG).setSpanKind(SpanKind.CLIENT).setStartTimestamp(start)
                    .startSpan();
            Span served = api.spanBuilder(hostileOperation).setSpanKind(SpanKind.SERVER)
                    .setParent(Context.root().with(call)).setStartTimestamp(start.plusMillis(1)).startSpan();
            Span peer = api.spanBuilder("call " + SCRIPT).setSpanKind(SpanKind.CLIENT)
                    .setParent(Context.root().with(served))
                    .setAttribute(AttributeKey.stringKey("peer.service"), hostilePeer)
                    .setStartTimestamp(start.plusMillis(2)).startSpan();
            peer.end(start.plusMillis(5));
            served.end(start.plusMillis(8));
            call.end(start.plusMillis(9));
        }
        apps.flush();
    }

    /**
     * Waits until the store shows all of it. A client span with no server behind it (the database, the hostile
     * peer) becomes an edge to a virtual node only after the store's edge wait (10 s of ingest time) and a later
     * record: each poll sends a small unrelated span to move ingest time on.
     */
    public void awaitIndexed(Telemetry apps, int apiPort) {
        Tracer nudge = apps.tracer("ui-nudge-" + run);
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            nudge.spanBuilder("nudge").setSpanKind(SpanKind.INTERNAL).startSpan().end();
            apps.flush();
            JsonPath g = get(apiPort, "/api/service-graph", Map.of());
            return hasEdge(g, frontend, backend) && hasEdge(g, backend, database) && hasEdge(g, backend, hostilePeer)
                    && hasEdge(g, hostileCaller, backend);
        });
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).until(() ->
                get(apiPort, "/api/logs", Map.of("service", backend, "minSeverity", "ERROR"))
                        .getList("logs").size() == FAILED + 1
                        && get(apiPort, "/api/signals/" + backend, Map.of()).getLong("total.requests")
                        == ORDERS + HOSTILE_CALLS);
    }

    private static boolean hasEdge(JsonPath graph, String caller, String callee) {
        List<Map<String, Object>> edges = graph.getList("edges");
        return edges.stream().anyMatch(e -> caller.equals(e.get("caller")) && callee.equals(e.get("callee")));
    }

    private static JsonPath get(int port, String path, Map<String, ?> params) {
        return RestAssured.given().port(port).urlEncodingEnabled(true).queryParams(params).get(path).then()
                .statusCode(200).extract().jsonPath();
    }
}
