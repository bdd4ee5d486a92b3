package dev.sightline.server.ui.services;

import dev.sightline.server.support.ApiClient;
import dev.sightline.server.support.Browser;
import dev.sightline.server.support.ServerPorts;
import dev.sightline.server.support.Telemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebElement;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The front page in a real Chromium: the failing service is on top, red, with its numbers and sparklines. */
@QuarkusTest
class ServicesPageTest {
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final String HEALTHY = "ui-services-" + RUN + "-catalog";
    private static final String FAILING = "ui-services-" + RUN + "-payments";
    /** A service name an attacker would choose: it must show as text, in the table and in its link. */
    private static final String HOSTILE = "ui-services-" + RUN + "-<script>window.__pwned=1</script>\"><img src=x "
            + "onerror=\"window.__pwned=1\">";
    private static Browser browser;

    @BeforeAll
    static void send() {
        // Waits until the store has replayed its log: before that, exports are refused (and retried by no one here).
        new ApiClient(ServerPorts.api());
        try (Telemetry apps = new Telemetry(ServerPorts.grpc())) {
            Tracer healthy = apps.tracer(HEALTHY);
            Tracer failing = apps.tracer(FAILING);
            Instant hostileStart = Instant.now().minusSeconds(60);
            apps.tracer(HOSTILE).spanBuilder("javascript:window.__pwned=1").setSpanKind(SpanKind.SERVER)
                    .setStartTimestamp(hostileStart).startSpan().end(hostileStart.plusMillis(1));
            Instant t0 = Instant.now().minusSeconds(120);
            for (int i = 0; i < 20; i++) {
                Instant start = t0.plusSeconds(i);
                healthy.spanBuilder("GET /items").setSpanKind(SpanKind.SERVER).setStartTimestamp(start).startSpan()
                        .end(start.plusMillis(5));
                Span pay = failing.spanBuilder("POST /pay").setSpanKind(SpanKind.SERVER).setStartTimestamp(start)
                        .startSpan();
                if (i % 2 == 0) {
                    pay.setStatus(StatusCode.ERROR, "card declined");
                }
                pay.end(start.plusMillis(200));
            }
        }
        browser = new Browser(ServerPorts.api());
    }

    @AfterAll
    static void close() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void failingServiceIsFirstAndRed() {
        browser.open("/services?q=" + RUN);
        browser.waitFor(d -> {
            d.navigate().refresh();
            // Spans are indexed moments after they are acknowledged: wait for all 20 of each.
            return d.findElements(org.openqa.selenium.By.cssSelector("tr[data-service]")).size() == 3
                    && d.findElement(org.openqa.selenium.By.cssSelector("tr[data-service] td.errors")).getText()
                    .equals("50.0 %");
        });
        List<WebElement> rows = browser.findAll("table.services tbody tr[data-service]");
        assertThat(rows).extracting(r -> r.getAttribute("data-service")).containsExactly(FAILING, HEALTHY, HOSTILE);
        WebElement failing = rows.get(0);
        assertThat(failing.getAttribute("class")).contains("health-critical");
        assertThat(failing.findElement(org.openqa.selenium.By.cssSelector("td.errors")).getText()).isEqualTo("50.0 %");
        assertThat(failing.findElements(org.openqa.selenium.By.cssSelector("svg.spark path"))).hasSize(2);
        assertThat(rows.get(1).getAttribute("class")).contains("health-ok");
        browser.screenshot("services");
        assertThat(browser.consoleErrors()).isEmpty();
    }

    @Test
    void aHostileServiceNameIsText() {
        browser.open("/services?q=" + RUN + "-%3Cscript");
        browser.waitFor(d -> d.findElements(org.openqa.selenium.By.cssSelector("tr[data-service]")).size() == 1);
        WebElement link = browser.find("tr[data-service] a.service-link");
        assertThat(link.getText()).isEqualTo(HOSTILE);
        assertThat(browser.findAll("main img")).isEmpty();
        assertThat(browser.findAll("main script")).isEmpty();
        assertThat(browser.script("return window.__pwned")).isNull();
        // Its link leads to its own page, the name encoded in the path.
        link.click();
        browser.waitFor("h1");
        assertThat(browser.script("return decodeURIComponent(location.pathname)")).isEqualTo("/services/" + HOSTILE);
        assertThat(browser.script("return window.__pwned")).isNull();
        assertThat(browser.consoleErrors()).isEmpty();
    }

    @Test
    void rangeLinksKeepTheFilter() {
        browser.open("/services?q=" + RUN);
        browser.find("nav.range a[href*='range=6h']").click();
        assertThat(browser.location()).contains("q=" + RUN).contains("range=6h");
        assertThat(browser.find("nav.range a.active").getText()).isEqualTo("6h");
    }

    @Test
    void pagesSendAStrictContentSecurityPolicy() {
        String csp = RestAssured.given().port(ServerPorts.api()).get("/services").then().statusCode(200)
                .contentType("text/html").extract().header("Content-Security-Policy");
        assertThat(csp).contains("script-src 'self'").doesNotContain("unsafe-inline").doesNotContain("unsafe-eval");
    }

    @Test
    void badParametersAnswerWithAPage() {
        RestAssured.given().port(ServerPorts.api()).get("/services?range=banana").then().statusCode(400)
                .contentType("text/html").body(org.hamcrest.Matchers.containsString("Bad range"));
    }
}
