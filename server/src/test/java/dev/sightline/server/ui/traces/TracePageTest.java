package dev.sightline.server.ui.traces;

import dev.sightline.server.support.ApiClient;
import dev.sightline.server.support.Browser;
import dev.sightline.server.support.OtlpPayloads;
import dev.sightline.server.support.ServerPorts;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * The trace page in a real Chromium, with a request sent by the OpenTelemetry SDK through three services: the
 * waterfall, the span that ate the time, the logs of both services, span details, and the way to the request's
 * other traces and logs.
 */
@QuarkusTest
class TracePageTest {
    private static CheckoutRequest request;
    private static Browser browser;

    @BeforeAll
    static void send() {
        request = CheckoutRequest.send();
        browser = new Browser(ServerPorts.api());
    }

    @AfterAll
    static void close() {
        if (browser != null) {
            browser.close();
        }
    }

    private void openTrace() {
        browser.open("/traces/" + request.traceId);
    }

    private WebElement row(String spanId) {
        return browser.find("ol.waterfall > li#span-" + spanId);
    }

    @Test
    void theWaterfallHasOneRowPerSpanParentsBeforeChildrenIndentedByDepth() {
        openTrace();

        List<WebElement> rows = browser.findAll("ol.waterfall > li");
        assertThat(rows).extracting(r -> r.getAttribute("id").substring(5)).containsExactly(request.frontendServer,
                request.frontendClient, request.checkoutServer, request.dbQuery);
        assertThat(rows).extracting(r -> r.getAttribute("class").split(" ")[0]).containsExactly("d0", "d1", "d2",
                "d3");
        assertThat(rows.get(3).findElement(By.cssSelector(".n")).getText()).contains(request.checkout)
                .contains(CheckoutRequest.QUERY);
        // Indented by depth, and the database bar starts after and ends before the root's.
        assertThat(rows.get(3).findElement(By.cssSelector(".n")).getCssValue("padding-left")).isEqualTo("36px");
        WebElement dbBar = rows.get(3).findElement(By.cssSelector("svg rect"));
        // 3 ms into the 350 ms trace, 300 ms long: in percent of the axis.
        assertThat(dbBar.getAttribute("x")).isEqualTo("0.86%");
        assertThat(dbBar.getAttribute("width")).isEqualTo("85.71%");
        assertThat(browser.find("dl.trace-facts .duration").getText()).isEqualTo("350 ms");
        assertThat(browser.find("dl.trace-facts .span-count").getText()).isEqualTo("4");
        assertThat(browser.find("dl.trace-facts .error-count").getText()).isEqualTo("2");
        assertThat(browser.consoleErrors()).isEmpty();
    }

    @Test
    void theSlowDatabaseCallIsMarkedHereOnTheCriticalPathAndFarAboveItsUsualP95() {
        openTrace();

        List<WebElement> marks = browser.findAll(".here-mark");
        assertThat(marks).hasSize(1);
        assertThat(marks.get(0).getText()).isEqualTo("← HERE");
        WebElement db = row(request.dbQuery);
        assertThat(db.findElements(By.cssSelector(".here-mark"))).hasSize(1);
        assertThat(db.getAttribute("class").split(" ")).contains("cp", "here", "lat-far");
        // About 2 ms usually (the twenty fast requests and this one), 300 ms now.
        assertThat(db.findElement(By.cssSelector(".t")).getAttribute("title"))
                .matches("1\\d\\d\\.\\d× usual p95 \\([12]\\.\\d\\d ms, 21 spans/24 h\\)");
        assertThat(browser.findAll("ol.waterfall > li.cp")).hasSize(4);
        assertThat(browser.find(".here-summary a.to-here").getAttribute("href")).endsWith("#span-" + request.dbQuery);
        assertThat(browser.find(".here-summary").getText()).contains(CheckoutRequest.QUERY).contains("300 ms");
        assertThat(browser.consoleErrors()).isEmpty();
    }

