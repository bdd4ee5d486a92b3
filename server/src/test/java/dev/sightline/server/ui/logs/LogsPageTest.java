package dev.sightline.server.ui.logs;

import dev.sightline.server.support.Browser;
import dev.sightline.server.support.ServerPorts;
import dev.sightline.server.support.Telemetry;
import io.opentelemetry.api.common.Value;
import io.opentelemetry.api.logs.Logger;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;

/**
 * The logs explorer in a real Chromium, over records sent by the OpenTelemetry SDK: each filter narrows the list,
 * levels are coloured, a structured body expands, links lead to the trace and the span, live mode shows a record
 * sent after the page opened, and hostile strings stay text.
 */
@QuarkusTest
class LogsPageTest {
    private static final String RUN = "r" + UUID.randomUUID().toString().substring(0, 8);
    private static final String CHECKOUT = "ui-logs-" + RUN + "-checkout";
    private static final String PAYMENTS = "ui-logs-" + RUN + "-payments";
    private static final String SCRIPT = "<script>window.__pwned=1</script>";
    private static final String IMG = "\"><img src=x onerror=\"window.__pwned=1\">";
    private static final String JS_LINK = "javascript:window.__pwned=1";
    private static final String HOSTILE_SERVICE = "ui-logs-" + RUN + "-" + SCRIPT;
    private static final String REQUEST = "req-" + RUN;
    /** Records sent before the tests, all with RUN in their body. */
    private static final int RECORDS = 7;
    private static String traceId;
    private static String spanId;
    private static Browser browser;

    @BeforeAll
    static void send() {
        try (Telemetry apps = new Telemetry(ServerPorts.grpc())) {
            Logger checkout = apps.logger(CHECKOUT);
            Logger payments = apps.logger(PAYMENTS);
            Logger hostile = apps.logger(HOSTILE_SERVICE);
            Tracer tracer = apps.tracer(CHECKOUT);

            checkout.logRecordBuilder().setSeverity(Severity.INFO).setBody("order placed " + RUN)
                    .setAttribute("request_id", REQUEST).setAttribute("cart.size", 3L).emit();
            Span span = tracer.spanBuilder("POST /checkout").setSpanKind(SpanKind.SERVER).startSpan();
            checkout.logRecordBuilder().setContext(Context.root().with(span)).setSeverity(Severity.ERROR)
                    .setBody("payment declined " + RUN).setAttribute("cart.size", 5L).emit();
            span.end();
            traceId = span.getSpanContext().getTraceId();
            spanId = span.getSpanContext().getSpanId();
            payments.logRecordBuilder().setSeverity(Severity.WARN).setBody("slow card network " + RUN).emit();
            payments.logRecordBuilder().setSeverity(Severity.DEBUG).setBody("cache miss " + RUN).emit();
            checkout.logRecordBuilder().setSeverity(Severity.INFO).setBody(Value.of(Map.of(
                    "event", Value.of("order " + RUN),
                    "customer", Value.of(Map.of("id", Value.of(42L), "tier", Value.of("gold"))),
                    "items", Value.of(Value.of("book"), Value.of("pen"))))).emit();
            hostile.logRecordBuilder().setSeverity(Severity.ERROR).setSeverityText(SCRIPT)
                    .setBody(SCRIPT + " " + RUN).setAttribute(IMG, JS_LINK).setAttribute("request_id", JS_LINK)
                    .emit();
            hostile.logRecordBuilder().setSeverity(Severity.FATAL).setBody(Value.of(Map.of(
                    IMG, Value.of(SCRIPT), "note", Value.of("structured " + RUN)))).emit();
        }
        // Records are searchable moments after they are acknowledged.
        await().atMost(Duration.ofSeconds(20)).until(() -> RestAssured.given().port(ServerPorts.api())
                .get("/api/logs?text=" + RUN + "&limit=100").then().extract().jsonPath().getList("logs").size()
                == RECORDS);
        browser = new Browser(ServerPorts.api());
    }

    @AfterAll
    static void close() {
        if (browser != null) {
            browser.close();
        }
    }

    private static List<WebElement> rows() {
        return browser.findAll("table.logs tbody tr.log");
    }

    /** The body shown in each row: the text, or the summary line of an expandable body. */
    private static List<String> bodies() {
        return rows().stream().map(LogsPageTest::body).toList();
    }

    private static String body(WebElement row) {
        return row.findElement(By.cssSelector("td.body .body-text, td.body details.body > summary")).getText();
    }

