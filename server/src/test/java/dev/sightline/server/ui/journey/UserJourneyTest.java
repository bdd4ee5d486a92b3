package dev.sightline.server.ui.journey;

import dev.sightline.server.support.Browser;
import dev.sightline.server.support.ServerPorts;
import dev.sightline.server.ui.traces.CheckoutRequest;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The path the issue promises, clicked through in a real Chromium with data sent by the OpenTelemetry SDK: from the
 * services page to the failing service, from its operation to its failed traces, to the waterfall whose slow
 * database query is marked "← HERE" with every log of the request beside it; and, separately, from a request ID
 * typed into the search box to the same trace. No URL is typed after the first page: every step is a click.
 */
@QuarkusTest
class UserJourneyTest {
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
    void fromTheServicesPageToTheSpanThatAteTheTime() {
        browser.open("/services?q=" + request.run);
        List<WebElement> rows = browser.findAll("table.services tr[data-service]");
        assertThat(rows).extracting(r -> r.getAttribute("data-service"))
                .containsExactlyInAnyOrder(request.frontend, request.checkout);
        browser.screenshot("journey-1-services");

        browser.find("tr[data-service='" + request.checkout + "'] a.service-link").click();
        browser.waitFor("table.operations");
        assertThat(browser.location()).startsWith("/services/" + request.checkout);
        WebElement orders = browser.find("table.operations tr[data-operation='POST /orders']");
        assertThat(orders.findElement(By.cssSelector("td.errors")).getText()).isEqualTo("4.76 %");
        browser.screenshot("journey-2-service");

        orders.findElement(By.cssSelector("a.failed")).click();
        browser.waitFor("table.hits");
        assertThat(browser.location()).startsWith("/traces?").contains("error=true");
        List<WebElement> hits = browser.findAll("table.hits tr.hit");
        assertThat(hits).extracting(h -> h.getAttribute("data-trace-id")).containsExactly(request.traceId);
        browser.screenshot("journey-3-failed-traces");

        hits.get(0).findElement(By.cssSelector("a.trace-link")).click();
        browser.waitFor("#span-" + request.dbQuery);
        assertThat(browser.location()).isEqualTo("/traces/" + request.traceId);
        assertWaterfall();
        browser.screenshot("journey-4-trace");
        assertThat(browser.consoleErrors()).isEmpty();
    }

    @Test
    void aRequestIdTypedIntoTheSearchBoxFindsTheTrace() {
        browser.open("/services");
        WebElement box = browser.find("form.jump input[name=id]");
        box.sendKeys(request.requestId, Keys.ENTER);
        browser.waitFor("table.hits");
        assertThat(browser.location()).isEqualTo("/correlations/" + request.requestId);
        assertThat(browser.findAll(".correlation-logs li")).hasSize(3);
        browser.find("table.hits a.trace-link[href='/traces/" + request.traceId + "']").click();
        browser.waitFor("#span-" + request.dbQuery);
        assertWaterfall();
        assertThat(browser.consoleErrors()).isEmpty();
    }

    /** Four spans, parents first; the database query marked; the request's logs of both services in time order. */
    private void assertWaterfall() {
        assertThat(browser.findAll("li[id^='span-']")).extracting(e -> e.getAttribute("id")).containsExactly(
                "span-" + request.frontendServer, "span-" + request.frontendClient,
                "span-" + request.checkoutServer, "span-" + request.dbQuery);
        WebElement db = browser.find("#span-" + request.dbQuery);
        assertThat(db.getText()).contains(CheckoutRequest.QUERY).contains("← HERE");
        assertThat(browser.findAll(".here-mark")).hasSize(1);
        assertThat(browser.findAll("li.log .body")).extracting(WebElement::getText)
                .containsExactlyElementsOf(request.logBodies);
    }
}
