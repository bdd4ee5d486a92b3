package dev.sightline.server.ui.alerts;

import dev.sightline.server.support.Browser;
import dev.sightline.server.support.ServerPorts;
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

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.sightline.server.ui.alerts.AlertingUi.HOSTILE_RUNBOOK;
import static dev.sightline.server.ui.alerts.AlertingUi.IMG;
import static dev.sightline.server.ui.alerts.AlertingUi.JS_LINK;
import static dev.sightline.server.ui.alerts.AlertingUi.PAGE_ALERT;
import static dev.sightline.server.ui.alerts.AlertingUi.RULE;
import static dev.sightline.server.ui.alerts.AlertingUi.SCRIPT;
import static dev.sightline.server.ui.alerts.AlertingUi.SERVICE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The alert pages in a real Chromium, over alerts that really fire: an SLO page and a rule on the same service,
 * from failing requests sent by the OpenTelemetry SDK. The list links runbooks and evidence; an alert's page shows
 * its hostile labels and annotations as text, its evidence traces, what inhibits it and what was sent; a silence
 * made from the page mutes exactly that alert and can be expired there; a form post from another site is refused.
 */
@QuarkusTest
@TestProfile(AlertingUi.Profile.class)
class AlertsPageTest {
    private static Browser browser;
    private static String pageFingerprint;
    private static String ruleFingerprint;

    @BeforeAll
    static void fire() {
        AlertingUi.sendFailingTraffic();
        JsonPath firing = AlertingUi.awaitFiring();
        pageFingerprint = AlertingUi.fingerprint(firing, PAGE_ALERT);
        ruleFingerprint = AlertingUi.fingerprint(firing, RULE);
        browser = new Browser(ServerPorts.api());
    }

    @AfterAll
    static void close() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void theListShowsTheFiringAlertsWithRunbookAndEvidence() {
        browser.open("/alerts?service=" + SERVICE);
        WebElement page = browser.waitFor("tr[data-fingerprint='" + pageFingerprint + "']");
        assertThat(page.findElement(By.cssSelector(".badge")).getText()).isEqualTo("firing");
        assertThat(page.findElement(By.cssSelector("a.alert-link")).getText()).isEqualTo(PAGE_ALERT);
        assertThat(page.findElement(By.cssSelector("a.runbook-link")).getDomAttribute("href"))
                .isEqualTo("/runbooks/slo-fast-burn");
        assertThat(page.findElement(By.cssSelector("td.evidence-count")).getText()).matches("[1-5] traces");

        WebElement rule = browser.find("tr[data-fingerprint='" + ruleFingerprint + "']");
        assertThat(rule.findElement(By.cssSelector("a.runbook-link")).getDomAttribute("href"))
                .isEqualTo("/runbooks/" + HOSTILE_RUNBOOK);
        assertThat(rule.findElement(By.cssSelector("td.summary-text")).getText()).isEqualTo(IMG);
        assertThat(rule.findElements(By.cssSelector(".label-value"))).extracting(WebElement::getText)
                .contains(SCRIPT, SERVICE);
        assertThat(rule.findElement(By.cssSelector("td.muted-status")).getText()).contains("inhibited");
        assertNothingRan();
        browser.screenshot("alerts");

        // The runbook link opens the user's runbook in the layout, its raw HTML as text and its javascript: link gone.
        rule.findElement(By.cssSelector("a.runbook-link")).click();
        browser.waitFor("article.runbook-body h1");
        assertThat(browser.location()).isEqualTo("/runbooks/" + HOSTILE_RUNBOOK);
        assertThat(browser.find("body").getDomAttribute("data-page")).isEqualTo("runbooks");
        assertThat(browser.find("article.runbook-body h1").getText()).isEqualTo("Hostile " + SCRIPT + " runbook");
        assertThat(browser.find("article.runbook-body").getText()).contains(SCRIPT, IMG);
        assertThat(browser.findAll("article.runbook-body script, article.runbook-body img")).isEmpty();
        assertThat(browser.script("return [...document.querySelectorAll('a')].filter(a => "
                + "(a.getAttribute('href') || '').trim().toLowerCase().startsWith('javascript')).length"))
                .isEqualTo(0L);
        assertNothingRan();
    }

