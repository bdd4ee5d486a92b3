package dev.sightline.server.ui.correlation;

import dev.sightline.server.support.Browser;
import dev.sightline.server.support.ServerPorts;
import dev.sightline.server.ui.traces.CheckoutRequest;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

/** A request ID's page in a real Chromium: every trace and every log of the request, in time order. */
@QuarkusTest
class CorrelationPageTest {
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

    @Test
    void listsTheRequestsTraceAndEveryLogInTimeOrderLinkedToTheirSpans() {
        browser.open("/correlations/" + request.requestId);

        assertThat(browser.find("h1 .correlation-id").getText()).isEqualTo(request.requestId);
        List<WebElement> hits = browser.findAll("table.hits tr.hit");
        assertThat(hits).extracting(h -> h.getAttribute("data-trace-id")).containsExactly(request.traceId);
        assertThat(hits.get(0).getText()).contains(request.frontend).contains("POST /checkout").contains("350 ms");
        List<WebElement> logs = browser.findAll("ol.logs > li.log");
        assertThat(logs).extracting(l -> l.findElement(By.cssSelector(".body")).getText())
                .containsExactlyElementsOf(request.logBodies);
        assertThat(logs).extracting(l -> l.findElement(By.cssSelector(".sv")).getText())
                .containsExactlyElementsOf(request.logServices);
        assertThat(logs.get(1).findElement(By.cssSelector("a.to-span")).getAttribute("href"))
                .endsWith("/traces/" + request.traceId + "#span-" + request.dbQuery);
        assertThat(browser.find(".summary").getText()).contains("1 trace and 3 log records")
                .contains("http.request.header.x-request-id");
        browser.screenshot("correlation");

        hits.get(0).findElement(By.cssSelector("a.trace-link")).click();
        browser.waitFor(d -> browser.location().equals("/traces/" + request.traceId));
        assertThat(browser.findAll("ol.waterfall > li")).hasSize(4);
        assertThat(browser.consoleErrors()).isEmpty();
    }

    @Test
    void aLogsSpanLinkOpensTheTraceAtThatSpan() {
        browser.open("/correlations/" + request.requestId);

        browser.findAll("ol.logs > li.log a.to-span").get(1).click();
        browser.waitFor(d -> browser.location().equals("/traces/" + request.traceId));
        browser.waitFor(d -> browser.find("#span-" + request.dbQuery).getAttribute("class").contains("selected"));
        browser.waitFor(d -> browser.find("#span-detail").getText().contains("postgresql"));
        assertThat(browser.consoleErrors()).isEmpty();
    }

    @Test
    void anIdNothingCarriesIsAnAnswerNotAnError() {
        browser.open("/correlations/nobody-sent-" + request.run);

        assertThat(browser.find("h1 .correlation-id").getText()).isEqualTo("nobody-sent-" + request.run);
        assertThat(browser.find("main").getText()).contains("Nothing carries this ID");
        assertThat(browser.findAll("table.hits tr.hit")).isEmpty();
        assertThat(browser.consoleErrors()).isEmpty();
    }

    @Test
    void idsWithSlashesAndOverlongIds() {
        RestAssured.given().port(ServerPorts.api()).urlEncodingEnabled(false).get("/correlations/a%2Fb%20c").then()
                .statusCode(200).contentType("text/html").body(containsString("a/b c"));
        RestAssured.given().port(ServerPorts.api()).get("/correlations/" + "x".repeat(513)).then().statusCode(400)
                .contentType("text/html").body(containsString("Bad id"));
    }
}
