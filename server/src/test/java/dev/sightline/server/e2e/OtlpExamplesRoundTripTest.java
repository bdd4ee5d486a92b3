package dev.sightline.server.e2e;

import dev.sightline.collector.otlp.OtlpDecoder;
import dev.sightline.server.support.ApiClient;
import dev.sightline.server.support.OtlpExamples;
import dev.sightline.server.support.ServerPorts;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;
import io.quarkus.test.junit.QuarkusTest;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The official OTLP JSON examples are posted over OTLP/HTTP and read back intact; the same data sent as
 * protobuf (with its IDs and names changed, so it is not taken for a retry of the JSON copy) is stored alike.
 */
@QuarkusTest
class OtlpExamplesRoundTripTest {

    private static final String EXAMPLE_TRACE_ID = "5B8EFFF798038103D269B633813FC60C";
    private final ApiClient api = new ApiClient(ServerPorts.api());
    private final OtlpDecoder decoder = new OtlpDecoder();

    private void postJson(String path, String json) {
        RestAssured.given().port(ServerPorts.otlpHttp()).contentType("application/json").body(json)
                .post(path).then().statusCode(200);
    }

    private void postProtobuf(String path, byte[] body) {
        RestAssured.given().port(ServerPorts.otlpHttp()).contentType("application/x-protobuf").body(body)
                .post(path).then().statusCode(200);
    }

    @Test
    void traceExampleIsReadBackIntactAndProtobufStoresTheSame() {
        String json = OtlpExamples.read("trace.json");
        postJson("/v1/traces", json);
        JsonPath trace = api.trace(EXAMPLE_TRACE_ID.toLowerCase(), 1);
        Map<String, Object> span = trace.getMap("spans[0]");
        assertThat(span).containsEntry("traceId", "5b8efff798038103d269b633813fc60c")
                .containsEntry("spanId", "eee19b7ec3c1b174")
                .containsEntry("parentSpanId", "eee19b7ec3c1b173")
                .containsEntry("name", "I'm a server span")
                .containsEntry("startTimeUnixNano", "1544712660000000000")
                .containsEntry("endTimeUnixNano", "1544712661000000000")
                .containsEntry("kind", "SERVER")
                .containsEntry("serviceName", "my.service");
        assertThat(trace.getList("spans[0].attributes")).containsExactly(
                Map.of("key", "my.span.attr", "value", Map.of("stringValue", "some value")));
        assertThat(trace.getMap("spans[0].scope")).containsEntry("name", "my.library").containsEntry("version", "1.0.0");
        assertThat(trace.getList("spans[0].scope.attributes")).containsExactly(
                Map.of("key", "my.scope.attribute", "value", Map.of("stringValue", "some scope attribute")));
        assertThat(trace.getList("spans[0].resource.attributes")).containsExactly(
                Map.of("key", "service.name", "value", Map.of("stringValue", "my.service")));

        String otherId = "0123456789abcdef0123456789abcdef";
        postProtobuf("/v1/traces", decoder.parseTraces(
                json.replace(EXAMPLE_TRACE_ID, otherId).getBytes(StandardCharsets.UTF_8),
                OtlpDecoder.Encoding.JSON).toByteArray());
        Map<String, Object> viaProtobuf = api.trace(otherId, 1).getMap("spans[0]");
        assertThat(withoutTraceId(viaProtobuf)).isEqualTo(withoutTraceId(span));
    }

    @Test
    void logsExampleIsReadBackIntactAndProtobufStoresTheSame() {
        String json = OtlpExamples.read("logs.json");
        postJson("/v1/logs", json);
        List<Map<String, Object>> logs = api.logsOfTrace(EXAMPLE_TRACE_ID.toLowerCase(), 1);
        assertThat(logs).hasSize(1);
        Map<String, Object> log = logs.get(0);
        assertThat(log).containsEntry("timeUnixNano", "1544712660300000000")
                .containsEntry("observedTimeUnixNano", "1544712660300000000")
                .containsEntry("severityNumber", 10)
                .containsEntry("severityText", "Information")
                .containsEntry("spanId", "eee19b7ec3c1b174")
                .containsEntry("body", Map.of("stringValue", "Example log record"))
                .containsEntry("serviceName", "my.service");
        assertThat(log.get("attributes")).isEqualTo(List.of(
                Map.of("key", "string.attribute", "value", Map.of("stringValue", "some string")),
                Map.of("key", "boolean.attribute", "value", Map.of("boolValue", true)),
                Map.of("key", "int.attribute", "value", Map.of("intValue", "10")),
                Map.of("key", "double.attribute", "value", Map.of("doubleValue", 637.704)),
                Map.of("key", "array.attribute", "value", Map.of("arrayValue", Map.of("values", List.of(
                        Map.of("stringValue", "many"), Map.of("stringValue", "values"))))),
                Map.of("key", "map.attribute", "value", Map.of("kvlistValue", Map.of("values", List.of(
                        Map.of("key", "some.map.key", "value", Map.of("stringValue", "some value"))))))));

        String otherId = "fedcba9876543210fedcba9876543210";
        postProtobuf("/v1/logs", decoder.parseLogs(
                json.replace(EXAMPLE_TRACE_ID, otherId).getBytes(StandardCharsets.UTF_8),
                OtlpDecoder.Encoding.JSON).toByteArray());
        Map<String, Object> viaProtobuf = api.logsOfTrace(otherId, 1).get(0);
        assertThat(withoutTraceId(viaProtobuf)).isEqualTo(withoutTraceId(log));
    }