    @Test
    void anAlertPageShowsEvidenceTracesAnnotationsAndNotifications() {
        JsonPath api = RestAssured.given().port(ServerPorts.api()).get("/api/alerts/" + pageFingerprint).jsonPath();
        List<String> traceIds = api.getList("evidence.traceId");
        assertThat(traceIds).isNotEmpty();

        browser.open("/alerts/" + pageFingerprint);
        assertThat(browser.find("h1 .alert-name").getText()).isEqualTo(PAGE_ALERT);
        assertThat(browser.find("a.runbook-link").getDomAttribute("href")).isEqualTo("/runbooks/slo-fast-burn");
        assertThat(browser.find("a.slo-link").getDomAttribute("href")).isEqualTo("/slos/" + AlertingUi.SLO);
        // The evidence links open the UI's trace page (another page's work; only the link is checked here).
        assertThat(browser.findAll("table.evidence a.trace-link")).extracting(a -> a.getDomAttribute("href"))
                .containsExactlyElementsOf(traceIds.stream().map(id -> "/traces/" + id).toList());
        assertThat(browser.findAll("table.evidence pre.log-line")).isNotEmpty().allSatisfy(line ->
                assertThat(line.getText()).contains("payment backend unavailable " + SCRIPT));
        Map<String, String> annotations = definitions("dl.annotations");
        assertThat(annotations).containsEntry("runbook_url", "http://sightline.ui-test:16686/runbooks/slo-fast-burn")
                .containsKeys("summary", "description", "budget_remaining", "burn_rate_1h", "burn_rate_5m");
        assertThat(definitions("dl.labels-list")).containsEntry("alertname", PAGE_ALERT)
                .containsEntry("team", SCRIPT).containsEntry("severity", "page");

        // The page is notified (nothing inhibits it): the delivery log shows it once the receiver answered.
        browser.waitFor(d -> {
            d.navigate().refresh();
            return !d.findElements(By.cssSelector("table.deliveries tr.outcome-delivered")).isEmpty();
        });
        WebElement delivery = browser.find("table.deliveries tr.outcome-delivered");
        assertThat(delivery.getText()).contains("ui", "firing", "delivered", "200");
        assertNothingRan();
        browser.screenshot("alert");
        browser.script("document.getElementById('evidence').scrollIntoView()");
        browser.screenshot("alert-evidence");
    }

    @Test
    void hostileLabelsAndAnnotationsAreTextAndTheInhibitorIsNamed() {
        browser.open("/alerts/" + ruleFingerprint);
        assertThat(browser.find("p.alert-summary").getText()).isEqualTo(IMG);
        Map<String, String> annotations = definitions("dl.annotations");
        assertThat(annotations).containsEntry("summary", IMG).containsEntry("dashboard", JS_LINK)
                .containsEntry("description", SCRIPT + " fails 50% for " + SCRIPT);
        assertThat(definitions("dl.labels-list")).containsEntry("team", SCRIPT);
        assertThat(browser.findAll("main img, main script")).isEmpty();
        assertThat(browser.findAll("main a")).extracting(a -> a.getDomAttribute("href"))
                .noneMatch(href -> href != null && href.toLowerCase().startsWith("javascript"));
        WebElement inhibitor = browser.find("p.inhibition a.inhibitor-link");
        assertThat(inhibitor.getText()).isEqualTo(PAGE_ALERT);
        assertThat(inhibitor.getDomAttribute("href")).isEqualTo("/alerts/" + pageFingerprint);
        assertNothingRan();
    }