    @Test
    void everyRecordIsListedNewestFirstWithItsLevelColoured() {
        browser.open("/logs?text=" + RUN);
        assertThat(rows()).hasSize(RECORDS);
        List<Long> times = rows().stream().map(r -> Long.parseLong(r.getAttribute("data-nanos"))).toList();
        assertThat(times).isSortedAccordingTo((a, b) -> Long.compare(b, a));
        WebElement declined = row("payment declined " + RUN);
        assertThat(declined.findElement(By.cssSelector("td.severity span")).getAttribute("class"))
                .isEqualTo("sev-error");
        assertThat(declined.findElement(By.cssSelector("td.severity span")).getCssValue("color"))
                .isEqualTo("rgba(185, 28, 28, 1)");
        assertThat(row("slow card network " + RUN).findElement(By.cssSelector("td.severity span"))
                .getAttribute("class")).isEqualTo("sev-warn");
        assertThat(row("order placed " + RUN).findElement(By.cssSelector("td.severity span")).getAttribute("class"))
                .isEqualTo("sev-info");
        assertThat(row("cache miss " + RUN).findElement(By.cssSelector("td.severity span")).getAttribute("class"))
                .isEqualTo("sev-debug");
        assertThat(declined.findElement(By.cssSelector("td.time time")).getText()).matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3}");
        assertThat(declined.findElement(By.cssSelector("td.service")).getText()).isEqualTo(CHECKOUT);
        assertThat(browser.consoleErrors()).isEmpty();
    }

    @Test
    void minimumSeverityKeepsOnlyThatLevelAndAbove() {
        browser.open("/logs?text=" + RUN);
        new org.openqa.selenium.support.ui.Select(browser.find("select[name=minSeverity]")).selectByValue("WARN");
        browser.find("form.logs-filters button[type=submit]").click();
        browser.waitFor(d -> browser.location().contains("minSeverity=WARN"));
        assertThat(rows()).hasSize(4);
        assertThat(rows()).extracting(r -> r.findElement(By.cssSelector("td.severity span")).getAttribute("class"))
                .allMatch(c -> c.equals("sev-warn") || c.equals("sev-error") || c.equals("sev-fatal"));
        assertThat(browser.find("select[name=minSeverity] option:checked").getAttribute("value")).isEqualTo("WARN");
        browser.open("/logs?text=" + RUN + "&minSeverity=ERROR");
        assertThat(rows()).hasSize(3);
    }

    @Test
    void textAndServiceAndAttributeFiltersNarrowTheList() {
        browser.open("/logs?text=" + "declined%20" + RUN);
        assertThat(bodies()).containsExactly("payment declined " + RUN);
        browser.open("/logs?text=" + RUN + "&service=" + PAYMENTS);
        assertThat(bodies()).containsExactlyInAnyOrder("slow card network " + RUN, "cache miss " + RUN);
        browser.open("/logs?text=" + RUN + "&filter=cart.size%3D3");
        assertThat(rows()).hasSize(1);
        assertThat(bodies().get(0)).startsWith("order placed " + RUN);
        assertThat(browser.find("input[name=filter]").getAttribute("value")).isEqualTo("cart.size=3");
    }

    @Test
    void traceIdFilterFindsTheTracesRecordAndLinksToTraceAndSpan() {
        browser.open("/logs?traceId=" + traceId);
        assertThat(bodies()).containsExactly("payment declined " + RUN);
        WebElement row = rows().get(0);
        assertThat(row.findElement(By.cssSelector("a.trace-link")).getAttribute("href"))
                .isEqualTo(browser.base() + "/traces/" + traceId);
        assertThat(row.findElement(By.cssSelector("a.span-link")).getAttribute("href"))
                .isEqualTo(browser.base() + "/traces/" + traceId + "#span-" + spanId);
        browser.open("/logs?text=" + RUN);
        assertThat(row("order placed " + RUN).findElements(By.cssSelector("a.trace-link"))).isEmpty();
    }

    @Test
    void requestIdFilterFindsTheRecordsOfTheRequestAndLinksToItsCorrelation() {
        browser.open("/logs?requestId=" + REQUEST);
        assertThat(rows()).hasSize(1);
        assertThat(bodies().get(0)).startsWith("order placed " + RUN);
        assertThat(rows().get(0).findElement(By.cssSelector("a.correlation-link")).getAttribute("href"))
                .isEqualTo(browser.base() + "/correlations/" + REQUEST);
        browser.open("/logs?requestId=" + REQUEST + "&minSeverity=ERROR");
        assertThat(rows()).isEmpty();
        assertThat(browser.find("td.empty").getText()).contains("No log records match");
    }

    @Test
    void structuredBodyExpandsToIndentedJson() {
        browser.open("/logs?text=" + RUN + "&service=" + CHECKOUT);
        WebElement details = browser.find("td.body details.body.structured");
        WebElement pre = details.findElement(By.cssSelector("pre"));
        assertThat(pre.isDisplayed()).isFalse();
        assertThat(details.findElement(By.cssSelector("summary")).getText()).contains("\"order " + RUN + "\"");
        details.findElement(By.cssSelector("summary")).click();
        browser.waitFor(d -> pre.isDisplayed());
        assertThat(pre.getText()).contains("\"customer\": {").contains("\"id\": 42").contains("\"items\": [");
        WebElement attributes = row("order placed " + RUN).findElement(By.cssSelector("details.attributes"));
        attributes.findElement(By.cssSelector("summary")).click();
        assertThat(attributes.findElement(By.cssSelector("dl.attrs")).getText()).contains("cart.size")
                .contains("request_id");
        browser.screenshot("logs");
        assertThat(browser.consoleErrors()).isEmpty();
    }

    @Test
    void liveModeShowsARecordSentAfterThePageOpened() {
        String service = "ui-logs-" + RUN + "-live";
        browser.open("/logs?service=" + service + "&live=1");
        assertThat(rows()).isEmpty();
        browser.waitFor(d -> "on".equals(browser.find("table.logs").getAttribute("data-live-state")));
        assertThat(browser.find(".live-bar").isDisplayed()).isTrue();
        String body = "arrived while watching " + RUN;
        try (Telemetry apps = new Telemetry(ServerPorts.grpc())) {
            apps.logger(service).logRecordBuilder().setSeverity(Severity.ERROR).setBody(body).emit();
        }
        browser.waitFor(d -> bodies().contains(body));
        assertThat(rows()).hasSize(1);
        assertThat(rows().get(0).findElement(By.cssSelector("td.severity span")).getAttribute("class"))
                .isEqualTo("sev-error");
        assertThat(browser.find(".live-status").getText()).startsWith("Live");
        browser.find("button.live-pause").click();
        assertThat(browser.find(".live-status").getText()).startsWith("Paused");
        assertThat(browser.find("button.live-pause").getText()).isEqualTo("Resume");
        assertThat(browser.consoleErrors()).isEmpty();
    }

    @Test
    void liveModeIsALinkThatKeepsTheFilters() {
        browser.open("/logs?text=" + RUN + "&minSeverity=WARN");
        browser.find("a.live-toggle").click();
        assertThat(browser.location()).contains("text=" + RUN).contains("minSeverity=WARN").contains("live=1");
        assertThat(browser.find("table.logs").getAttribute("data-live-url"))
                .startsWith("/logs/rows?").contains("minSeverity=WARN").contains("text=" + RUN);
        browser.find("a.live-toggle.on").click();
        assertThat(browser.location()).doesNotContain("live=");
        assertThat(browser.findAll("table.logs[data-live-url]")).isEmpty();
    }

    @Test
    void hostileStringsAreShownAsText() {
        browser.open("/logs?text=" + RUN + "&service=" + java.net.URLEncoder.encode(HOSTILE_SERVICE,
                java.nio.charset.StandardCharsets.UTF_8));
        assertThat(rows()).hasSize(2);
        WebElement plain = row(SCRIPT + " " + RUN);
        assertThat(plain.findElement(By.cssSelector("td.service")).getText()).isEqualTo(HOSTILE_SERVICE);
        assertThat(plain.findElement(By.cssSelector("td.severity")).getText()).isEqualTo(SCRIPT);
        plain.findElement(By.cssSelector("details.attributes summary")).click();
        assertThat(plain.findElements(By.cssSelector("dl.attrs dt"))).extracting(WebElement::getText)
                .contains(IMG);
        assertThat(plain.findElements(By.cssSelector("dl.attrs dd"))).extracting(WebElement::getText)
                .contains(JS_LINK);
        assertThat(plain.findElement(By.cssSelector("a.correlation-link")).getAttribute("href"))
                .startsWith(browser.base() + "/correlations/javascript");
        WebElement structured = browser.find("details.body.structured");
        structured.findElement(By.cssSelector("summary")).click();
        assertThat(structured.findElement(By.cssSelector("pre")).getText()).contains(SCRIPT)
                .contains("\\\"><img src=x onerror=\\\"window.__pwned=1\\\">");
        assertThat(browser.findAll("table.logs img")).isEmpty();
        assertThat(browser.findAll("table.logs script")).isEmpty();
        assertThat(browser.script("return window.__pwned")).isNull();
        assertThat(browser.consoleErrors()).isEmpty();
    }

    @Test
    void liveRowsAreEscapedFragments() {
        RestAssured.given().port(ServerPorts.api()).get("/logs/rows?text=" + RUN + "&after=0").then()
                .statusCode(200).contentType("text/html")
                .header("Content-Security-Policy", containsString("script-src 'self'"))
                .body(containsString("&lt;script&gt;window.__pwned=1&lt;/script&gt;"))
                .body(not(containsString(SCRIPT))).body(not(containsString("<html")))
                .body(containsString("data-nanos="));
    }

    @Test
    void badParametersAnswerWithAPageNamingThem() {
        Map.of("minSeverity=LOUD", "Bad minSeverity", "traceId=xyz", "Bad traceId", "filter=a%3D", "Bad filter",
                "limit=0", "Bad limit", "range=banana", "Bad range", "live=maybe", "Bad live",
                "spanId=12", "Bad spanId").forEach((query, message) ->
                RestAssured.given().port(ServerPorts.api()).get("/logs?" + query).then().statusCode(400)
                        .contentType("text/html").body(containsString(message)));
        RestAssured.given().port(ServerPorts.api()).get("/logs/rows?text=x").then().statusCode(400)
                .body(containsString("Bad after"));
        RestAssured.given().port(ServerPorts.api()).get("/logs?cursor=nonsense").then().statusCode(400)
                .body(containsString("Bad cursor"));
    }

    private static WebElement row(String bodyStart) {
        return rows().stream().filter(r -> body(r).startsWith(bodyStart))
                .findFirst().orElseThrow(() -> new AssertionError("no row whose body starts with " + bodyStart
                        + " among " + bodies()));
    }
}
