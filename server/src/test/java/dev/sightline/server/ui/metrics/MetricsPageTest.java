package dev.sightline.server.ui.metrics;

import dev.sightline.server.support.Browser;
import dev.sightline.server.support.ServerPorts;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.exporter.otlp.metrics.OtlpGrpcMetricExporter;
import io.opentelemetry.sdk.metrics.Aggregation;
import io.opentelemetry.sdk.metrics.InstrumentSelector;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.View;
import io.opentelemetry.sdk.metrics.export.AggregationTemporalitySelector;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.testing.time.TestClock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

/**
 * The metrics page in a real Chromium, with metrics sent by the OpenTelemetry SDK over OTLP/gRPC: a classic
 * histogram charted as p50 / p95 / p99, an exponential one, a counter as a rate and an increase; hostile label
 * values, keys and descriptions shown as text.
 */
@QuarkusTest
class MetricsPageTest {
    private static final String SCRIPT = "<script>window.__pwned=1</script>";
    private static final String IMG = "\"><img src=x onerror=\"window.__pwned=1\">";
    private static final String RUN = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    private static final String SERVICE = "ui-metrics-" + RUN;
    private static final String LATENCY = "ui.checkout.duration." + RUN;
    private static final String RENDER = "ui.render.duration." + RUN;
    private static final String ORDERS = "ui.orders." + RUN;
    private static final AttributeKey<String> ROUTE = AttributeKey.stringKey("http.route");
    private static final AttributeKey<String> STATUS = AttributeKey.stringKey("status");
    private static final int MINUTES = 10;
    private static Browser browser;
    private int consoleSeen;