    @Test
    void silencingFromThePageMutesExactlyThatAlertUntilItIsExpired() {
        browser.open("/alerts/" + ruleFingerprint);
        assertThat(browser.find("form.silence-form input[name=duration]").getDomProperty("value")).isEqualTo("2h");
        String comment = "payment backend migration " + Instant.now();
        browser.find("form.silence-form input[name=comment]").sendKeys(comment);
        browser.find("form.silence-form input[name=createdBy]").sendKeys("ui-test");
        browser.find("form.silence-form button.silence-submit").click();

        WebElement badge = browser.waitFor("table.silences tr[data-silence] .badge.silence-active");
        assertThat(browser.location()).isEqualTo("/alerts/" + ruleFingerprint);
        assertThat(browser.find(".page-head .badge.silenced").getText()).isEqualTo("silenced");
        assertThat(browser.findAll("form.silence-form")).as("no second silence offered").isEmpty();
        String id = browser.find("table.silences tr[data-silence]").getDomAttribute("data-silence");
        assertThat(badge.getText()).isEqualTo("active");
        assertThat(browser.find("table.silences td.comment").getText()).isEqualTo(comment);
        assertThat(browser.find("table.silences td.matchers").getText()).contains("team=\"" + SCRIPT + "\"");
        assertNothingRan();
        browser.screenshot("alert-silenced");

        // The API lists it with one equality matcher per label of the alert, nothing more.
        Map<String, String> labels = RestAssured.given().port(ServerPorts.api()).get("/api/alerts/" + ruleFingerprint)
                .jsonPath().getMap("labels");
        JsonPath silence = RestAssured.given().port(ServerPorts.api()).get("/api/silences/" + id).jsonPath();
        assertThat(silence.getString("status.state")).isEqualTo("active");
        assertThat(silence.getString("createdBy")).isEqualTo("ui-test");
        assertThat(silence.getString("comment")).isEqualTo(comment);
        assertThat(Duration.between(Instant.now(), Instant.parse(silence.getString("endsAt"))))
                .isBetween(Duration.ofMinutes(119), Duration.ofMinutes(121));
        List<Map<String, Object>> matchers = silence.getList("matchers");
        Map<String, String> matched = new HashMap<>();
        for (Map<String, Object> m : matchers) {
            assertThat(m).containsEntry("isRegex", false).containsEntry("isEqual", true);
            matched.put((String) m.get("name"), (String) m.get("value"));
        }
        assertThat(matched).isEqualTo(labels).containsEntry("team", SCRIPT).containsEntry("alertname", RULE);
        assertThat(RestAssured.given().port(ServerPorts.api()).get("/api/silences").jsonPath()
                .getList("id")).contains(id);
        // The next evaluation round marks the alert silenced, and only it.
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> RestAssured.given().port(ServerPorts.api())
                .get("/api/alerts/" + ruleFingerprint).jsonPath().getList("silencedBy").contains(id));
        assertThat(RestAssured.given().port(ServerPorts.api()).get("/api/alerts/" + pageFingerprint).jsonPath()
                .getList("silencedBy")).isEmpty();

