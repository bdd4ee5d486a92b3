package dev.sightline.server.e2e;

import dev.sightline.server.support.ApiClient;
import dev.sightline.server.support.ServerPorts;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The API describes itself: an OpenAPI document with every endpoint and its parameters, and Swagger UI. */
@QuarkusTest
class OpenApiTest {
    private final ApiClient api = new ApiClient(ServerPorts.api());

    private JsonPath openApi() {
        Response r = api.get("/q/openapi?format=json");
        assertThat(r.statusCode()).as(r.asString()).isEqualTo(200);
        assertThat(r.contentType()).startsWith("application/json");
        return r.jsonPath();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> get(JsonPath doc, String path) {
        Map<String, Object> paths = doc.getMap("paths");
        assertThat(paths).as("documented paths").containsKey(path);
        Map<String, Object> operations = (Map<String, Object>) paths.get(path);
        assertThat(operations).as("operations of " + path).containsKey("get");
        return (Map<String, Object>) operations.get("get");
    }

    @SuppressWarnings("unchecked")
    private static List<String> parameters(Map<String, Object> operation, String in) {
        List<Map<String, Object>> parameters = (List<Map<String, Object>>) operation.getOrDefault("parameters",
                List.of());
        return parameters.stream().filter(p -> in.equals(p.get("in"))).map(p -> (String) p.get("name")).toList();
    }

    @Test
    void documentHasTheTitleAndVersion() {
        JsonPath doc = openApi();
        assertThat(doc.getString("openapi")).startsWith("3.");
        assertThat(doc.getString("info.title")).isEqualTo("Sightline query API");
        assertThat(doc.getString("info.version")).isNotBlank();
        assertThat(doc.getString("info.description")).contains("/jaeger/api");
    }

    @Test
    void traceEndpointsAreDocumentedWithTheirPathParameter() {
        JsonPath doc = openApi();
        Map<String, Object> trace = get(doc, "/api/traces/{traceId}");
        assertThat(trace.get("summary")).isEqualTo("A trace by ID");
        assertThat(parameters(trace, "path")).containsExactly("traceId");
        @SuppressWarnings("unchecked")
        Map<String, Object> responses = (Map<String, Object>) trace.get("responses");
        assertThat(responses).containsKeys("200", "400", "404", "503");
        assertThat(parameters(get(doc, "/api/traces/{traceId}/logs"), "path")).containsExactly("traceId");
    }

    @Test
    void servicesLogsAndMetricsAreDocumented() {
        JsonPath doc = openApi();
        assertThat(get(doc, "/api/services").get("summary")).isEqualTo("Services");
        get(doc, "/api/logs");
        get(doc, "/api/metrics");
        assertThat(parameters(get(doc, "/api/metrics/series"), "query")).contains("name", "start", "end");
    }

    @Test
    void jaegerEndpointsAreDocumented() {
        JsonPath doc = openApi();
        assertThat(get(doc, "/jaeger/api/services").get("summary")).asString().contains("Jaeger");
        assertThat(parameters(get(doc, "/jaeger/api/traces/{traceID}"), "path")).containsExactly("traceID");
    }

    @Test
    void swaggerUiIsServed() {
        Response r = api.get("/q/swagger-ui/");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.contentType()).startsWith("text/html");
        assertThat(r.asString()).containsIgnoringCase("swagger");
    }
}
