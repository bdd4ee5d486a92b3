package dev.sightline.server.ui.service;

import dev.sightline.server.support.Browser;
import dev.sightline.server.support.ServerPorts;
import dev.sightline.server.support.Telemetry;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

/**
 * The service page in a real Chromium, over a frontend → backend → PostgreSQL call chain sent by the OpenTelemetry
 * SDK: golden-signal charts, the operations table with its trace links, neighbours (the caller, the database as an
 * uninstrumented peer), the SLO and firing alert of the service, and its error logs linking to their traces.
 */
@QuarkusTest
class ServicePageTest {
    private static final CallChain SHOP = new CallChain("ui-service");
    private static final String SLO = "ui-service-" + SHOP.run + "-availability";
    private static final String RULE = "UiServiceErrors" + SHOP.run;
    private static Browser browser;

    @BeforeAll
    static void send() {
        try (Telemetry apps = new Telemetry(ServerPorts.grpc())) {
            SHOP.send(apps);
            SHOP.awaitIndexed(apps, ServerPorts.api());
        }
        // An SLO and a rule of the backend, through the API; both are evaluated from the next round.
        RestAssured.given().port(ServerPorts.api()).contentType("application/yaml").body("""
                name: %s
                service: %s
                sli: availability
                objective: 99%%
                min_events: 1
                """.formatted(SLO, SHOP.backend).getBytes(StandardCharsets.UTF_8))
                .put("/api/slos/" + SLO).then().statusCode(200);
        RestAssured.given().port(ServerPorts.api()).contentType("application/yaml").body("""
                alert: %s
                expr: error_ratio{service="%s"}[10m] > 10%%
                annotations:
                  summary: "backend fails %s"
                runbook: high-error-rate
                """.formatted(RULE, SHOP.backend, "{{ $value | humanizePercentage }}")
                .getBytes(StandardCharsets.UTF_8))
                .put("/api/rules/" + RULE).then().statusCode(200);
        browser = new Browser(ServerPorts.api());
    }

    @AfterAll
    static void close() {
        RestAssured.given().port(ServerPorts.api()).delete("/api/rules/" + RULE);
        RestAssured.given().port(ServerPorts.api()).delete("/api/slos/" + SLO);
        if (browser != null) {
            browser.close();
        }
    }

    /** Console errors since the test began (the browser's console spans every test of the class). */
    private int consoleSeen;

    @BeforeEach
    void markConsole() {
        consoleSeen = browser.consoleErrors().size();
    }

    private List<String> newConsoleErrors() {
        List<String> all = browser.consoleErrors();
        return all.subList(consoleSeen, all.size());
    }

    private static String page(String service) {
        return "/services/" + URLEncoder.encode(service, StandardCharsets.UTF_8).replace("+", "%20");
    }

