package dev.sightline.server.support;

import io.restassured.RestAssured;
import io.restassured.path.json.config.JsonPathConfig;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import org.awaitility.Awaitility;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Reads back through the query API. Exports are acknowledged once durable and indexed just after, so reads
 * poll briefly until what was acknowledged shows up (or the test fails on the timeout).
 */
public final class ApiClient {
    private static final Duration TIMEOUT = Duration.ofSeconds(20);
    /** Generous: a loaded CI machine opens stores (and a tenant's) slowly; a fast one waits no longer. */
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    /** Decimals as doubles, as the API writes them (RestAssured's default reads them as floats). */
    private static final JsonPathConfig JSON_CONFIG =
            JsonPathConfig.jsonPathConfig().numberReturnType(JsonPathConfig.NumberReturnType.DOUBLE);

    private final int port;
    private final String token;

    /** Waits until the server is ready: it opens its store beside start-up and refuses requests until then. */
    public ApiClient(int port) {
        this(port, null);
        try {
            Awaitility.await().atMost(READY_TIMEOUT).pollInterval(Duration.ofMillis(50))
                    .until(() -> get("/q/health/ready").statusCode() == 200);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("the server did not become ready within " + READY_TIMEOUT, e);
        }
    }

    private ApiClient(int port, String token) {
        this.port = port;
        this.token = token;
    }

    /** The same server, every request carrying {@code Authorization: Bearer token}. */
    public ApiClient withToken(String token) {
        return new ApiClient(port, token);
    }

    /** A request to this server with this client's token, for methods other than GET. */
    public io.restassured.specification.RequestSpecification request() {
        var spec = RestAssured.given().port(port);
        return token == null ? spec : spec.header("Authorization", "Bearer " + token);
    }

    public Response get(String path) {
        return request().get(path);
    }

    /** GET of a path whose query string the caller has already percent-encoded (RestAssured would encode it again). */
    public Response getEncoded(String path) {
        return request().urlEncodingEnabled(false).get(path);
    }

    public JsonPath trace(String traceIdHex, int expectedSpans) {
        return await("/api/traces/" + traceIdHex,
                r -> r.statusCode() == 200 && r.jsonPath(JSON_CONFIG).getInt("spanCount") >= expectedSpans);
    }

    public List<Map<String, Object>> logsOfTrace(String traceIdHex, int expected) {
        return await("/api/traces/" + traceIdHex + "/logs",
                r -> r.statusCode() == 200 && r.jsonPath(JSON_CONFIG).getList("logs").size() >= expected)
                .getList("logs");
    }

    public JsonPath series(String metricName, Predicate<JsonPath> done) {
        return await("/api/metrics/series?name=" + metricName, r -> r.statusCode() == 200 && done.test(r.jsonPath(JSON_CONFIG)));
    }

    public JsonPath await(String path, Predicate<Response> done) {
        Response[] last = new Response[1];
        try {
            Awaitility.await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(50)).until(() -> {
                last[0] = get(path);
                return done.test(last[0]);
            });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            String body = last[0] == null ? "no response" : last[0].statusCode() + " " + last[0].asString();
            throw new AssertionError("GET " + path + " did not show the expected data within " + TIMEOUT
                    + "; last answer: " + body.substring(0, Math.min(body.length(), 2000)), e);
        }
        return last[0].jsonPath(JSON_CONFIG);
    }
}