    @BeforeAll
    static void send() {
        // Ten one-minute delta exports, 20 to 10 minutes ago.
        TestClock clock = TestClock.create(Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(20, ChronoUnit.MINUTES));
        SdkMeterProvider provider = SdkMeterProvider.builder().setClock(clock)
                .setResource(Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), SERVICE)))
                .registerView(InstrumentSelector.builder().setName(RENDER).build(),
                        View.builder().setAggregation(Aggregation.base2ExponentialBucketHistogram()).build())
                .registerMetricReader(PeriodicMetricReader.builder(OtlpGrpcMetricExporter.builder()
                                .setEndpoint("http://127.0.0.1:" + ServerPorts.grpc())
                                .setAggregationTemporalitySelector(AggregationTemporalitySelector.deltaPreferred())
                                .build())
                        .setInterval(Duration.ofHours(1)).build())
                .build();
        try {
            Meter meter = provider.get("ui-metrics-test");
            DoubleHistogram latency = meter.histogramBuilder(LATENCY).setUnit("ms")
                    .setDescription("checkout latency").setExplicitBucketBoundariesAdvice(
                            List.of(5.0, 10.0, 25.0, 50.0, 100.0, 250.0)).build();
            DoubleHistogram render = meter.histogramBuilder(RENDER).setUnit("ms").build();
            LongCounter orders = meter.counterBuilder(ORDERS).setDescription(SCRIPT).build();
            for (int m = 0; m < MINUTES; m++) {
                for (double v : new double[] {30, 35, 40, 45}) {
                    latency.record(v, Attributes.of(ROUTE, "/pay"));
                }
                latency.record(200, Attributes.of(ROUTE, SCRIPT));
                latency.record(220, Attributes.of(ROUTE, SCRIPT));
                for (double v : new double[] {12, 14, 16}) {
                    render.record(v);
                }
                orders.add(3, Attributes.of(STATUS, "ok"));
                orders.add(1, Attributes.of(STATUS, "failed", AttributeKey.stringKey(IMG), "x"));
                assertThat(provider.forceFlush().join(10, TimeUnit.SECONDS).isSuccess()).isTrue();
                clock.advance(Duration.ofMinutes(1));
            }
        } finally {
            provider.shutdown().join(10, TimeUnit.SECONDS);
        }
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).until(() ->
                points(LATENCY) >= 2 * MINUTES && points(RENDER) >= MINUTES && points(ORDERS) >= 2 * MINUTES);
        browser = new Browser(ServerPorts.api());
    }

    private static int points(String name) {
        return RestAssured.given().port(ServerPorts.api()).queryParam("name", name).get("/api/metrics/series")
                .then().statusCode(200).extract().jsonPath().getList("series.points.flatten()").size();
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

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** "38 ms" → 38. */
    private static double millis(String text) {
        assertThat(text).endsWith(" ms");
        return Double.parseDouble(text.substring(0, text.length() - 3));
    }

    private static void assertDrawn(WebElement chart) {
        assertThat(chart.findElements(By.cssSelector("path.line"))).isNotEmpty()
                .allSatisfy(p -> assertThat(p.getAttribute("d")).startsWith("M").contains("L"));
    }

    @Test
    void histogramPercentilesArePlottedPerSeriesWithTheirLabels() {
        browser.open("/metrics?name=" + enc(LATENCY));
        List<WebElement> charts = browser.findAll(".charts figure.chart");
        assertThat(charts).extracting(c -> c.findElement(By.tagName("figcaption")).getText())
                .containsExactly("p50", "p95", "p99");
        charts.forEach(MetricsPageTest::assertDrawn);
        assertThat(browser.find("code.fn").getText()).isEqualTo("quantile");
        assertThat(browser.find(".metric-type").getText()).isEqualTo("Histogram");

        // Named by the label that differs; the shared ones are listed once.
        List<WebElement> rows = browser.findAll("table.series tbody tr[data-series]");
        assertThat(rows).extracting(r -> r.findElement(By.cssSelector(".series-name")).getText())
                .containsExactly("http.route=\"" + SCRIPT + "\"", "http.route=\"/pay\"");
        assertThat(charts.get(2).findElements(By.cssSelector("ul.legend li"))).extracting(WebElement::getText)
                .containsExactly("http.route=\"" + SCRIPT + "\"", "http.route=\"/pay\"");
        assertThat(browser.find("dl.common-labels").getText()).contains("service.name").contains(SERVICE);

        // Every /pay observation lies in the (25, 50] bucket: its percentiles interpolate inside it, in order.
        List<WebElement> pay = rows.get(1).findElements(By.cssSelector("td.num"));
        double p50 = millis(pay.get(0).getText());
        double p95 = millis(pay.get(1).getText());
        double p99 = millis(pay.get(2).getText());
        assertThat(p50).isBetween(25.0, 50.0);
        assertThat(p99).isBetween(25.0, 50.0);
        assertThat(p50).isLessThan(p95);
        assertThat(p95).isLessThanOrEqualTo(p99);
        // The hostile route's 200 and 220 ms lie in (100, 250].
        assertThat(millis(rows.get(0).findElements(By.cssSelector("td.num")).get(2).getText())).isBetween(100.0, 250.0);

        browser.screenshot("metrics");
        assertThat(browser.script("return typeof window.__pwned")).isEqualTo("undefined");
        assertThat(newConsoleErrors()).isEmpty();
    }

    @Test
    void aLabelMatcherNarrowsToOneSeriesDrawnWithItsThreePercentiles() {
        browser.open("/metrics?name=" + enc(LATENCY));
        browser.find("input[name=match]").sendKeys("http.route=\"/pay\"");
        browser.find("form.query button[type=submit]").click();
        browser.waitFor(d -> browser.location().contains("match="));
        List<WebElement> charts = browser.findAll(".charts figure.chart");
        assertThat(charts).hasSize(1);
        assertDrawn(charts.get(0));
        assertThat(charts.get(0).findElements(By.cssSelector("ul.legend li"))).extracting(WebElement::getText)
                .containsExactly("p50", "p95", "p99");
        assertThat(browser.find("input[name=match]").getAttribute("value")).isEqualTo("http.route=\"/pay\"");
        assertThat(browser.find("dl.common-labels").getText()).contains("/pay");
        assertThat(newConsoleErrors()).isEmpty();
    }

    @Test
    void exponentialHistogramsGetPercentilesToo() {
        browser.open("/metrics?name=" + enc(RENDER));
        assertThat(browser.find(".metric-type").getText()).isEqualTo("ExponentialHistogram");
        List<WebElement> charts = browser.findAll(".charts figure.chart");
        assertThat(charts).hasSize(1);
        assertDrawn(charts.get(0));
        List<WebElement> cells = browser.findAll("table.series tbody tr[data-series] td.num");
        assertThat(millis(cells.get(0).getText())).isBetween(11.0, 17.0);
        assertThat(millis(cells.get(2).getText())).isBetween(14.0, 18.0);
        assertThat(newConsoleErrors()).isEmpty();
    }

    @Test
    void countersAreDrawnAsARateOrAnIncrease() {
        browser.open("/metrics?name=" + enc(ORDERS) + "&range=1h");
        assertThat(browser.find("code.fn").getText()).isEqualTo("rate");
        assertDrawn(browser.find(".charts figure.chart"));
        assertThat(browser.find(".metric-head .description").getText()).isEqualTo(SCRIPT);
        assertThat(browser.findAll("table.series .series-name")).extracting(WebElement::getText)
                .containsExactlyInAnyOrder("status=\"ok\"", IMG + "=\"x\", status=\"failed\"");

        new Select(browser.find("select[name=fn]")).selectByValue("increase");
        browser.find("form.query button[type=submit]").click();
        browser.waitFor(d -> browser.location().contains("fn=increase"));
        assertThat(browser.location()).contains("range=1h");
        assertThat(browser.find("code.fn").getText()).isEqualTo("increase");
        assertDrawn(browser.find(".charts figure.chart"));
        assertThat(browser.script("return typeof window.__pwned")).isEqualTo("undefined");
        assertThat(newConsoleErrors()).isEmpty();
    }

    @Test
    void theMetricListFiltersByNameAndShowsTypeUnitAndDescription() {
        browser.open("/metrics?find=" + RUN);
        List<WebElement> items = browser.findAll("ul.metrics li[data-metric]");
        assertThat(items).extracting(i -> i.getAttribute("data-metric")).containsExactly(LATENCY, ORDERS, RENDER);
        assertThat(items.get(0).findElement(By.cssSelector(".type")).getText()).isEqualTo("Histogram · ms");
        assertThat(items.get(1).findElement(By.cssSelector(".description")).getAttribute("textContent"))
                .isEqualTo(SCRIPT);
        items.get(2).findElement(By.tagName("a")).click();
        assertThat(browser.location()).isEqualTo("/metrics?find=" + RUN + "&name=" + RENDER);
        assertThat(browser.find("ul.metrics li.selected").getAttribute("data-metric")).isEqualTo(RENDER);
        assertThat(browser.script("return typeof window.__pwned")).isEqualTo("undefined");
        assertThat(newConsoleErrors()).isEmpty();
    }

    @Test
    void aBadMatcherIsAPageNamingTheParameter() {
        RestAssured.given().port(ServerPorts.api()).urlEncodingEnabled(true).queryParam("name", LATENCY)
                .queryParam("match", "http.route=/pay").get("/metrics").then().statusCode(400)
                .contentType("text/html").body(containsString("Bad match: expected a quoted value"));
        RestAssured.given().port(ServerPorts.api()).urlEncodingEnabled(true).queryParam("name", ORDERS)
                .queryParam("fn", "quantile").get("/metrics").then().statusCode(400)
                .body(containsString("Bad fn"));
        RestAssured.given().port(ServerPorts.api()).urlEncodingEnabled(true).queryParam("name", "nope." + RUN)
                .get("/metrics").then().statusCode(404).body(containsString("nope." + RUN));
    }
}