    @Test
    void showsTheGoldenSignalsOperationsNeighboursAndObjectives() {
        // The SLO and the alert come with the alerting engine's next rounds (every 15 s by default).
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            browser.open(page(SHOP.backend));
            return !browser.findAll("table.slos a[href='/slos/" + SLO + "']").isEmpty()
                    && browser.findAll("ul.alerts li.state-firing a").stream()
                    .anyMatch(a -> a.getText().equals(RULE));
        });
        assertThat(browser.find("h1 .service-name").getText()).isEqualTo(SHOP.backend);
        assertThat(browser.find(".total-errors").getText()).isEqualTo("20.8 %"); // 5 of 24 requests

        // Three charts, each with something drawn: a line, or dots where a step has no neighbour to join.
        List<WebElement> charts = browser.findAll("section.golden figure.chart");
        assertThat(charts).extracting(c -> c.findElement(By.tagName("figcaption")).getText())
                .containsExactly("Traffic", "Error ratio", "Latency: successful p50 / p95 / p99, failed p99");
        for (WebElement chart : charts) {
            boolean line = chart.findElements(By.cssSelector("path.line")).stream()
                    .anyMatch(p -> p.getAttribute("d").startsWith("M"));
            assertThat(line || !chart.findElements(By.cssSelector("circle.point")).isEmpty()).isTrue();
        }
        assertThat(charts.get(0).findElements(By.cssSelector("path.line")))
                .anySatisfy(p -> assertThat(p.getAttribute("d")).startsWith("M"));
        assertThat(charts.get(2).findElements(By.cssSelector("ul.legend li"))).extracting(WebElement::getText)
                .containsExactly("p50 ok", "p95 ok", "p99 ok", "p99 failed");

        // Operations, busiest first, with the error ratio and links to their traces.
        List<WebElement> ops = browser.findAll("table.operations tbody tr[data-operation]");
        assertThat(ops).extracting(r -> r.getAttribute("data-operation"))
                .containsExactly("POST /orders", CallChain.IMG);
        WebElement orders = ops.get(0);
        assertThat(orders.findElement(By.cssSelector("td.errors")).getText()).isEqualTo("25.0 %");
        assertThat(orders.findElement(By.cssSelector("td.p95")).getText()).endsWith("ms");
        String traces = orders.findElement(By.cssSelector("a.op-traces")).getAttribute("href");
        assertThat(traces).contains("/traces?service=" + SHOP.backend + "&operation=POST%20%2Forders");
        assertThat(orders.findElement(By.cssSelector("a.failed")).getAttribute("href"))
                .startsWith(traces).endsWith("&error=true");
        assertThat(orders.findElement(By.cssSelector("a.slow")).getAttribute("href"))
                .startsWith(traces).matches(".*&minDuration=\\d+(\\.\\d+)?ms$");
        // The hostile span name is text in its cell.
        assertThat(ops.get(1).findElement(By.cssSelector("td.name")).getText()).isEqualTo(CallChain.IMG);

        // Neighbours: both callers linked to their pages; the database and the hostile peer shown, not linked.
        WebElement frontend = browser.find("table.callers tr[data-neighbour='" + SHOP.frontend + "']");
        assertThat(frontend.findElement(By.cssSelector("a")).getAttribute("href"))
                .endsWith("/services/" + SHOP.frontend);
        assertThat(frontend.findElement(By.cssSelector("td.errors")).getText()).isEqualTo("25.0 %");
        assertThat(browser.findAll("table.callers tr[data-neighbour]")).extracting(WebElement::getText)
                .anySatisfy(t -> assertThat(t).startsWith(SHOP.hostileCaller));
        List<WebElement> callees = browser.findAll("table.callees tr[data-neighbour]");
        assertThat(callees).extracting(r -> r.getAttribute("data-neighbour"))
                .containsExactly(SHOP.database, SHOP.hostilePeer);
        for (WebElement peer : callees) {
            assertThat(peer.findElements(By.tagName("a"))).isEmpty();
            assertThat(peer.findElement(By.cssSelector(".badge.peer")).getText()).isEqualTo("uninstrumented");
        }
        assertThat(callees.get(0).findElement(By.cssSelector("td.errors")).getText()).isEqualTo("25.0 %");

        // The SLO and the firing rule of this service.
        assertThat(browser.find("table.slos a").getText()).isEqualTo(SLO);
        WebElement alert = browser.findAll("ul.alerts li.state-firing").stream()
                .filter(li -> li.findElement(By.cssSelector("a")).getText().equals(RULE)).findFirst().orElseThrow();
        assertThat(alert.findElement(By.cssSelector("a")).getAttribute("href")).contains("/alerts/");
        assertThat(alert.findElement(By.cssSelector(".summary-text")).getText()).startsWith("backend fails 2");
        assertThat(browser.find("section.objectives a[href='/alerts?service=" + SHOP.backend + "']")).isNotNull();

        browser.screenshot("service");
        browser.script("document.querySelector('section.neighbours').scrollIntoView()");
        browser.screenshot("service-neighbours");
        assertThat(browser.script("return typeof window.__pwned")).isEqualTo("undefined");
        assertThat(newConsoleErrors()).isEmpty();

        // A caller's link opens its page, where the backend is a callee.
        frontend.findElement(By.cssSelector("a")).click();
        assertThat(browser.location()).isEqualTo("/services/" + SHOP.frontend);
        assertThat(browser.findAll("table.callees tr[data-neighbour]")).extracting(r -> r.getAttribute(
                "data-neighbour")).containsExactly(SHOP.backend);
    }

    @Test
    void errorLogsAreListedNewestFirstAndOpenTheirTraces() {
        browser.open(page(SHOP.backend) + "?range=15m");
        List<WebElement> logs = browser.findAll("table.logs tbody tr");
        assertThat(logs).extracting(r -> r.findElement(By.cssSelector("td.body")).getText()).containsExactly(
                "pool exhausted " + CallChain.JS_LINK,
                "order 16 failed: " + CallChain.SCRIPT + CallChain.IMG,
                "order 12 failed: " + CallChain.SCRIPT + CallChain.IMG,
                "order 8 failed: " + CallChain.SCRIPT + CallChain.IMG,
                "order 4 failed: " + CallChain.SCRIPT + CallChain.IMG,
                "order 0 failed: " + CallChain.SCRIPT + CallChain.IMG);
        // The FATAL line without a trace has no link.
        assertThat(logs).filteredOn(r -> r.getText().contains("pool exhausted"))
                .singleElement().satisfies(r -> {
                    assertThat(r.findElements(By.cssSelector("a.trace-link"))).isEmpty();
                    assertThat(r.findElement(By.cssSelector(".sev-fatal")).getText()).isEqualTo("FATAL");
                });
        List<String> linked = browser.findAll("table.logs a.trace-link").stream().map(WebElement::getText).toList();
        assertThat(linked).containsExactlyInAnyOrderElementsOf(SHOP.failedTraces);
        assertThat(browser.find("a.more-logs").getAttribute("href"))
                .endsWith("/logs?range=15m&service=" + SHOP.backend + "&minSeverity=ERROR");
        assertThat(browser.script("return typeof window.__pwned")).isEqualTo("undefined");
        assertThat(newConsoleErrors()).isEmpty();

        String first = linked.get(0);
        browser.find("table.logs a.trace-link").click();
        browser.waitFor(d -> browser.location().startsWith("/traces/"));
        assertThat(browser.location()).isEqualTo("/traces/" + first);
    }

    @Test
    void aHostileServiceNameIsShownAsText() {
        browser.open(page(SHOP.hostileCaller));
        assertThat(browser.find("h1 .service-name").getText()).isEqualTo(SHOP.hostileCaller);
        assertThat(browser.driver().getTitle()).startsWith(SHOP.hostileCaller);
        assertThat(browser.find("table.callees tr[data-neighbour='" + SHOP.backend + "'] a").getAttribute("href"))
                .endsWith("/services/" + SHOP.backend);
        assertThat(browser.script("return typeof window.__pwned")).isEqualTo("undefined");
        assertThat(newConsoleErrors()).isEmpty();
    }

    @Test
    void longRangesAreDrawnFromMergedHours() {
        browser.open(page(SHOP.backend) + "?range=7d");
        assertThat(browser.find("section.golden .note").getText()).contains("one point per hour");
        assertThat(browser.find("tr[data-operation='POST /orders'] td.errors").getText()).isEqualTo("25.0 %");
        assertThat(browser.find("section.neighbours .note").getText())
                .isEqualTo("Calls over the last 6h of the range.");
        assertThat(browser.findAll("section.golden path.line")).anySatisfy(p ->
                assertThat(p.getAttribute("d")).startsWith("M"));
        assertThat(browser.find("nav.range a.active").getText()).isEqualTo("7d");
    }

    @Test
    void anUnknownServiceIsANotFoundPage() {
        RestAssured.given().port(ServerPorts.api()).get("/services/no-such-service-" + SHOP.run).then()
                .statusCode(404).contentType("text/html")
                .body(containsString("No service named “no-such-service-" + SHOP.run + "”"));
        RestAssured.given().port(ServerPorts.api()).get(page(SHOP.backend) + "?range=banana").then()
                .statusCode(400).body(containsString("Bad range"));
    }
}
