package dev.sightline.server.ui.services;

import com.google.protobuf.ByteString;
import dev.sightline.server.support.ApiClient;
import dev.sightline.server.support.Browser;
import dev.sightline.server.support.OtlpPayloads;
import dev.sightline.server.support.ServerPorts;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two thousand services: the front page stays a page (50 rows, paged), the one failing service is still on top,
 * and the pager and the filter reach the rest.
 */
@QuarkusTest
class ManyServicesTest {
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final int SERVICES = 2000;
    private static final int FAILING = 1234;
    private static Browser browser;

    private static String name(int i) {
        return String.format("ui-many-%s-%04d", RUN, i);
    }

    @BeforeAll
    static void send() {
        ApiClient api = new ApiClient(ServerPorts.api());
        long start = Instant.now().minusSeconds(120).toEpochMilli() * 1_000_000L;
        ExportTraceServiceRequest.Builder request = ExportTraceServiceRequest.newBuilder();
        for (int i = 0; i < SERVICES; i++) {
            ScopeSpans.Builder spans = ScopeSpans.newBuilder();
            for (int j = 0; j < 4; j++) {
                Span.Builder span = OtlpPayloads.span(OtlpPayloads.randomBytes(16), OtlpPayloads.randomBytes(8),
                        "GET /").toBuilder().setStartTimeUnixNano(start + j * 1_000_000_000L)
                        .setEndTimeUnixNano(start + j * 1_000_000_000L + 5_000_000L);
                if (i == FAILING && j % 2 == 0) {
                    span.setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR));
                }
                spans.addSpans(span);
            }
            request.addResourceSpans(ResourceSpans.newBuilder().setResource(Resource.newBuilder().addAttributes(
                    KeyValue.newBuilder().setKey("service.name").setValue(AnyValue.newBuilder()
                            .setStringValue(name(i))))).addScopeSpans(spans));
        }
        RestAssured.given().port(ServerPorts.otlpHttp()).contentType("application/x-protobuf")
                .body(request.build().toByteArray()).post("/v1/traces").then().statusCode(200);
        api.await("/api/signals", r -> r.statusCode() == 200 && r.jsonPath().getList("services.findAll { "
                + "it.service.startsWith('ui-many-" + RUN + "') && it.requests == 4 }").size() == SERVICES);
        browser = new Browser(ServerPorts.api());
    }

    @AfterAll
    static void close() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void thePageShowsFiftyWorstFirstAndPagesThroughTheRest() {
        browser.open("/services?q=ui-many-" + RUN);
        assertThat(browser.find("p.summary").getText()).contains(SERVICES + " matching");
        var rows = browser.findAll("table.services tr[data-service]");
        assertThat(rows).hasSize(50);
        assertThat(rows.get(0).getAttribute("data-service")).isEqualTo(name(FAILING));
        assertThat(rows.get(0).getAttribute("class")).contains("health-critical");
        // The rest are healthy and in name order.
        assertThat(rows.get(1).getAttribute("data-service")).isEqualTo(name(0));
        assertThat(browser.find("nav.pager").getText()).contains("page 1 of 40");
        browser.screenshot("services-2000");

        browser.find("nav.pager a[rel=next]").click();
        assertThat(browser.location()).contains("page=2");
        assertThat(browser.findAll("table.services tr[data-service]")).extracting(r -> r.getAttribute(
                "data-service")).hasSize(50).startsWith(name(49)).doesNotContain(name(FAILING));
        assertThat(browser.consoleErrors()).isEmpty();
    }

    @Test
    void theFilterFindsOneServiceAmongThousands() {
        browser.open("/services?q=" + name(1999));
        assertThat(browser.findAll("table.services tr[data-service]")).extracting(r -> r.getAttribute(
                "data-service")).containsExactly(name(1999));
        assertThat(browser.findAll("nav.pager")).isEmpty();
    }
}