    @Test
    void theLogsOfBothServicesAreThereInTimeOrderLinkedToTheirSpans() {
        openTrace();

        List<WebElement> logs = browser.findAll("ol.logs > li.log");
        assertThat(logs).extracting(l -> l.findElement(By.cssSelector(".body")).getText())
                .containsExactlyElementsOf(request.logBodies);
        assertThat(logs).extracting(l -> l.findElement(By.cssSelector(".sv")).getText())
                .containsExactlyElementsOf(request.logServices);
        assertThat(logs).extracting(l -> l.findElement(By.cssSelector(".sev")).getAttribute("class"))
                .containsExactly("sev sev-info", "sev sev-error", "sev sev-error");
        assertThat(logs).extracting(l -> l.findElement(By.cssSelector("a.to-span")).getAttribute("href"))
                .allMatch(h -> h.contains("#span-"));
        assertThat(logs.get(1).findElement(By.cssSelector("a.to-span")).getAttribute("href"))
                .endsWith("#span-" + request.dbQuery);
        assertThat(browser.find("a.all-logs").getAttribute("href")).endsWith("/logs?traceId=" + request.traceId);

        // A log's span link selects that span's row and shows its details.
        logs.get(1).findElement(By.cssSelector("a.to-span")).click();
        browser.waitFor(d -> row(request.dbQuery).getAttribute("class").contains("selected"));
        browser.waitFor(d -> browser.find("#span-detail").getText().contains("db.system"));
        assertThat(browser.consoleErrors()).isEmpty();
    }

    @Test
    void clickingASpanShowsItsAttributesEventsResourceAndStatus() {
        openTrace();

        row(request.dbQuery).findElement(By.cssSelector("a.n")).click();
        WebElement panel = browser.waitFor("#span-detail .span-attributes");
        List<String> keys = panel.findElements(By.cssSelector("dt")).stream().map(WebElement::getText).toList();
        List<String> values = panel.findElements(By.cssSelector("dd")).stream().map(WebElement::getText).toList();
        assertThat(keys).contains("db.system", "db.namespace");
        assertThat(values.get(keys.indexOf("db.system"))).isEqualTo("postgresql");
        WebElement detail = browser.find("#span-detail");
        assertThat(detail.findElement(By.cssSelector("h2")).getText()).isEqualTo(request.checkout + ": "
                + CheckoutRequest.QUERY);
        assertThat(detail.findElement(By.cssSelector(".resource-attributes")).getText()).contains("service.name")
                .contains(request.checkout);
        assertThat(detail.getText()).contains("CLIENT").contains("300 ms");
        assertThat(browser.location()).isEqualTo("/traces/" + request.traceId);
        assertThat((String) browser.script("return location.hash")).isEqualTo("#span-" + request.dbQuery);
        browser.screenshot("trace");

        // The failed checkout span shows its status; the root its request header (a string array).
        row(request.checkoutServer).click();
        browser.waitFor(d -> browser.find("#span-detail h2").getText().contains("POST /orders"));
        assertThat(browser.find("#span-detail").getText()).contains("ERROR: order query timed out");
        row(request.frontendServer).click();
        browser.waitFor(d -> browser.find("#span-detail").getText().contains("http.request.header.x-request-id"));
        assertThat(browser.find("#span-detail").getText()).contains("[\"" + request.requestId + "\"]");
        assertThat(browser.findAll("ol.waterfall > li.selected")).hasSize(1);
        assertThat(browser.consoleErrors()).isEmpty();
    }

    @Test
    void theRequestIdLinksToEverythingTheRequestDid() {
        openTrace();

        WebElement link = browser.find("a.correlation");
        assertThat(link.getText()).isEqualTo(request.requestId);
        link.click();
        browser.waitFor(d -> browser.location().equals("/correlations/" + request.requestId));
        assertThat(browser.findAll("table.hits tr.hit")).extracting(r -> r.getAttribute("data-trace-id"))
                .containsExactly(request.traceId);
        assertThat(browser.findAll("ol.logs > li.log .body")).extracting(WebElement::getText)
                .containsExactlyElementsOf(request.logBodies);
        assertThat(browser.consoleErrors()).isEmpty();
    }