    @Test
    void eventsExampleIsReadBackIntactAmongTheServicesRecentLogs() {
        postJson("/v1/logs", OtlpExamples.read("events.json"));
        JsonPath recent = api.await("/api/logs?service=my.service&limit=1000", r -> r.statusCode() == 200
                && r.jsonPath().getList("logs.eventName").contains("browser.page_view"));
        List<Map<String, Object>> events = recent.getList("logs.findAll { it.eventName == 'browser.page_view' }");
        assertThat(events).hasSize(1);
        Map<String, Object> event = events.get(0);
        assertThat(event).containsEntry("timeUnixNano", "1544712660300000000")
                .containsEntry("severityNumber", 9)
                .containsEntry("severityText", "test severity text")
                .doesNotContainKey("traceId");
        assertThat(event.get("attributes")).isEqualTo(List.of(
                Map.of("key", "event.attribute", "value", Map.of("stringValue", "some event attribute"))));
        assertThat(event.get("body")).isEqualTo(Map.of("kvlistValue", Map.of("values", List.of(
                Map.of("key", "type", "value", Map.of("intValue", "0")),
                Map.of("key", "url", "value", Map.of("stringValue", "https://www.guidgenerator.com/online-guid-generator.aspx")),
                Map.of("key", "referrer", "value", Map.of("stringValue", "https://wwww.google.com")),
                Map.of("key", "title", "value", Map.of("stringValue", "Free Online GUID Generator"))))));
    }

    @Test
    void metricsExampleIsReadBackIntactAndProtobufStoresTheSame() {
        String json = OtlpExamples.read("metrics.json");
        postJson("/v1/metrics", json);
        JsonPath counter = api.series("my.counter", j -> !j.getList("series").isEmpty());
        assertThat(counter.getMap("series[0]")).containsEntry("type", "Sum").containsEntry("unit", "1")
                .containsEntry("description", "I am a Counter").containsEntry("isMonotonic", true)
                .containsEntry("aggregationTemporality", "DELTA");
        assertThat(counter.getMap("series[0].points[0]")).containsEntry("asDouble", 5.0)
                .containsEntry("startTimeUnixNano", "1544712660300000000")
                .containsEntry("timeUnixNano", "1544712660300000000");
        JsonPath gauge = api.series("my.gauge", j -> !j.getList("series").isEmpty());
        assertThat(gauge.getString("series[0].type")).isEqualTo("Gauge");
        JsonPath histogram = api.series("my.histogram", j -> !j.getList("series").isEmpty());
        assertThat(histogram.getString("series[0].type")).isEqualTo("Histogram");
        JsonPath expHistogram = api.series("my.exponential.histogram", j -> !j.getList("series").isEmpty());
        assertThat(expHistogram.getString("series[0].type")).isEqualTo("ExponentialHistogram");

        for (String name : List.of("my.counter", "my.gauge", "my.histogram", "my.exponential.histogram")) {
            postProtobuf("/v1/metrics", decoder.parseMetrics(
                    json.replace("\"" + name + "\"", "\"pb." + name + "\"").getBytes(StandardCharsets.UTF_8),
                    OtlpDecoder.Encoding.JSON).toByteArray());
            Map<String, Object> viaJson = api.series(name, j -> !j.getList("series").isEmpty()).getMap("series[0]");
            Map<String, Object> viaProtobuf = api.series("pb." + name, j -> !j.getList("series").isEmpty())
                    .getMap("series[0]");
            viaJson.remove("name");
            viaProtobuf.remove("name");
            assertThat(viaProtobuf).as(name).isEqualTo(viaJson);
        }
    }

    private static Map<String, Object> withoutTraceId(Map<String, Object> m) {
        Map<String, Object> copy = new java.util.HashMap<>(m);
        copy.remove("traceId");
        return copy;
    }
}