        browser.find("tr[data-silence='" + id + "'] form.expire-form button").click();
        browser.waitFor("tr[data-silence='" + id + "'] .badge.silence-expired");
        assertThat(browser.location()).isEqualTo("/alerts/" + ruleFingerprint);
        assertThat(browser.findAll("form.silence-form")).hasSize(1);
        assertThat(browser.findAll(".page-head .badge.silenced")).isEmpty();
        assertThat(RestAssured.given().port(ServerPorts.api()).get("/api/silences/" + id).jsonPath()
                .getString("status.state")).isEqualTo("expired");
        assertNothingRan();
    }

    @Test
    void formPostsFromAnotherSiteAreRefused() {
        int before = silenceCount();
        Response evil = silencePost().header("Origin", "https://evil.example").post(silencePath());
        assertThat(evil.statusCode()).isEqualTo(403);
        assertThat(evil.contentType()).startsWith("text/html");
        assertThat(evil.asString()).contains("Refused a form post from another site");
        Response crossSite = silencePost().header("Sec-Fetch-Site", "cross-site").post(silencePath());
        assertThat(crossSite.statusCode()).isEqualTo(403);
        Response nullOrigin = silencePost().header("Origin", "null").post(silencePath());
        assertThat(nullOrigin.statusCode()).isEqualTo(403);
        assertThat(silenceCount()).as("no silence was made").isEqualTo(before);

        // Expiring is guarded the same way: the silence stays active.
        String body = """
                {"matchers": [{"name": "alertname", "value": "NoSuchAlert"}], "endsAt": "%s",
                 "createdBy": "ui-test", "comment": "target of a forged expiry"}
                """.formatted(Instant.now().plus(Duration.ofHours(1)));
        String id = RestAssured.given().port(ServerPorts.api()).contentType("application/json").body(body)
                .post("/api/silences").then().statusCode(201).extract().jsonPath().getString("id");
        Response forgedExpiry = RestAssured.given().port(ServerPorts.api()).redirects().follow(false)
                .header("Origin", "https://evil.example").formParam("alert", ruleFingerprint)
                .post("/silences/" + id + "/expire");
        assertThat(forgedExpiry.statusCode()).isEqualTo(403);
        assertThat(RestAssured.given().port(ServerPorts.api()).get("/api/silences/" + id).jsonPath()
                .getString("status.state")).isEqualTo("active");

        // The same post from this server's own origin (or from a tool that sends none) goes through.
        Response own = RestAssured.given().port(ServerPorts.api()).redirects().follow(false)
                .header("Origin", RestAssured.baseURI + ":" + ServerPorts.api())
                .header("Sec-Fetch-Site", "same-origin")
                .formParam("alert", ruleFingerprint).post("/silences/" + id + "/expire");
        assertThat(own.statusCode()).as(own.asString()).isEqualTo(303);
        assertThat(own.header("Location")).endsWith("/alerts/" + ruleFingerprint);
        assertThat(RestAssured.given().port(ServerPorts.api()).get("/api/silences/" + id).jsonPath()
                .getString("status.state")).isEqualTo("expired");
    }

    @Test
    void aSilenceNeedsACommentAndAnAuthor() {
        int before = silenceCount();
        Response noComment = RestAssured.given().port(ServerPorts.api()).redirects().follow(false)
                .formParam("duration", "1h").formParam("createdBy", "ui-test").post(silencePath());
        assertThat(noComment.statusCode()).isEqualTo(400);
        assertThat(noComment.asString()).contains("Bad comment");
        Response badDuration = RestAssured.given().port(ServerPorts.api()).redirects().follow(false)
                .formParam("duration", "soon").formParam("comment", "x").formParam("createdBy", "ui-test")
                .post(silencePath());
        assertThat(badDuration.statusCode()).isEqualTo(400);
        assertThat(badDuration.asString()).contains("Bad duration");
        assertThat(silenceCount()).isEqualTo(before);
    }

    @Test
    void unknownAlertsAndBadFiltersAnswerWithPages() {
        Response unknown = RestAssured.given().port(ServerPorts.api()).get("/alerts/00000000000000ff");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.contentType()).startsWith("text/html");
        assertThat(unknown.asString()).contains("00000000000000ff");
        Response bad = RestAssured.given().port(ServerPorts.api()).get("/alerts?state=bogus");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.asString()).contains("Bad state");
        browser.open("/alerts?state=firing&service=" + SERVICE);
        assertThat(browser.findAll("table.alerts tbody tr[data-fingerprint]"))
                .extracting(r -> r.findElement(By.cssSelector(".badge")).getText()).isNotEmpty()
                .containsOnly("firing");
        assertThat(browser.find("select[name=state] option[selected]").getText()).isEqualTo("firing");
    }

    private static io.restassured.specification.RequestSpecification silencePost() {
        return RestAssured.given().port(ServerPorts.api()).redirects().follow(false)
                .formParam("duration", "2h").formParam("comment", "forged").formParam("createdBy", "evil");
    }

    private static String silencePath() {
        return "/alerts/" + ruleFingerprint + "/silence";
    }

    private static int silenceCount() {
        return RestAssured.given().port(ServerPorts.api()).get("/api/silences").jsonPath().getList("id").size();
    }

    /** The name → value pairs of a {@code dl.kv}, as the browser shows them. */
    private static Map<String, String> definitions(String css) {
        List<WebElement> names = browser.findAll(css + " dt");
        List<WebElement> values = browser.findAll(css + " dd");
        Map<String, String> out = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            out.put(names.get(i).getText(), values.get(i).getText());
        }
        return out;
    }

    private static void assertNothingRan() {
        assertThat(browser.script("return typeof window.__pwned")).isEqualTo("undefined");
        assertThat(browser.consoleErrors()).isEmpty();
    }
}