    @Test
    void theHeaderSearchBoxTakesARequestIdOrATraceId() {
        browser.open("/services");
        WebElement box = browser.find("form.jump input[name=id]");
        box.sendKeys(request.requestId, Keys.ENTER);
        browser.waitFor(d -> browser.location().equals("/correlations/" + request.requestId));
        assertThat(browser.findAll("table.hits tr.hit")).hasSize(1);

        browser.find("form.jump input[name=id]").sendKeys(request.traceId.toUpperCase(Locale.ROOT), Keys.ENTER);
        browser.waitFor(d -> browser.location().equals("/traces/" + request.traceId));
        assertThat(browser.findAll("ol.waterfall > li")).hasSize(4);

        browser.find("form.jump input[name=id]").sendKeys(Keys.ENTER);
        browser.waitFor(d -> browser.location().equals("/traces"));
        assertThat(browser.consoleErrors()).isEmpty();
    }

    @Test
    void theRawJsonLinkDownloadsTheApisTrace() {
        openTrace();

        WebElement raw = browser.find("a.raw-json");
        assertThat(raw.getAttribute("href")).endsWith("/api/traces/" + request.traceId);
        assertThat(raw.getAttribute("download")).isEqualTo("trace-" + request.traceId + ".json");
        RestAssured.given().port(ServerPorts.api()).get("/api/traces/" + request.traceId).then().statusCode(200)
                .body("spanCount", equalTo(4));
    }

    @Test
    void whatTheAnalysisFoundOddIsSaidInTheHeader() {
        // A span whose parent never arrived: the analysis shows it as a root and says so.
        String trace = OtlpPayloads.randomTraceIdHex();
        long t0 = System.currentTimeMillis() * 1_000_000L - 60_000_000_000L;
        String spans = "{\"traceId\":\"" + trace + "\",\"spanId\":\"0000000000000001\",\"name\":\"root\","
                + "\"startTimeUnixNano\":\"" + t0 + "\",\"endTimeUnixNano\":\"" + (t0 + 50_000_000) + "\"},"
                + "{\"traceId\":\"" + trace + "\",\"spanId\":\"0000000000000002\",\"parentSpanId\":"
                + "\"00000000000000ff\",\"name\":\"orphan\",\"startTimeUnixNano\":\"" + (t0 + 10_000_000)
                + "\",\"endTimeUnixNano\":\"" + (t0 + 20_000_000) + "\"}";
        RestAssured.given().port(ServerPorts.otlpHttp()).contentType("application/json")
                .body("{\"resourceSpans\":[{\"resource\":{\"attributes\":[{\"key\":\"service.name\",\"value\":"
                        + "{\"stringValue\":\"ui-" + request.run + "-odd\"}}]},\"scopeSpans\":[{\"spans\":[" + spans
                        + "]}]}]}")
                .post("/v1/traces").then().statusCode(200);
        new ApiClient(ServerPorts.api()).trace(trace, 2);

        browser.open("/traces/" + trace);

        assertThat(browser.findAll(".warning")).extracting(WebElement::getText)
                .containsExactly("⚠ 1 span's parent is not in the trace: shown as a root");
        assertThat(browser.findAll("ol.waterfall > li")).extracting(r -> r.getAttribute("class").split(" ")[0])
                .containsExactly("d0", "d0");
        assertThat(browser.consoleErrors()).isEmpty();
    }

    @Test
    void aBadTraceIdIsA400PageAndAnUnknownOneA404Page() {
        RestAssured.given().port(ServerPorts.api()).get("/traces/not-a-trace").then().statusCode(400)
                .contentType("text/html").body(containsString("Bad traceId"));
        RestAssured.given().port(ServerPorts.api()).get("/traces/" + "0".repeat(32)).then().statusCode(400)
                .contentType("text/html").body(containsString("must not be all zeros"));
        RestAssured.given().port(ServerPorts.api()).get("/traces/" + "ab".repeat(16)).then().statusCode(404)
                .contentType("text/html").body(containsString("No trace " + "ab".repeat(16)));
    }
}
