package dev.sightline.server.ui.traces;

import dev.sightline.server.support.Browser;
import dev.sightline.server.support.ServerPorts;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

/** Trace search in a real Chromium: from "something is slow" to the slow trace, by the scatter plot or the list. */
@QuarkusTest
class TraceSearchPageTest {
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

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static List<String> hitIds() {
        return browser.findAll("table.hits tr.hit").stream().map(r -> r.getAttribute("data-trace-id")).toList();
    }

    @Test
    void findsTheSlowRequestByServiceAndMinimumDurationAndOpensItFromTheList() {
        browser.open("/traces?service=" + enc(request.frontend) + "&minDuration=300ms");

        assertThat(hitIds()).containsExactly(request.traceId);
        WebElement row = browser.find("table.hits tr.hit");
        assertThat(row.getText()).contains(request.frontend).contains("POST /checkout").contains("350 ms");
        assertThat(row.findElement(By.cssSelector("td.errors")).getText()).isEqualTo("2");
        assertThat(browser.find("select[name=service] option:checked").getText()).isEqualTo(request.frontend);
        assertThat(browser.find("input[name=minDuration]").getAttribute("value")).isEqualTo("300ms");

        row.findElement(By.cssSelector("a.trace-link")).click();
        browser.waitFor(d -> browser.location().equals("/traces/" + request.traceId));
        assertThat(browser.findAll("ol.waterfall > li")).hasSize(4);
        assertThat(browser.consoleErrors()).isEmpty();
    }

    @Test
    void theScatterPlotHasAPointLinkingToEachHitFailedOnesRed() {
        browser.open("/traces?service=" + enc(request.frontend) + "&limit=100");

        assertThat(hitIds()).hasSize(21).contains(request.traceId);
        assertThat(browser.findAll("svg.scatter a.point")).hasSize(21);
        WebElement point = browser.find("svg.scatter a.point[href='/traces/" + request.traceId + "']");
        assertThat(point.findElement(By.cssSelector("circle")).getAttribute("class")).isEqualTo("failed");
        assertThat(point.findElement(By.cssSelector("title")).getAttribute("textContent"))
                .contains("POST /checkout").contains("350 ms").contains("2 errors");
        assertThat(browser.findAll("svg.scatter circle.failed")).hasSize(1);
        // The slow trace is the highest point: y grows downwards.
        double slowY = Double.parseDouble(point.findElement(By.cssSelector("circle")).getAttribute("cy"));
        for (WebElement c : browser.findAll("svg.scatter circle.ok")) {
            assertThat(Double.parseDouble(c.getAttribute("cy"))).isGreaterThan(slowY);
        }
        assertThat(browser.findAll("svg.scatter text.ytick")).extracting(WebElement::getText).contains("10 ms",
                "100 ms");
        browser.screenshot("trace-search");

        point.click();
        browser.waitFor(d -> browser.location().equals("/traces/" + request.traceId));
        assertThat(browser.consoleErrors()).isEmpty();
    }

    @Test
    void errorsOnlyAndAttributeFiltersNarrowTheSearchAndRangeLinksKeepEveryFilter() {
        browser.open("/traces?service=" + enc(request.frontend) + "&error=true");
        assertThat(hitIds()).containsExactly(request.traceId);
        assertThat(browser.find("input[name=error]").isSelected()).isTrue();

        browser.open("/traces?service=" + enc(request.checkout) + "&filter=" + enc("db.system=postgresql")
                + "&filter=" + enc("db.namespace=orders") + "&minDuration=100ms");
        assertThat(hitIds()).containsExactly(request.traceId);
        assertThat(browser.findAll("input[name=filter]")).extracting(e -> e.getAttribute("value"))
                .containsExactly("db.system=postgresql", "db.namespace=orders", "");

        browser.find("nav.range a[href*='range=6h']").click();
        assertThat(browser.location()).contains("range=6h").contains("filter=db.system%3Dpostgresql")
                .contains("filter=db.namespace%3Dorders");
        assertThat(hitIds()).containsExactly(request.traceId);

        browser.open("/traces?service=" + enc(request.checkout) + "&filter=" + enc("db.system=mysql"));
        assertThat(hitIds()).isEmpty();
        assertThat(browser.find("table.hits td.empty").getText()).contains("No trace matches");
        assertThat(browser.find("svg.scatter text.nodata").getText()).contains("no trace matches");
    }

    @Test
    void theOperationPickerListsTheChosenServicesOperationsAndSearchesByOne() {
        browser.open("/traces?service=" + enc(request.checkout));
        assertThat(browser.findAll("select[name=operation] option")).extracting(WebElement::getText)
                .containsExactly("any operation", "POST /orders", CheckoutRequest.QUERY);

        new Select(browser.find("select[name=operation]"))
                .selectByVisibleText(CheckoutRequest.QUERY);
        browser.find("input[name=minDuration]").sendKeys("250ms");
        browser.find("form.trace-search button[type=submit]").click();
        browser.waitFor(d -> browser.location().contains("operation="));
        assertThat(browser.location()).contains("operation=SELECT+orders").contains("minDuration=250ms");
        assertThat(hitIds()).containsExactly(request.traceId);
        assertThat(browser.consoleErrors()).isEmpty();
    }

    @Test
    void aBadFilterIsA400PageNamingTheParameter() {
        RestAssured.given().port(ServerPorts.api()).queryParam("filter", "tenant = (").get("/traces").then()
                .statusCode(400).contentType("text/html").body(containsString("Bad filter: position"));
        RestAssured.given().port(ServerPorts.api()).queryParam("minDuration", "slow").get("/traces").then()
                .statusCode(400).contentType("text/html").body(containsString("Bad minDuration"));
        RestAssured.given().port(ServerPorts.api()).queryParam("limit", "0").get("/traces").then()
                .statusCode(400).body(containsString("Bad limit"));
    }
}
