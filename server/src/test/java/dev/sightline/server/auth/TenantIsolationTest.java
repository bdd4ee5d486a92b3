package dev.sightline.server.auth;

import dev.sightline.security.Scope;
import dev.sightline.server.support.ApiClient;
import dev.sightline.server.support.Routes;
import dev.sightline.server.support.ServerPorts;
import dev.sightline.server.support.Telemetry;
import dev.sightline.server.support.TestTokens;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.logs.Logger;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.sightline.server.auth.TwoTenants.ALPHA;
import static dev.sightline.server.auth.TwoTenants.BETA;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two tenants send the same kinds of data (traces, logs, metrics, an SLO, a rule that fires, a silence). Then
 * every GET route Sightline declares, API and UI (enumerated from the code, see {@link Routes}), is asked for
 * each tenant's things with the other tenant's read token: no answer may carry the other's data. The same
 * requests with the owner's token must show it on the routes that list or fetch it, so the matrix can fail.
 */
@QuarkusTest
@TestProfile(TwoTenants.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TenantIsolationTest {
    /** Routes that serve documentation shared by every tenant (runbooks) or no data at all. */
    private static final Set<String> SHARED = Set.of("/api/runbooks", "/api/runbooks/{name}", "/runbooks",
            "/runbooks/{name}", "/runbooks/{name}.md", "/login");
    /** Routes whose owner's answer must show the owner's data (the rest may legitimately be empty). */
    private static final Set<String> MUST_SHOW = Set.of("/api/services", "/api/traces/{traceId}",
            "/api/traces/{traceId}/logs", "/api/traces", "/api/logs", "/api/metrics", "/api/metrics/series",
            "/api/correlations/{id}", "/api/slos", "/api/slos/{name}", "/api/rules", "/api/alerts",
            "/api/silences", "/jaeger/api/services", "/jaeger/api/traces/{traceID}", "/services", "/traces/{traceId}",
            "/logs", "/slos", "/alerts", "/correlations/{id: .+}", "/api/service-graph", "/api/signals");

    /** One tenant's data and the identifiers to ask for it by. */
    record TenantData(String tenant, String service, String traceId, String requestId, String marker, String metric,
                      String slo, String rule, String silenceId, String fingerprint) {
        List<String> markers() {
            return List.of(service, traceId, requestId, marker, metric, slo, rule, silenceId, fingerprint);
        }
    }

    private final Map<String, TenantData> data = new LinkedHashMap<>();

    @BeforeAll
    void sendBothTenantsData() {
        new ApiClient(ServerPorts.api());
        for (String tenant : List.of(ALPHA, BETA)) {
            data.put(tenant, send(tenant));
        }
    }

    @Test
    void noRouteShowsOneTenantsDataToTheOther() {
        List<Routes.Route> routes = Routes.http().stream()
                .filter(r -> r.method().equals("GET") && !SHARED.contains(r.template())).toList();
        assertThat(routes).hasSizeGreaterThan(40);
        List<String> leaks = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        int shown = 0;
        for (TenantData owner : data.values()) {
            TenantData other = data.values().stream().filter(d -> d != owner).findFirst().orElseThrow();
            ApiClient ownerClient = client(owner.tenant());
            ApiClient otherClient = client(other.tenant());
            for (Routes.Route route : routes) {
                String url = url(route, owner);
                List<String> dataMarkers = owner.markers().stream().filter(m -> !url.contains(m)).toList();

                String seenByOther = body(otherClient, url);
                for (String m : dataMarkers) {
                    if (seenByOther.contains(m)) {
                        leaks.add(other.tenant() + " sees " + owner.tenant() + "'s '" + m + "' at " + url);
                    }
                }
                String seenByOwner = body(ownerClient, url);
                boolean showsOwn = dataMarkers.stream().anyMatch(seenByOwner::contains);
                if (showsOwn) {
                    shown++;
                } else if (MUST_SHOW.contains(route.template())) {
                    missing.add(owner.tenant() + " does not see its own data at " + url + ": "
                            + seenByOwner.substring(0, Math.min(300, seenByOwner.length())));
                }
            }
        }
        assertThat(leaks).as("cross-tenant leaks").isEmpty();
        assertThat(missing).as("routes that should show the owner's data").isEmpty();
        assertThat(shown).as("answers showing their owner's data, over both tenants").isGreaterThan(2 * MUST_SHOW.size());
    }

    @Test
    void writesOfOneTenantCannotReachTheOthers() {
        TenantData alpha = data.get(ALPHA);
        ApiClient betaAdmin = new ApiClient(ServerPorts.api()).withToken(TestTokens.configured(BETA, Scope.ADMIN));
        assertThat(betaAdmin.request().delete("/api/slos/" + alpha.slo()).statusCode()).isEqualTo(404);
        assertThat(betaAdmin.request().delete("/api/rules/" + alpha.rule()).statusCode()).isEqualTo(404);
        assertThat(betaAdmin.request().delete("/api/silences/" + alpha.silenceId()).statusCode()).isIn(404, 400);
        ApiClient alphaRead = client(ALPHA);
        assertThat(alphaRead.get("/api/slos/" + alpha.slo()).statusCode()).as("still there").isEqualTo(200);
        assertThat(alphaRead.get("/api/rules/" + alpha.rule()).statusCode()).isEqualTo(200);
        assertThat(alphaRead.get("/api/silences/" + alpha.silenceId()).jsonPath().getString("status.state"))
                .isEqualTo("active");
    }

    private static ApiClient client(String tenant) {
        return new ApiClient(ServerPorts.api()).withToken(TestTokens.configured(tenant, Scope.READ));
    }

    private static String body(ApiClient client, String url) {
        Response r = client.request().accept("text/html, application/json").urlEncodingEnabled(false).get(url);
        assertThat(r.statusCode()).as(url).isLessThan(500);
        return r.asString();
    }

    /** The route asked for the owner's things: placeholders by name, plus the query a user would send. */
    private static String url(Routes.Route route, TenantData d) {
        String t = route.template();
        String path = t.replaceAll("\\{fingerprint}", d.fingerprint())
                .replaceAll("\\{traceI[dD]}", d.traceId())
                .replaceAll("\\{service}", d.service());
        if (t.startsWith("/api/rules/")) {
            path = path.replace("{name}", d.rule());
        } else if (t.startsWith("/api/slos/") || t.startsWith("/slos/")) {
            path = path.replace("{name}", d.slo());
        } else if (t.startsWith("/api/silences/")) {
            path = path.replace("{id}", d.silenceId());
        }
        path = path.replaceAll("\\{name(: [^}]+)?}", d.service()).replaceAll("\\{id(: [^}]+)?}", d.requestId());
        String query = switch (t) {
            case "/api/metrics/series", "/api/metrics/query_range" -> "name=" + d.metric();
            case "/metrics" -> "metric=" + d.metric();
            case "/api/traces", "/traces", "/jaeger/api/traces", "/jaeger/api/operations" -> "service=" + d.service();
            case "/find" -> "id=" + d.traceId();
            default -> "";
        };
        return query.isEmpty() ? path : path + "?" + query;
    }

    private TenantData send(String tenant) {
        String service = tenant + "-checkout";
        String marker = tenant + "-data-marker";
        String requestId = tenant + "-req-1";
        String metric = tenant + "_orders_total";
        String ingest = TestTokens.configured(tenant, Scope.INGEST);
        String traceId;
        try (Telemetry apps = new Telemetry(ServerPorts.grpc(), ingest)) {
            Tracer tracer = apps.tracer(service);
            Logger logger = apps.logger(service);
            Span root = tracer.spanBuilder(tenant + "-op").setSpanKind(SpanKind.SERVER)
                    .setAttribute("request_id", requestId).setAttribute("marker", marker).startSpan();
            traceId = root.getSpanContext().getTraceId();
            try (var ignored = root.makeCurrent()) {
                Span db = tracer.spanBuilder(tenant + "-query").setSpanKind(SpanKind.CLIENT)
                        .setAttribute("db.system", "postgresql").startSpan();
                db.setStatus(StatusCode.ERROR, marker + " failed");
                db.end();
                logger.logRecordBuilder().setBody(marker + " log line")
                        .setAttribute(AttributeKey.stringKey("request_id"), requestId)
                        .setSeverity(io.opentelemetry.api.logs.Severity.ERROR).emit();
            }
            root.setStatus(StatusCode.ERROR);
            root.end();
            apps.flush();
        }
        long now = Instant.now().toEpochMilli() * 1_000_000L;
        String metrics = """
                {"resourceMetrics":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"%s"}}]},
                 "scopeMetrics":[{"metrics":[{"name":"%s","description":"%s counter","unit":"1",
                  "sum":{"aggregationTemporality":2,"isMonotonic":true,"dataPoints":[
                   {"asDouble":5,"startTimeUnixNano":"%d","timeUnixNano":"%d",
                    "attributes":[{"key":"marker","value":{"stringValue":"%s"}}]}]}}]}]}]}
                """.formatted(service, metric, marker, now - 60_000_000_000L, now, marker);
        assertThat(RestAssured.given().port(ServerPorts.otlpHttp()).header("Authorization", "Bearer " + ingest)
                .contentType("application/json").body(metrics).post("/v1/metrics").statusCode()).isEqualTo(200);

        ApiClient reader = client(tenant);
        reader.trace(traceId, 2);
        reader.logsOfTrace(traceId, 1);
        reader.series(metric, j -> !j.getList("series").isEmpty());

        ApiClient admin = new ApiClient(ServerPorts.api()).withToken(TestTokens.configured(tenant, Scope.ADMIN));
        String slo = tenant + "-availability";
        assertThat(admin.request().contentType("application/yaml").body("""
                name: %s
                service: %s
                sli: availability
                objective: 99%%
                min_events: 1
                """.formatted(slo, service).getBytes(StandardCharsets.UTF_8)).put("/api/slos/" + slo).statusCode())
                .isEqualTo(200);
        String rule = Character.toUpperCase(tenant.charAt(0)) + tenant.substring(1) + "CheckoutErrors";
        assertThat(admin.request().contentType("application/yaml").body("""
                alert: %s
                expr: error_ratio{service="%s"}[10m] > 1%%
                annotations:
                  summary: "%s"
                runbook: high-error-rate
                """.formatted(rule, service, marker).getBytes(StandardCharsets.UTF_8)).put("/api/rules/" + rule)
                .statusCode()).isEqualTo(200);
        Response silence = admin.request().contentType("application/json").body("""
                {"matchers":[{"name":"alertname","value":"%s-never"}],"endsAt":"2099-01-01T00:00:00Z",
                 "createdBy":"%s","comment":"%s silence"}""".formatted(tenant, tenant, marker)).post("/api/silences");
        assertThat(silence.statusCode()).isBetween(200, 201);
        String silenceId = silence.jsonPath().getString("silenceID") != null
                ? silence.jsonPath().getString("silenceID") : silence.jsonPath().getString("id");
        String fingerprint = reader.await("/api/alerts", r -> r.statusCode() == 200
                        && r.asString().contains(rule) && r.asString().contains("firing"))
                .getString("alerts.find { it.name == '" + rule + "' }.fingerprint");
        return new TenantData(tenant, service, traceId, requestId, marker, metric, slo, rule, silenceId, fingerprint);
    }
}
