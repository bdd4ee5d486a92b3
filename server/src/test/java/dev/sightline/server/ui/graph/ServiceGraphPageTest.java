package dev.sightline.server.ui.graph;

import dev.sightline.server.support.Browser;
import dev.sightline.server.support.ServerPorts;
import dev.sightline.server.support.Telemetry;
import dev.sightline.server.ui.service.CallChain;
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
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

/**
 * The service graph in a real Chromium over a frontend → backend → PostgreSQL chain sent by the OpenTelemetry SDK:
 * services and the database drawn as different shapes, callers left of callees, edges labelled with their error
 * ratio, the focus narrowing the picture, and every edge in the table below.
 */
@QuarkusTest
class ServiceGraphPageTest {
    private static final CallChain SHOP = new CallChain("ui-graph");
    private static Browser browser;
    private int consoleSeen;

    @BeforeAll
    static void send() {
        try (Telemetry apps = new Telemetry(ServerPorts.grpc())) {
            SHOP.send(apps);
            SHOP.awaitIndexed(apps, ServerPorts.api());
        }
        browser = new Browser(ServerPorts.api());
    }

    @AfterAll
    static void close() {
        if (browser != null) {
            browser.close();
        }
    }

    @BeforeEach
    void markConsole() {
        consoleSeen = browser.consoleErrors().size();
    }

    private List<String> newConsoleErrors() {
        List<String> all = browser.consoleErrors();
        return all.subList(consoleSeen, all.size());
    }

    private static String focus(String service, int depth) {
        return "/service-graph?service=" + URLEncoder.encode(service, StandardCharsets.UTF_8).replace("+", "%20")
                + "&depth=" + depth;
    }

    private static WebElement node(String name) {
        return browser.findAll("svg.service-graph a[data-node]").stream()
                .filter(n -> name.equals(n.getAttribute("data-node"))).findFirst()
                .orElseThrow(() -> new AssertionError("no node " + name));
    }

    private static WebElement edge(String caller, String callee) {
        return browser.findAll("svg.service-graph g.edge").stream()
                .filter(e -> caller.equals(e.getAttribute("data-caller"))
                        && callee.equals(e.getAttribute("data-callee")))
                .findFirst().orElseThrow(() -> new AssertionError("no edge " + caller + " → " + callee));
    }

    private static List<String> nodeNames() {
        return browser.findAll("svg.service-graph a[data-node]").stream().map(n -> n.getAttribute("data-node"))
                .toList();
    }

    @Test
    void drawsTheServicesAndTheDatabaseWithLabelledEdges() {
        browser.open(focus(SHOP.backend, 1));
        assertThat(nodeNames()).containsExactlyInAnyOrder(SHOP.frontend, SHOP.backend, SHOP.database,
                SHOP.hostileCaller, SHOP.hostilePeer);

        WebElement backend = node(SHOP.backend);
        WebElement frontend = node(SHOP.frontend);
        WebElement database = node(SHOP.database);
        assertThat(backend.getAttribute("class")).contains("service").contains("focus");
        assertThat(database.getAttribute("class")).contains("peer");
        assertThat(database.findElement(By.cssSelector("text.node-kind")).getText()).isEqualTo("uninstrumented");
        // Callers left of callees.
        double x = Double.parseDouble(frontend.findElement(By.tagName("rect")).getAttribute("x"));
        double bx = Double.parseDouble(backend.findElement(By.tagName("rect")).getAttribute("x"));
        double dx = Double.parseDouble(database.findElement(By.tagName("rect")).getAttribute("x"));
        assertThat(x).isLessThan(bx);
        assertThat(bx).isLessThan(dx);
        // The database is a stadium, services are boxes.
        assertThat(Double.parseDouble(database.findElement(By.tagName("rect")).getAttribute("rx")))
                .isGreaterThan(Double.parseDouble(backend.findElement(By.tagName("rect")).getAttribute("rx")));

        WebElement toDb = edge(SHOP.backend, SHOP.database);
        assertThat(toDb.getAttribute("class")).contains("err-crit");
        assertThat(toDb.findElement(By.cssSelector("text.edge-label")).getText())
                .matches(".+/(s|min) · 25\\.0 % · p95 \\d+ ms");
        assertThat(toDb.findElement(By.cssSelector("path.edge-line")).getAttribute("d")).startsWith("M");
        WebElement hostile = edge(SHOP.hostileCaller, SHOP.backend);
        assertThat(hostile.getAttribute("class")).contains("err-none");
        assertThat(hostile.findElement(By.cssSelector("text.edge-label")).getText()).contains(" · 0 % · ");

        // Services link to their pages; the database to the graph around it.
        assertThat(frontend.getDomAttribute("href")).isEqualTo("/services/" + SHOP.frontend);
        assertThat(database.getDomAttribute("href"))
                .isEqualTo("/service-graph?service=postgresql%2Forders-" + SHOP.run);

        // The table has every edge of the view, with the same numbers.
        WebElement row = browser.find("table.edges tr[data-caller='" + SHOP.frontend + "']");
        assertThat(row.getAttribute("data-callee")).isEqualTo(SHOP.backend);
        assertThat(row.findElement(By.cssSelector("td.errors")).getText()).isEqualTo("25.0 %");
        assertThat(browser.findAll("table.edges tbody tr[data-caller]")).hasSize(4);

        browser.screenshot("service-graph");
        assertThat(browser.script("return typeof window.__pwned")).isEqualTo("undefined");
        assertThat(newConsoleErrors()).isEmpty();

        // A service's node opens its page.
        frontend.findElement(By.cssSelector("text.node-name")).click();
        browser.waitFor(d -> browser.location().startsWith("/services/"));
        assertThat(browser.location()).isEqualTo("/services/" + SHOP.frontend);
    }

