package dev.sightline.server.e2e;

import dev.sightline.server.support.ApiClient;
import dev.sightline.server.support.OtlpPayloads;
import dev.sightline.server.support.ServerPorts;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;

import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

@QuarkusTest
class SelfObservabilityTest {

    private final ApiClient api = new ApiClient(ServerPorts.api());

    @Test
    void healthEndpointsAreUpOnceTheLogIsReplayed() {
        assertThat(api.get("/q/health/live").statusCode()).isEqualTo(200);
        var ready = api.get("/q/health/ready");
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(ready.jsonPath().getString("checks.find { it.name == 'store' }.status")).isEqualTo("UP");
    }

    @Test
    void metricsCountAcceptedAndRejectedItemsPerSignalAndReason() {
        double acceptedBefore = metric("sightline_ingest_items_total", "outcome=\"accepted\",reason=\"none\",signal=\"traces\"");
        byte[] id = OtlpPayloads.randomBytes(16);
        var request = OtlpPayloads.traces("metrics-test", java.util.List.of(
                OtlpPayloads.span(id, OtlpPayloads.randomBytes(8), "ok"),
                OtlpPayloads.span(OtlpPayloads.randomBytes(5), OtlpPayloads.randomBytes(8), "bad")));
        RestAssured.given().port(ServerPorts.otlpHttp()).contentType("application/x-protobuf")
                .body(request.toByteArray()).post("/v1/traces").then().statusCode(200);
        api.trace(HexFormat.of().formatHex(id), 1);

        assertThat(metric("sightline_ingest_items_total", "outcome=\"accepted\",reason=\"none\",signal=\"traces\""))
                .isEqualTo(acceptedBefore + 1);
        assertThat(metric("sightline_ingest_items_total", "outcome=\"rejected\",reason=\"invalid\",signal=\"traces\""))
                .isGreaterThanOrEqualTo(1);
        assertThat(metric("sightline_ingest_requests_total", "outcome=\"partial\",signal=\"traces\",transport=\"http\""))
                .isGreaterThanOrEqualTo(1);
        String scrape = api.get("/q/metrics").asString();
        assertThat(metric(scrape, "sightline_wal_bytes", "signal=\"traces\"")).isGreaterThan(0);
        assertThat(scrape).contains("sightline_index_lag_records{signal=\"logs\"}")
                .contains("sightline_ingest_queue_bytes{signal=\"metrics\"}")
                .contains("sightline_wal_fsync_seconds_total")
                .contains("sightline_wal_truncated_tails_total");
    }

    private double metric(String name, String labels) {
        return metric(api.get("/q/metrics").asString(), name, labels);
    }

    /** The value of the sample whose name and labels match; 0 when absent (a counter not yet incremented). */
    private static double metric(String scrape, String name, String labels) {
        Matcher m = Pattern.compile("^" + Pattern.quote(name) + "\\{" + Pattern.quote(labels) + "\\} (\\S+)$",
                Pattern.MULTILINE).matcher(scrape);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }
}
