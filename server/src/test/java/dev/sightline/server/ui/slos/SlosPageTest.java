package dev.sightline.server.ui.slos;

import dev.sightline.server.support.Browser;
import dev.sightline.server.support.ServerPorts;
import dev.sightline.server.ui.alerts.AlertingUi;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

import static dev.sightline.server.ui.alerts.AlertingUi.IMG;
import static dev.sightline.server.ui.alerts.AlertingUi.PAGE_ALERT;
import static dev.sightline.server.ui.alerts.AlertingUi.SCRIPT;
import static dev.sightline.server.ui.alerts.AlertingUi.SERVICE;
import static dev.sightline.server.ui.alerts.AlertingUi.SLO;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The SLO pages in a real Chromium over an SLO whose service fails half its requests: the list shows the budget
 * overspent with the burn rates above their thresholds and the page alert firing; the SLO's page draws its
 * burn-down and policy; a refused SLO file is reported while the SLOs it had stay.
 */
@QuarkusTest
@TestProfile(AlertingUi.Profile.class)
class SlosPageTest {
    private static Browser browser;
    private static String pageFingerprint;

    AlertingUi.ConfigFiles files;

    @BeforeAll
    static void burn() {
        AlertingUi.sendFailingTraffic();
        pageFingerprint = AlertingUi.fingerprint(AlertingUi.awaitFiring(), PAGE_ALERT);
        browser = new Browser(ServerPorts.api());
    }

    @AfterAll
    static void close() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void theListShowsTheOverspentBudgetAndBurnRatesAboveThresholds() {
        JsonPath api = RestAssured.given().port(ServerPorts.api()).get("/api/slos/" + SLO).jsonPath();
        assertThat(api.getDouble("budgetRemaining")).isNegative();

        browser.open("/slos?q=ui-checkout");
        WebElement row = browser.waitFor("tr[data-slo='" + SLO + "']");
        assertThat(row.getDomAttribute("class")).contains("health-critical");
        assertThat(row.findElement(By.cssSelector("a.slo-link")).getDomAttribute("href")).isEqualTo("/slos/" + SLO);
        assertThat(row.getText()).contains(SERVICE, "availability", "99.9 %");
        assertThat(row.findElement(By.cssSelector(".budget-value")).getText()).startsWith("-").endsWith("%");
        assertThat(row.findElements(By.cssSelector("svg.budget-bar.budget-out"))).hasSize(1);
        assertThat(row.findElement(By.cssSelector("svg.budget-bar rect.fill")).getDomAttribute("width"))
                .isEqualTo("0.0");
        for (String window : List.of("5m", "1h")) {
            WebElement burn = row.findElement(By.cssSelector("td.burn[data-window='" + window + "']"));
            assertThat(burn.getDomAttribute("class")).as(window).contains("burn-page");
            assertThat(number(burn.getText())).as(window).isGreaterThan(14.4);
        }
        assertThat(row.findElement(By.cssSelector("td.tte")).getText()).isEqualTo("exhausted");
        WebElement alert = row.findElement(By.cssSelector("td.alerts a.state-firing"));
        assertThat(alert.getText()).isEqualTo("page firing");
        assertThat(alert.getDomAttribute("href")).isEqualTo("/alerts/" + pageFingerprint);
        assertNothingRan();
        browser.screenshot("slos");
    }

    @Test
    void theSloPageDrawsItsBurnDownPolicyAndDefinition() {
        browser.open("/slos/" + SLO);
        assertThat(browser.find("h1 .slo-name").getText()).isEqualTo(SLO);
        assertThat(browser.find(".figure-value.budget-remaining").getText()).startsWith("-");
        assertThat(browser.find("p.description").getText()).isEqualTo("Checkout works " + IMG);
        String path = browser.find("figure.chart svg path.line").getDomAttribute("d");
        assertThat(path).startsWith("M").contains("L");
        // One point per hour of the 30-day window: the line runs the chart's whole width.
        assertThat(browser.findAll("figure.chart svg rect.hover").size()).isGreaterThanOrEqualTo(720);
        assertThat(browser.findAll("table.policy tbody tr")).hasSize(4);
        assertThat(browser.findAll("table.policy tbody tr.tripped")).as("every pair burns above its rate")
                .hasSize(4);
        assertThat(browser.find("table.burns td.burn[data-window='5m']").getDomAttribute("class"))
                .contains("burn-page");
        assertThat(browser.find("table.slo-alerts a[href='/alerts/" + pageFingerprint + "']").getText())
                .isEqualTo(PAGE_ALERT);
        assertThat(browser.find("p.origin").getText()).startsWith("From the SLO file")
                .contains(files.sloFile().toString());
        assertThat(browser.find("pre.yaml").getText()).contains("name: \"" + SLO + "\"", "service: \"" + SERVICE
                + "\"", "objective: 99.9%", "team: \"" + SCRIPT + "\"");
        assertThat(browser.find("dd.events-total").getText()).matches("[0-9,]+ valid, [0-9,]+ good, [0-9,]+ bad");
        assertThat(browser.findAll("main img, main script")).isEmpty();
        assertNothingRan();
        browser.screenshot("slo");
    }

    @Test
    void anUnknownSloIsANotFoundPage() {
        Response r = RestAssured.given().port(ServerPorts.api()).get("/slos/no-such-slo");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.contentType()).startsWith("text/html");
        assertThat(r.asString()).contains("no-such-slo", "Not found");
    }

    @Test
    void aRefusedSloFileIsShownWhileItsSlosStay() throws IOException {
        try {
            Files.writeString(files.sloFile(), AlertingUi.SLO_FILE + "    bogus_field: 1\n");
            browser.open("/slos");
            browser.waitFor(d -> {
                d.navigate().refresh();
                return !d.findElements(By.cssSelector(".config-problem")).isEmpty();
            });
            assertThat(browser.find(".config-problem .problem-message").getText())
                    .contains("slos.yaml:").contains("bogus_field");
            assertThat(browser.findAll("tr[data-slo='" + SLO + "']")).as("the previous SLOs stay").hasSize(1);
            assertNothingRan();
        } finally {
            Files.writeString(files.sloFile(), AlertingUi.SLO_FILE);
        }
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> RestAssured.given().port(ServerPorts.api())
                .get("/api/slos/config").jsonPath().get("problem") == null);
        browser.open("/slos");
        assertThat(browser.findAll(".config-problem")).isEmpty();
    }

    private static double number(String burn) {
        return Double.parseDouble(burn.replace("×", "").replace(",", "").trim().toLowerCase(Locale.ROOT));
    }

    private static void assertNothingRan() {
        assertThat(browser.script("return typeof window.__pwned")).isEqualTo("undefined");
        assertThat(browser.consoleErrors()).isEmpty();
    }
}
