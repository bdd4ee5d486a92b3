package dev.sightline.server.ui.runbooks;

import dev.sightline.alerting.runbook.BuiltInRunbooks;
import dev.sightline.server.support.Browser;
import dev.sightline.server.support.ServerPorts;
import dev.sightline.server.ui.alerts.AlertingUi;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import java.util.ArrayList;
import java.util.List;

import static dev.sightline.server.ui.alerts.AlertingUi.HOSTILE_RUNBOOK;
import static dev.sightline.server.ui.alerts.AlertingUi.IMG;
import static dev.sightline.server.ui.alerts.AlertingUi.SCRIPT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runbooks in the UI's layout, in a real Chromium: the built-in ones and a user folder's, whose raw HTML shows as
 * text and whose javascript: link is dropped; the Markdown source next to each; error pages for names that are
 * unknown or not names at all.
 */
@QuarkusTest
@TestProfile(AlertingUi.Profile.class)
class RunbooksPageTest {
    private static Browser browser;

    AlertingUi.ConfigFiles files;

    @BeforeAll
    static void start() {
        browser = new Browser(ServerPorts.api());
    }

    @AfterAll
    static void close() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void theListHasEveryRunbookWithItsTitleAndSource() {
        browser.open("/runbooks");
        assertThat(browser.find("body").getDomAttribute("data-page")).isEqualTo("runbooks");
        List<String> expected = new ArrayList<>(BuiltInRunbooks.NAMES);
        expected.add(HOSTILE_RUNBOOK);
        assertThat(browser.findAll("table.runbooks tr[data-runbook]"))
                .extracting(r -> r.getDomAttribute("data-runbook"))
                .containsExactlyInAnyOrderElementsOf(expected);
        WebElement builtIn = browser.find("tr[data-runbook='high-latency']");
        assertThat(builtIn.findElement(By.cssSelector("a.runbook-link")).getText()).isEqualTo("High latency");
        assertThat(builtIn.findElement(By.cssSelector("td.origin")).getText()).isEqualTo("built-in");
        WebElement user = browser.find("tr[data-runbook='" + HOSTILE_RUNBOOK + "']");
        assertThat(user.findElement(By.cssSelector("a.runbook-link")).getText())
                .isEqualTo("Hostile " + SCRIPT + " runbook");
        assertThat(user.findElement(By.cssSelector("td.origin")).getText()).startsWith("user")
                .contains(files.runbooks().toString());
        assertThat(user.findElement(By.cssSelector("a.source-link")).getDomAttribute("href"))
                .isEqualTo("/runbooks/" + HOSTILE_RUNBOOK + ".md");
        assertNothingRan();
        browser.screenshot("runbooks");
    }

    @Test
    void aBuiltInRunbookIsRenderedInTheLayout() {
        browser.open("/runbooks");
        browser.find("tr[data-runbook='slo-fast-burn'] a.runbook-link").click();
        browser.waitFor("article.runbook-body h1");
        assertThat(browser.location()).isEqualTo("/runbooks/slo-fast-burn");
        assertThat(browser.findAll("header.top nav a.nav-runbooks")).hasSize(1);
        assertThat(browser.find("article.runbook-body h1").getText()).isEqualTo("SLO fast burn");
        assertThat(browser.findAll("article.runbook-body table")).isNotEmpty();
        assertThat(browser.findAll("article.runbook-body h2")).extracting(WebElement::getText)
                .contains("Symptoms", "What to check", "Mitigations", "Escalation");
        assertThat(browser.find("article.runbook-body a[href='/alerts']").getText()).isEqualTo("/alerts");
        assertThat(browser.find("footer.runbook-foot a.source-link").getDomAttribute("href"))
                .isEqualTo("/runbooks/slo-fast-burn.md");
        assertNothingRan();
        browser.screenshot("runbook");

        Response page = RestAssured.given().port(ServerPorts.api()).get("/runbooks/slo-fast-burn");
        assertThat(page.contentType()).startsWith("text/html");
        assertThat(page.header("Content-Security-Policy")).contains("script-src 'self'")
                .doesNotContain("unsafe-inline");
    }

    @Test
    void aUserRunbooksRawHtmlIsTextAndItsJavascriptLinkIsDropped() {
        browser.open("/runbooks/" + HOSTILE_RUNBOOK);
        WebElement body = browser.waitFor("article.runbook-body");
        assertThat(body.getText()).contains(SCRIPT, IMG);
        assertThat(browser.findAll("main script, main img, main iframe")).isEmpty();
        WebElement click = body.findElement(By.linkText("click me"));
        String href = click.getDomAttribute("href");
        assertThat(href == null ? "" : href).doesNotContainIgnoringCase("javascript");
        assertThat(body.findElement(By.linkText("the alerts")).getDomAttribute("href")).isEqualTo("/alerts");
        assertThat(browser.find("footer.runbook-foot").getText()).contains("user folder runbook",
                files.runbooks().toString());
        assertNothingRan();
    }

    @Test
    void theMarkdownSourceIsServedAsText() {
        Response md = RestAssured.given().port(ServerPorts.api()).get("/runbooks/" + HOSTILE_RUNBOOK + ".md");
        assertThat(md.statusCode()).isEqualTo(200);
        assertThat(md.contentType()).startsWith("text/markdown");
        assertThat(md.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(md.asString()).startsWith("# Hostile " + SCRIPT).contains("](" + AlertingUi.JS_LINK + ")");
        String builtIn = RestAssured.given().port(ServerPorts.api()).get("/runbooks/saturation.md").asString();
        assertThat(builtIn).isEqualTo(RestAssured.given().port(ServerPorts.api()).get("/api/runbooks/saturation")
                .jsonPath().getString("markdown"));
    }

    @Test
    void unknownNamesAndNonNamesAnswerWithPages() {
        Response unknown = RestAssured.given().port(ServerPorts.api()).get("/runbooks/disk-full");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.contentType()).startsWith("text/html");
        assertThat(unknown.asString()).contains("disk-full");
        assertThat(RestAssured.given().port(ServerPorts.api()).get("/runbooks/disk-full.md").statusCode())
                .isEqualTo(404);
        Response upper = RestAssured.given().port(ServerPorts.api()).get("/runbooks/High-Latency");
        assertThat(upper.statusCode()).isEqualTo(400);
        Response script = RestAssured.given().port(ServerPorts.api()).urlEncodingEnabled(false)
                .get("/runbooks/%3Cscript%3E");
        assertThat(script.statusCode()).isEqualTo(400);
        assertThat(script.asString()).contains("&lt;script&gt;").doesNotContain("<script>");
    }

    private static void assertNothingRan() {
        assertThat(browser.script("return typeof window.__pwned")).isEqualTo("undefined");
        assertThat(browser.consoleErrors()).isEmpty();
    }
}
