package dev.sightline.server.ui.traces;

import dev.sightline.server.support.ApiClient;
import dev.sightline.server.support.Browser;
import dev.sightline.server.support.ServerPorts;
import dev.sightline.server.support.Telemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.logs.Logger;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Strings an application chose, written to attack the page: in service and span names, attribute keys and
 * values, event names, log bodies and the request ID. Every page that shows them (search, scatter titles, trace,
 * span details filled by script, logs, correlation) shows them as text, and none of them runs.
 */
@QuarkusTest
class TracePagesEscapeTest {
    private static final String SCRIPT = "<script>window.__pwned=1</script>";
    private static final String IMG = "\"><img src=x onerror=\"window.__pwned=1\">";
    private static final String JS_URL = "javascript:window.__pwned=1";
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final String SERVICE = IMG + SCRIPT + RUN;
    private static final String REQUEST_ID = JS_URL + RUN;
    private static String traceId;
    private static String childSpanId;
    private static Browser browser;

    @BeforeAll
    static void send() {
        ApiClient api = new ApiClient(ServerPorts.api());
        try (Telemetry apps = new Telemetry(ServerPorts.grpc())) {
            Tracer tracer = apps.tracer(SERVICE);
            Logger logger = apps.logger(SERVICE);
            Instant t0 = Instant.now().minusSeconds(30);
            Span root = tracer.spanBuilder(SCRIPT).setSpanKind(SpanKind.SERVER).setStartTimestamp(t0)
                    .setAttribute(AttributeKey.stringKey(IMG), JS_URL)
                    .setAttribute(AttributeKey.stringKey(JS_URL), SCRIPT)
                    .setAttribute(AttributeKey.stringKey("request_id"), REQUEST_ID).startSpan();
            Span child = tracer.spanBuilder(IMG).setParent(Context.root().with(root))
                    .setStartTimestamp(t0.plusMillis(5)).setAttribute(AttributeKey.stringKey(SCRIPT), IMG)
                    .startSpan();
            child.addEvent(SCRIPT, Attributes.of(AttributeKey.stringKey(IMG), SCRIPT), t0.plusMillis(6));
            logger.logRecordBuilder().setContext(Context.root().with(child)).setTimestamp(t0.plusMillis(7))
                    .setSeverity(Severity.ERROR).setBody(SCRIPT + " " + IMG + " " + JS_URL)
                    .setAttribute(AttributeKey.stringKey("request_id"), REQUEST_ID).emit();
            child.end(t0.plusMillis(50));
            root.end(t0.plusMillis(60));
            traceId = root.getSpanContext().getTraceId();
            childSpanId = child.getSpanContext().getSpanId();
        }
        api.trace(traceId, 2);
        api.logsOfTrace(traceId, 1);
        browser = new Browser(ServerPorts.api());
    }

    @AfterAll
    static void close() {
        if (browser != null) {
            browser.close();
        }
    }

    private static void assertNothingRan() {
        assertThat(browser.script("return typeof window.__pwned")).isEqualTo("undefined");
        assertThat(browser.findAll("main img")).isEmpty();
        assertThat(browser.findAll("main script")).isEmpty();
        assertThat(browser.consoleErrors()).isEmpty();
    }

    @Test
    void theSearchPageShowsHostileNamesAsText() {
        browser.open("/traces?service=" + URLEncoder.encode(SERVICE, StandardCharsets.UTF_8));

        WebElement hit = browser.find("table.hits tr.hit");
        assertThat(hit.getAttribute("data-trace-id")).isEqualTo(traceId);
        assertThat(hit.findElement(By.cssSelector("td.name")).getText()).contains(SERVICE).contains(SCRIPT);
        assertThat(browser.find("select[name=service] option:checked").getText()).isEqualTo(SERVICE);
        assertThat(browser.findAll("select[name=operation] option")).extracting(WebElement::getText)
                .contains(SCRIPT, IMG);
        assertThat(browser.find("svg.scatter a.point title").getAttribute("textContent")).contains(SCRIPT);
        assertNothingRan();
    }

    @Test
    void theTracePageAndItsSpanDetailsShowHostileStringsAsText() {
        browser.open("/traces/" + traceId);

        List<WebElement> rows = browser.findAll("ol.waterfall > li");
        assertThat(rows.get(0).findElement(By.cssSelector(".n")).getText()).isEqualTo(SERVICE + " " + SCRIPT);
        assertThat(rows.get(1).findElement(By.cssSelector(".n")).getText()).isEqualTo(SERVICE + " " + IMG);
        assertThat(browser.find("h1").getText()).contains(SCRIPT);
        assertThat(browser.find("dl.trace-facts .services").getText()).contains(SERVICE);
        assertThat(browser.find("ol.logs .body").getText()).isEqualTo(SCRIPT + " " + IMG + " " + JS_URL);
        WebElement request = browser.find("a.correlation");
        assertThat(request.getText()).isEqualTo(REQUEST_ID);
        assertThat(request.getAttribute("href")).startsWith(browser.base() + "/correlations/javascript%3A");

        rows.get(0).click();
        browser.waitFor(d -> browser.find("#span-detail").getText().contains("request_id"));
        String detail = browser.find("#span-detail").getText();
        assertThat(detail).contains(IMG + "\n" + JS_URL).contains(JS_URL + "\n" + SCRIPT);
        rows.get(1).click();
        browser.waitFor(d -> browser.find("#span-detail h2").getText().equals(SERVICE + ": " + IMG));
        assertThat(browser.find("#span-detail").getText()).contains("+1.00 ms " + SCRIPT).contains(SCRIPT + "\n" + IMG);
        assertThat((String) browser.script("return location.hash")).isEqualTo("#span-" + childSpanId);
        assertNothingRan();
    }

    @Test
    void theCorrelationPageOfAHostileRequestIdShowsItAsText() {
        browser.open("/traces/" + traceId);
        browser.find("a.correlation").click();
        browser.waitFor(d -> browser.location().startsWith("/correlations/"));

        assertThat(browser.find("h1 .correlation-id").getText()).isEqualTo(REQUEST_ID);
        assertThat(browser.find("table.hits tr.hit").getAttribute("data-trace-id")).isEqualTo(traceId);
        assertThat(browser.find("ol.logs .body").getText()).contains(SCRIPT);
        browser.find("ol.logs a.to-span").click();
        browser.waitFor(d -> browser.location().equals("/traces/" + traceId));
        assertThat((String) browser.script("return location.hash")).isEqualTo("#span-" + childSpanId);
        assertNothingRan();
    }

    @Test
    void theHeaderSearchBoxTakesAHostileIdAsARequestId() {
        browser.open("/traces");
        browser.find("form.jump input[name=id]").sendKeys(REQUEST_ID, Keys.ENTER);
        browser.waitFor(d -> browser.location().startsWith("/correlations/"));
        assertThat(browser.find("h1 .correlation-id").getText()).isEqualTo(REQUEST_ID);
        assertThat(browser.findAll("table.hits tr.hit")).hasSize(1);
        assertNothingRan();
    }
}
