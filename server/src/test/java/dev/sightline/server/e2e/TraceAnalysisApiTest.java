package dev.sightline.server.e2e;

import dev.sightline.server.support.ApiClient;
import dev.sightline.server.support.OtlpPayloads;
import dev.sightline.server.support.ServerPorts;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A trace by ID comes with its analysis and its logs: a root calling two overlapping children, sent out of
 * order, and two log records of the trace, sent newest first.
 */
@QuarkusTest
class TraceAnalysisApiTest {
    private static final long T = 1_700_000_000_000_000_000L;
    private static final long MS = 1_000_000L;

    private final ApiClient api = new ApiClient(ServerPorts.api());

    private static String span(String traceId, String spanId, String parentId, String name, long startMs, long endMs) {
        return "{\"traceId\":\"" + traceId + "\",\"spanId\":\"" + spanId + "\""
                + (parentId == null ? "" : ",\"parentSpanId\":\"" + parentId + "\"")
                + ",\"name\":\"" + name + "\",\"startTimeUnixNano\":\"" + (T + startMs * MS)
                + "\",\"endTimeUnixNano\":\"" + (T + endMs * MS) + "\"}";
    }

    private static String log(String traceId, String spanId, String body, long atMs) {
        return "{\"timeUnixNano\":\"" + (T + atMs * MS) + "\",\"body\":{\"stringValue\":\"" + body + "\"},"
                + "\"traceId\":\"" + traceId + "\",\"spanId\":\"" + spanId + "\"}";
    }

    private static void post(String path, String json) {
        RestAssured.given().port(ServerPorts.otlpHttp()).contentType("application/json").body(json)
                .post(path).then().statusCode(200);
    }

    @Test
    void spansComeInDisplayOrderWithSelfTimeCriticalPathAndDepthAndTheLogsInTimeOrder() {
        String traceId = OtlpPayloads.randomTraceIdHex();
        String root = HexFormat.of().formatHex(OtlpPayloads.randomBytes(8));
        String a = HexFormat.of().formatHex(OtlpPayloads.randomBytes(8));
        String b = HexFormat.of().formatHex(OtlpPayloads.randomBytes(8));
        // root [0, 100] ms; a [10, 60] and b [40, 90] overlap: b finishes last, so the path runs through b.
        post("/v1/traces", "{\"resourceSpans\":[{\"resource\":{\"attributes\":[{\"key\":\"service.name\","
                + "\"value\":{\"stringValue\":\"analysis-test\"}}]},\"scopeSpans\":[{\"spans\":["
                + span(traceId, b, root, "b", 40, 90) + "," + span(traceId, root, null, "root", 0, 100) + ","
                + span(traceId, a, root, "a", 10, 60) + "]}]}]}");
        post("/v1/logs", "{\"resourceLogs\":[{\"resource\":{\"attributes\":[{\"key\":\"service.name\","
                + "\"value\":{\"stringValue\":\"analysis-test\"}}]},\"scopeLogs\":[{\"logRecords\":["
                + log(traceId, b, "later", 70) + "," + log(traceId, a, "earlier", 20) + "]}]}]}");

        JsonPath trace = api.await("/api/traces/" + traceId, r -> r.statusCode() == 200
                && r.jsonPath().getInt("spanCount") == 3 && r.jsonPath().getList("logs").size() == 2);

        List<Map<String, Object>> spans = trace.getList("spans");
        assertThat(spans).extracting(s -> s.get("name")).containsExactly("root", "a", "b");
        assertThat(spans).extracting(s -> s.get("depth")).containsExactly(0, 1, 1);
        assertThat(spans).extracting(s -> s.get("selfTimeNanos"))
                .containsExactly(Long.toString(20 * MS), Long.toString(50 * MS), Long.toString(50 * MS));
        assertThat(spans).extracting(s -> s.get("criticalPath")).containsExactly(true, false, true);
        assertThat(spans).extracting(s -> s.get("criticalPathNanos"))
                .containsExactly(Long.toString(50 * MS), "0", Long.toString(50 * MS));
        assertThat(trace.getString("criticalPathNanos")).isEqualTo(Long.toString(100 * MS));
        assertThat(trace.getList("warnings")).isEmpty();

        assertThat(trace.getList("logs.body.stringValue")).containsExactly("earlier", "later");
        assertThat(trace.getList("logs.spanId")).containsExactly(a, b);
        assertThat(api.logsOfTrace(traceId, 2)).extracting(l -> l.get("spanId")).containsExactly(a, b);
    }

    @Test
    void spanWhoseParentNeverArrivedIsARootAndSaysSo() {
        String traceId = OtlpPayloads.randomTraceIdHex();
        String orphan = HexFormat.of().formatHex(OtlpPayloads.randomBytes(8));
        post("/v1/traces", "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":["
                + span(traceId, orphan, "00000000000000aa", "orphan", 0, 10) + "]}]}]}");

        JsonPath trace = api.trace(traceId, 1);
        assertThat(trace.getInt("spans[0].depth")).isZero();
        assertThat(trace.getBoolean("spans[0].criticalPath")).isTrue();
        assertThat(trace.getList("warnings", String.class)).singleElement().asString().contains("not in the trace");
        assertThat(trace.getList("logs")).isEmpty();
    }
}