    @Test
    void theFocusNarrowsThePictureToTheNeighbourhood() {
        browser.open(focus(SHOP.database, 1));
        assertThat(nodeNames()).containsExactlyInAnyOrder(SHOP.backend, SHOP.database);
        assertThat(browser.findAll("table.edges tbody tr[data-caller]")).hasSize(1);
        assertThat(browser.find(".summary .focus-name").getText()).isEqualTo(SHOP.database);

        browser.open(focus(SHOP.database, 2));
        assertThat(nodeNames()).containsExactlyInAnyOrder(SHOP.frontend, SHOP.backend, SHOP.database,
                SHOP.hostileCaller, SHOP.hostilePeer);
        assertThat(browser.find("select[name=depth] option[selected]").getText()).isEqualTo("2");

        browser.find("a.whole-graph").click();
        assertThat(browser.location()).isEqualTo("/service-graph");
        assertThat(nodeNames()).contains(SHOP.frontend, SHOP.backend, SHOP.database);
        assertThat(newConsoleErrors()).isEmpty();
    }

    @Test
    void hostileNamesAreText() {
        browser.open(focus(SHOP.hostileCaller, 1));
        WebElement evil = node(SHOP.hostileCaller);
        assertThat(evil.findElement(By.tagName("title")).getAttribute("textContent")).isEqualTo(SHOP.hostileCaller);
        assertThat(evil.getDomAttribute("href")).startsWith("/services/%3Cscript%3E");
        assertThat(browser.find(".summary .focus-name").getText()).isEqualTo(SHOP.hostileCaller);
        assertThat(browser.find("input[name=service]").getAttribute("value")).isEqualTo(SHOP.hostileCaller);
        browser.open(focus(SHOP.backend, 1));
        assertThat(node(SHOP.hostilePeer).getDomAttribute("href")).startsWith("/service-graph?service=javascript");
        assertThat(browser.find("table.edges tr[data-callee='" + SHOP.hostilePeer + "'] td:nth-child(2)").getText())
                .startsWith(SHOP.hostilePeer);
        assertThat(browser.script("return typeof window.__pwned")).isEqualTo("undefined");
        assertThat(newConsoleErrors()).isEmpty();
    }

    @Test
    void longRangesAreCutToTheirLastDay() {
        browser.open(focus(SHOP.backend, 1) + "&range=7d");
        assertThat(browser.find("p.clipped").getText()).startsWith("Calls of the last 24h of the range");
        assertThat(nodeNames()).contains(SHOP.frontend, SHOP.database);
        assertThat(browser.find("nav.range a.active").getText()).isEqualTo("7d");
        browser.open(focus(SHOP.backend, 1) + "&range=24h");
        assertThat(browser.findAll("p.clipped")).isEmpty();
    }

    @Test
    void badParametersAnswerWithAPage() {
        RestAssured.given().port(ServerPorts.api()).get("/service-graph?depth=9").then().statusCode(400)
                .contentType("text/html").body(containsString("Bad depth"));
        RestAssured.given().port(ServerPorts.api()).get("/service-graph?service=nobody-" + SHOP.run).then()
                .statusCode(404).contentType("text/html").body(containsString("nobody-" + SHOP.run));
    }
}
