package dev.sightline.server.ui.traces;

import dev.sightline.server.support.ApiClient;
import dev.sightline.server.support.ServerPorts;
import dev.sightline.server.support.Telemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.logs.Logger;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One user action through three services, as the OpenTelemetry SDK sends it: the frontend serves
 * {@code POST /checkout} and calls the checkout service, whose database query takes 300 ms of the 350 ms; both
 * services log errors with the trace context, and the request ID travels as the {@code X-Request-ID} header
 * attribute (a string array) on the frontend's span and as {@code request_id} on every log. Twenty fast requests
 * of the same operations are sent first, so the query has a usual p95 (about 2 ms) to be slow against. Waits until
 * the query API shows all of it.
 */
public final class CheckoutRequest {
    public static final String QUERY = "SELECT orders";
    static final AttributeKey<List<String>> REQUEST_HEADER = AttributeKey.stringArrayKey(
            "http.request.header.x-request-id");
    static final AttributeKey<String> REQUEST_ID = AttributeKey.stringKey("request_id");

    public final String run;
    public final String frontend;
    public final String checkout;
    public final String requestId;
    public final String traceId;
    /** Span IDs, in the order the waterfall shows them. */
    public final String frontendServer;
    public final String frontendClient;
    public final String checkoutServer;
    public final String dbQuery;
    /** Log bodies, oldest first, and the service of each. */
    public final List<String> logBodies;
    public final List<String> logServices;

    private CheckoutRequest(String run, String traceId, Span fs, Span fc, Span cs, Span db) {
        this.run = run;
        this.frontend = "ui-" + run + "-frontend";
        this.checkout = "ui-" + run + "-checkout";
        this.requestId = "req-" + run;
        this.traceId = traceId;
        this.frontendServer = fs.getSpanContext().getSpanId();
        this.frontendClient = fc.getSpanContext().getSpanId();
        this.checkoutServer = cs.getSpanContext().getSpanId();
        this.dbQuery = db.getSpanContext().getSpanId();
        this.logBodies = List.of("checkout started for cart " + run, "order query timed out after 300 ms",
                "checkout failed: upstream answered 500");
        this.logServices = List.of(frontend, checkout, frontend);
    }

    public static CheckoutRequest send() {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String frontend = "ui-" + run + "-frontend";
        String checkout = "ui-" + run + "-checkout";
        ApiClient api = new ApiClient(ServerPorts.api());
        CheckoutRequest request;
        try (Telemetry apps = new Telemetry(ServerPorts.grpc())) {
            Tracer web = apps.tracer(frontend);
            Tracer shop = apps.tracer(checkout);
            Logger webLog = apps.logger(frontend);
            Logger shopLog = apps.logger(checkout);
            Instant t0 = Instant.now().minusSeconds(90);
            for (int i = 0; i < 20; i++) {
                Span[] fast = call(web, shop, t0.minusSeconds(60 - i), "fast-" + run + "-" + i, 20, 2, false);
                fast[0].end(t0.minusSeconds(60 - i).plusMillis(20));
            }
            Span[] s = call(web, shop, t0, "req-" + run, 350, 300, true);
            request = new CheckoutRequest(run, s[0].getSpanContext().getTraceId(), s[0], s[1], s[2], s[3]);
            log(webLog, s[0], t0.plusMillis(1), Severity.INFO, request.logBodies.get(0), request.requestId);
            log(shopLog, s[3], t0.plusMillis(304), Severity.ERROR, request.logBodies.get(1), request.requestId);
            log(webLog, s[0], t0.plusMillis(345), Severity.ERROR, request.logBodies.get(2), request.requestId);
            s[0].end(t0.plusMillis(350));
        }
        api.trace(request.traceId, 4);
        api.logsOfTrace(request.traceId, 3);
        api.await("/api/correlations/" + request.requestId, r -> r.statusCode() == 200
                && r.jsonPath().getList("traces").size() == 1 && r.jsonPath().getList("logs").size() == 3);
        return request;
    }

    /**
     * frontend SERVER [0, total] → frontend CLIENT [1, total - 1] → checkout SERVER [2, total - 2] → database
     * CLIENT [3, 3 + query] (ms); ends all but the root, which the caller ends after logging under it.
     */
    private static Span[] call(Tracer web, Tracer shop, Instant t0, String requestId, long totalMs, long queryMs,
                               boolean fail) {
        Span server = web.spanBuilder("POST /checkout").setSpanKind(SpanKind.SERVER).setStartTimestamp(t0)
                .setAttribute(REQUEST_HEADER, List.of(requestId)).setAttribute("http.route", "/checkout")
                .setAttribute("http.response.status_code", fail ? 500L : 200L).startSpan();
        Span client = web.spanBuilder("POST /orders").setSpanKind(SpanKind.CLIENT)
                .setParent(Context.root().with(server)).setStartTimestamp(t0.plusMillis(1)).startSpan();
        Span orders = shop.spanBuilder("POST /orders").setSpanKind(SpanKind.SERVER)
                .setParent(Context.root().with(client)).setStartTimestamp(t0.plusMillis(2)).startSpan();
        Span db = shop.spanBuilder(QUERY).setSpanKind(SpanKind.CLIENT).setParent(Context.root().with(orders))
                .setStartTimestamp(t0.plusMillis(3)).setAttribute("db.system", "postgresql")
                .setAttribute("db.namespace", "orders")
                .setAttribute("db.query.text", "SELECT * FROM orders WHERE id = $1")
                .startSpan();
        db.end(t0.plusMillis(3 + queryMs));
        if (fail) {
            orders.setStatus(StatusCode.ERROR, "order query timed out");
        }
        orders.end(t0.plusMillis(totalMs - 2));
        client.end(t0.plusMillis(totalMs - 1));
        return new Span[] {server, client, orders, db};
    }

    private static void log(Logger logger, Span span, Instant at, Severity severity, String body, String requestId) {
        logger.logRecordBuilder().setContext(Context.root().with(span)).setTimestamp(at).setSeverity(severity)
                .setSeverityText(severity.name()).setBody(body).setAttribute(REQUEST_ID, requestId).emit();
    }
}
