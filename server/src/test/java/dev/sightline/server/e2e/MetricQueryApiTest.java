package dev.sightline.server.e2e;

import dev.sightline.server.support.ApiClient;
import dev.sightline.server.support.ServerPorts;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleGauge;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.LongUpDownCounter;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporter;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporterBuilder;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.export.AggregationTemporalitySelector;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.testing.time.TestClock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.config.JsonConfig;
import io.restassured.path.json.JsonPath;
import io.restassured.path.json.config.JsonPathConfig;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Metrics exported by the OpenTelemetry Java SDK (with a test clock, so every point's time is known) are queried
 * back: rate and increase of a counter across a restart, histogram quantiles checked against the quantile of the
 * buckets the test recorded, gauge staleness, label matchers and grouping, exemplars, saturation, and a 400
 * naming the parameter for every kind of bad query.
 */
@QuarkusTest
class MetricQueryApiTest {
    private static final AttributeKey<String> ROUTE = AttributeKey.stringKey("http.route");

    private final ApiClient api = new ApiClient(ServerPorts.api());
    private final String id = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    /** A whole minute half an hour ago: recent enough for the default ranges, and far from "now". */
    private final Instant base = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(30, ChronoUnit.MINUTES);

    private static Resource resource(String service) {
        return Resource.create(Attributes.builder().put("service.name", service)
                .put("service.instance.id", service + "-1").build());
    }

    private static SdkMeterProvider provider(TestClock clock, Resource resource, boolean delta) {
        OtlpHttpMetricExporterBuilder exporter = OtlpHttpMetricExporter.builder()
                .setEndpoint("http://127.0.0.1:" + ServerPorts.otlpHttp() + "/v1/metrics");
        if (delta) {
            exporter.setAggregationTemporalitySelector(AggregationTemporalitySelector.deltaPreferred());
        }
        return SdkMeterProvider.builder().setClock(clock).setResource(resource)
                .registerMetricReader(PeriodicMetricReader.builder(exporter.build())
                        .setInterval(Duration.ofHours(1)).build())
                .build();
    }

    private static void flush(SdkMeterProvider provider) {
        assertThat(provider.forceFlush().join(10, TimeUnit.SECONDS).isSuccess()).isTrue();
    }

    private String millis(Instant t) {
        return Long.toString(t.toEpochMilli());
    }

    private String at(long secondsAfterBase) {
        return millis(base.plusSeconds(secondsAfterBase));
    }

    private static long nanos(Instant t) {
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }

    private RequestSpecification request() {
        return RestAssured.given().port(ServerPorts.api()).config(RestAssured.config().jsonConfig(
                JsonConfig.jsonConfig().numberReturnType(JsonPathConfig.NumberReturnType.DOUBLE)));
    }

    /** GET with the query string encoded here, so an empty value is sent as {@code name=} exactly. */
    private Response get(String path, Object... params) {
        StringBuilder url = new StringBuilder(path);
        for (int i = 0; i < params.length; i += 2) {
            url.append(i == 0 ? '?' : '&').append(encode(params[i])).append('=').append(encode(params[i + 1]));
        }
        return request().urlEncodingEnabled(false).get(url.toString());
    }

    private static String encode(Object value) {
        return URLEncoder.encode(String.valueOf(value), StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Polls until the export is indexed: acknowledged exports become readable just after. */
    private JsonPath await(Predicate<JsonPath> done, String path, Object... params) {
        Response[] last = new Response[1];
        try {
            Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(() -> {
                last[0] = get(path, params);
                return last[0].statusCode() == 200 && done.test(last[0].jsonPath());
            });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("GET " + path + " did not show the data; last answer: "
                    + (last[0] == null ? "none" : last[0].statusCode() + " " + last[0].asString()), e);
        }
        return last[0].jsonPath();
    }

    private void awaitPoints(String name, int points) {
        await(j -> j.getList("series.points.flatten()").size() >= points, "/api/metrics/series", "name", name);
    }

    private static double value(JsonPath j, String path) {
        return Double.parseDouble(j.getString(path));
    }

    // ---- counters -------------------------------------------------------------------------------------------

    /**
     * Route /a counts 10, 30, 60 one minute apart, then the process restarts and counts 5; route /b counts 1, 2, 3.
     * Returns the counter's name.
     */
    private String sendCounterWithARestart() {
        String name = "e2e.requests." + id;
        String service = "metrics-e2e-" + id;
        TestClock clock = TestClock.create(base.minusSeconds(10));
        SdkMeterProvider first = provider(clock, resource(service), false);
        try {
            LongCounter requests = first.get("e2e").counterBuilder(name).setUnit("{request}")
                    .setDescription("requests served").build();
            long[] a = {10, 20, 30};
            for (int i = 0; i < 3; i++) {
                clock.advance(Duration.ofSeconds(i == 0 ? 10 : 60));
                requests.add(a[i], Attributes.of(ROUTE, "/a"));
                requests.add(1, Attributes.of(ROUTE, "/b"));
                flush(first);
            }
        } finally {
            first.shutdown().join(10, TimeUnit.SECONDS);
        }
        TestClock restarted = TestClock.create(base.plusSeconds(150));
        SdkMeterProvider second = provider(restarted, resource(service), false);
        try {
            second.get("e2e").counterBuilder(name).setUnit("{request}").build().add(5, Attributes.of(ROUTE, "/a"));
            restarted.advance(Duration.ofSeconds(30));
            flush(second);
        } finally {
            second.shutdown().join(10, TimeUnit.SECONDS);
        }
        awaitPoints(name, 7);
        return name;
    }

    @Test
    void counterIncreaseAndRateSurviveARestartAsInPrometheus() {
        String name = sendCounterWithARestart();

        // /a in (base-60s, base+180s]: 10, 30, 60, then 5 after the restart. Raw increase 60-10 + 5 = 55;
        // Prometheus extrapolates back to where the counter was zero (10 before the first point): 65.
        JsonPath increase = await(j -> j.getList("series").size() == 1, "/api/metrics/query_range", "name", name,
                "match", "http.route=\"/a\"", "fn", "increase", "window", "4m", "start", at(180), "end", at(180));
        assertThat(increase.getString("fn")).isEqualTo("increase");
        assertThat(increase.getString("series[0].labels.'http.route'")).isEqualTo("/a");
        assertThat(increase.getString("series[0].labels.'service.name'")).isEqualTo("metrics-e2e-" + id);
        assertThat(increase.getString("series[0].points[0].timeUnixNano"))
                .isEqualTo(Long.toString(nanos(base.plusSeconds(180))));
        assertThat(value(increase, "series[0].points[0].value")).isCloseTo(65, within(1e-9));

        JsonPath rate = await(j -> j.getList("series").size() == 1, "/api/metrics/query_range", "name", name,
                "match", "http.route=\"/a\"", "fn", "rate", "window", "4m", "start", at(180), "end", at(180));
        assertThat(value(rate, "series[0].points[0].value")).isCloseTo(65.0 / 240, within(1e-12));
    }

    @Test
    void labelMatchersAndGroupingSelectAndAddUpSeries() {
        String name = sendCounterWithARestart();
        Object[] common = {"name", name, "fn", "increase", "window", "4m", "start", at(180), "end", at(180)};

        JsonPath byRoute = await(j -> j.getList("series").size() == 2, "/api/metrics/query_range",
                concat(common, "by", "(http.route)"));
        Map<String, Double> increases = Map.of(
                byRoute.getString("series[0].labels.'http.route'"), value(byRoute, "series[0].points[0].value"),
                byRoute.getString("series[1].labels.'http.route'"), value(byRoute, "series[1].points[0].value"));
        // /b: 1, 2, 3 a minute apart, extrapolated half an interval before and after: 2 * 240 / 120.
        assertThat(increases.get("/a")).isCloseTo(65, within(1e-9));
        assertThat(increases.get("/b")).isCloseTo(4, within(1e-9));
        assertThat(byRoute.getMap("series[0].labels")).containsOnlyKeys("http.route");

        JsonPath all = await(j -> j.getList("series").size() == 1, "/api/metrics/query_range",
                concat(common, "by", "()"));
        assertThat(value(all, "series[0].points[0].value")).isCloseTo(69, within(1e-9));

        JsonPath regex = await(j -> true, "/api/metrics/query_range",
                concat(common, "match", "{service.name=~\"metrics-e2e-.*\", http.route!~\"/a|/c\"}"));
        assertThat(regex.getList("series")).hasSize(1);
        assertThat(regex.getString("series[0].labels.'http.route'")).isEqualTo("/b");

        JsonPath none = await(j -> true, "/api/metrics/query_range", concat(common, "match", "http.route=\"/zzz\""));
        assertThat(none.getList("series")).isEmpty();

        JsonPath raw = await(j -> true, "/api/metrics/series", "name", name, "match", "http.route=\"/b\"");
        assertThat(raw.getList("series")).hasSize(1);
        assertThat(raw.getList("series[0].points")).hasSize(3);
    }

    @Test
    void metricNamesComeWithTypeUnitAndDescription() {
        String name = sendCounterWithARestart();
        JsonPath names = await(j -> j.getList("metrics.name").contains(name), "/api/metrics", "limit", "10000");
        Map<String, Object> info = names.getList("metrics", Map.class).stream()
                .filter(m -> name.equals(m.get("name"))).findFirst().orElseThrow();
        assertThat(info).containsEntry("type", "Sum").containsEntry("unit", "{request}")
                .containsEntry("description", "requests served").containsEntry("aggregationTemporality", "CUMULATIVE")
                .containsEntry("isMonotonic", true);
    }

    private static Object[] concat(Object[] a, Object... b) {
        Object[] out = new Object[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    // ---- histograms -----------------------------------------------------------------------------------------

    private static final List<Double> BOUNDS = List.of(10.0, 50.0, 100.0, 500.0);

    /** What the test recorded in the second minute, bucket by bucket: the oracle for the quantiles. */
    private static double expectedQuantile(double q, double[] values) {
        long[] counts = new long[BOUNDS.size() + 1];
        for (double v : values) {
            int i = 0;
            while (i < BOUNDS.size() && v > BOUNDS.get(i)) {
                i++;
            }
            counts[i]++;
        }
        double rank = q * values.length;
        long below = 0;
        for (int i = 0; i < counts.length; i++) {
            if (below + counts[i] >= rank && counts[i] > 0) {
                if (i == BOUNDS.size()) {
                    return BOUNDS.get(i - 1);
                }
                double lower = i == 0 ? 0 : BOUNDS.get(i - 1);
                return lower + (BOUNDS.get(i) - lower) * (rank - below) / counts[i];
            }
            below += counts[i];
        }
        throw new AssertionError("rank beyond the data");
    }

    @Test
    void histogramQuantilesMatchTheBucketsRecordedAndCarryExemplars() {
        String name = "e2e.latency." + id;
        SpanContext sampled = SpanContext.create("5b8efff798038103d269b633813fc60c", "eee19b7ec3c1b174",
                TraceFlags.getSampled(), TraceState.getDefault());
        double[] firstMinute = {700, 800, 900};
        double[] secondMinute = {5, 5, 5, 20, 20, 20, 20, 20, 70, 70, 420};
        TestClock clock = TestClock.create(base);
        SdkMeterProvider provider = provider(clock, resource("latency-e2e-" + id), true);
        try {
            DoubleHistogram latency = provider.get("e2e").histogramBuilder(name).setUnit("ms")
                    .setExplicitBucketBoundariesAdvice(BOUNDS).build();
            for (double v : firstMinute) {
                latency.record(v);
            }
            flush(provider);
            clock.advance(Duration.ofSeconds(60));
            for (double v : secondMinute) {
                if (v == 420) {
                    latency.record(v, Attributes.empty(), Context.root().with(Span.wrap(sampled)));
                } else {
                    latency.record(v);
                }
            }
            flush(provider);
        } finally {
            provider.shutdown().join(10, TimeUnit.SECONDS);
        }
        awaitPoints(name, 2);

        // Delta temporality: a 30 s window at base+60s holds the second minute's buckets only.
        for (double q : new double[] {0.25, 0.5, 0.9, 0.95}) {
            JsonPath r = await(j -> j.getList("series").size() == 1, "/api/metrics/query_range", "name", name,
                    "fn", "quantile", "q", Double.toString(q), "window", "30s", "start", at(60), "end", at(60));
            assertThat(value(r, "series[0].points[0].value")).as("q=%s", q)
                    .isCloseTo(expectedQuantile(q, secondMinute), within(1e-9));
        }
        // The same by hand: rank 5.5 of 11 lies 2.5 into the 5 observations of (10, 50].
        JsonPath median = await(j -> j.getList("series").size() == 1, "/api/metrics/query_range", "name", name,
                "q", "0.5", "window", "30s", "start", at(60), "end", at(60));
        assertThat(median.getString("fn")).isEqualTo("quantile");
        assertThat(value(median, "series[0].points[0].value")).isCloseTo(10 + 40 * 2.5 / 5, within(1e-9));
        List<Map<String, Object>> exemplars = median.getList("series[0].exemplars");
        assertThat(exemplars).anySatisfy(e -> {
            assertThat(e).containsEntry("traceId", "5b8efff798038103d269b633813fc60c")
                    .containsEntry("spanId", "eee19b7ec3c1b174");
            assertThat(((Number) e.get("value")).doubleValue()).isEqualTo(420);
        });

        // Both minutes: rank 13.3 of 14 falls among the first minute's 700-900, in +Inf: the highest bound, 500.
        JsonPath both = await(j -> j.getList("series").size() == 1, "/api/metrics/query_range", "name", name,
                "q", "0.95", "window", "2m", "start", at(60), "end", at(60));
        assertThat(value(both, "series[0].points[0].value")).isEqualTo(500);

        // Rate of the count: 11 observations over 30 s.
        JsonPath rate = await(j -> j.getList("series").size() == 1, "/api/metrics/query_range", "name", name,
                "fn", "rate", "window", "30s", "start", at(60), "end", at(60));
        assertThat(value(rate, "series[0].points[0].value")).isCloseTo(11.0 / 30, within(1e-12));
    }

    // ---- gauges ---------------------------------------------------------------------------------------------

    @Test
    void gaugeValuesLastFiveMinutesAfterTheirPointAsInPrometheus() {
        String name = "e2e.temperature." + id;
        TestClock clock = TestClock.create(base);
        SdkMeterProvider provider = provider(clock, resource("gauge-e2e-" + id), false);
        try {
            DoubleGauge gauge = provider.get("e2e").gaugeBuilder(name).setUnit("Cel").build();
            gauge.set(21.5);
            flush(provider);
            clock.advance(Duration.ofSeconds(60));
            gauge.set(23);
            flush(provider);
        } finally {
            provider.shutdown().join(10, TimeUnit.SECONDS);
        }
        awaitPoints(name, 2);

        JsonPath r = await(j -> j.getList("series").size() == 1, "/api/metrics/query_range", "name", name,
                "start", at(0), "end", at(8 * 60), "step", "1m");
        assertThat(r.getString("fn")).isEqualTo("value");
        assertThat(r.getString("lookbackNanos")).isEqualTo(Long.toString(300_000_000_000L));
        List<Double> values = new ArrayList<>();
        for (Object v : r.getList("series[0].points.value")) {
            values.add(((Number) v).doubleValue());
        }
        // 23 is reported from 1m to 5m after its point, then it is stale.
        assertThat(values).containsExactly(21.5, 23.0, 23.0, 23.0, 23.0, 23.0);
        assertThat(r.getList("series[0].points.timeUnixNano")).last()
                .isEqualTo(Long.toString(nanos(base.plusSeconds(5 * 60))));
    }

    // ---- saturation -----------------------------------------------------------------------------------------

    @Test
    void saturationReportsSemanticConventionMetricsOrNoData() {
        String service = "saturated-e2e-" + id;
        TestClock clock = TestClock.create(Instant.now().minusSeconds(60));
        SdkMeterProvider provider = provider(clock, resource(service), false);
        try {
            Meter meter = provider.get("io.opentelemetry.runtime-telemetry-java17");
            LongUpDownCounter used = meter.upDownCounterBuilder("jvm.memory.used").setUnit("By").build();
            LongUpDownCounter limit = meter.upDownCounterBuilder("jvm.memory.limit").setUnit("By").build();
            Attributes oldGen = Attributes.builder().put("jvm.memory.pool.name", "G1 Old Gen")
                    .put("jvm.memory.type", "heap").build();
            Attributes metaspace = Attributes.builder().put("jvm.memory.pool.name", "Metaspace")
                    .put("jvm.memory.type", "non_heap").build();
            used.add(300, oldGen);
            used.add(50, metaspace);
            limit.add(1000, oldGen);
            meter.gaugeBuilder("jvm.cpu.recent_utilization").setUnit("1").build().set(0.35);
            Attributes pool = Attributes.builder().put("db.client.connection.pool.name", "orders").build();
            meter.upDownCounterBuilder("db.client.connection.count").build()
                    .add(8, pool.toBuilder().put("db.client.connection.state", "used").build());
            meter.upDownCounterBuilder("db.client.connection.count").build()
                    .add(2, pool.toBuilder().put("db.client.connection.state", "idle").build());
            meter.upDownCounterBuilder("db.client.connection.max").build().add(10, pool);
            flush(provider);
        } finally {
            provider.shutdown().join(10, TimeUnit.SECONDS);
        }

        JsonPath s = await(j -> j.getList("signals").size() >= 3, "/api/services/" + service + "/saturation");
        assertThat(s.getString("service")).isEqualTo(service);
        assertThat(s.getBoolean("noData")).isFalse();
        Map<String, Map<String, Object>> byName = new HashMap<>();
        for (Map<String, Object> signal : s.<Map<String, Object>>getList("signals")) {
            byName.put((String) signal.get("name"), signal);
        }
        assertThat(byName).containsOnlyKeys("jvm.cpu.recent_utilization", "jvm.memory.used/jvm.memory.limit",
                "db.client.connection.count/db.client.connection.max");
        assertThat(byName.get("jvm.memory.used/jvm.memory.limit")).containsEntry("resource", "memory")
                .containsEntry("utilization", true).containsEntry("instance", service + "-1");
        assertThat(((Number) byName.get("jvm.memory.used/jvm.memory.limit").get("value")).doubleValue())
                .isCloseTo(0.3, within(1e-12));
        assertThat(((Number) byName.get("jvm.cpu.recent_utilization").get("value")).doubleValue()).isEqualTo(0.35);
        assertThat(((Number) byName.get("db.client.connection.count/db.client.connection.max").get("value"))
                .doubleValue()).isCloseTo(0.8, within(1e-12));

        Response nothing = get("/api/services/nobody-" + id + "/saturation");
        assertThat(nothing.statusCode()).isEqualTo(200);
        assertThat(nothing.jsonPath().getBoolean("noData")).isTrue();
        assertThat(nothing.jsonPath().getList("signals")).isEmpty();
    }

    // ---- bad queries ----------------------------------------------------------------------------------------

    private void assertBad(String parameter, String path, Object... params) {
        Response r = get(path, params);
        assertThat(r.statusCode()).as("%s %s -> %s", path, List.of(params), r.asString()).isEqualTo(400);
        assertThat(r.jsonPath().getString("parameter")).as(r.asString()).isEqualTo(parameter);
        assertThat(r.jsonPath().getString("error")).isNotBlank();
    }

    @Test
    void everyBadParameterIsA400NamingIt() {
        String name = sendCounterWithARestart();
        String q = "/api/metrics/query_range";
        String start = at(0);
        String end = at(180);
        assertBad("name", q);
        assertBad("name", q, "name", " ");
        assertBad("match", q, "name", name, "match", "http.route=/a");
        assertBad("match", q, "name", name, "match", "http.route=~\"(\"");
        assertBad("match", q, "name", name, "match", " ");
        // Backtracks past the regex budget on the 24 characters of the service name.
        assertBad("match", q, "name", name, "match", "service.name=~\"(.*.*){12}z\"");
        assertBad("start", q, "name", name, "start", "yesterday");
        assertBad("end", q, "name", name, "end", "2026-13-01T00:00:00Z");
        assertBad("end", q, "name", name, "start", end, "end", start);
        assertBad("start", q, "name", name, "start", millis(base.minus(40, ChronoUnit.DAYS)), "end", end);
        assertBad("step", q, "name", name, "start", start, "end", end, "step", "fast");
        assertBad("step", q, "name", name, "start", start, "end", end, "step", "0s");
        assertBad("step", q, "name", name, "start", millis(base.minus(1, ChronoUnit.DAYS)), "end", end, "step", "1s");
        assertBad("fn", q, "name", name, "fn", "median");
        assertBad("q", q, "name", name, "fn", "quantile", "q", "1.5");
        assertBad("q", q, "name", name, "fn", "quantile", "q", "NaN");
        assertBad("q", q, "name", name, "fn", "quantile", "q", "high");
        assertBad("q", q, "name", name, "fn", "rate", "q", "0.5");
        assertBad("q", q, "name", name, "fn", "quantile");
        assertBad("window", q, "name", name, "window", "5 minutes");
        assertBad("window", q, "name", name, "window", "0s");
        assertBad("window", q, "name", name, "window", "30d");
        assertBad("window", q, "name", name, "fn", "value", "window", "5m");
        assertBad("lookback", q, "name", name, "fn", "value", "lookback", "forever");
        assertBad("lookback", q, "name", name, "fn", "rate", "lookback", "5m");
        assertBad("by", q, "name", name, "by", "http.route,,service.name");
        assertBad("fn", q, "name", name, "fn", "quantile", "q", "0.5");

        String series = "/api/metrics/series";
        assertBad("name", series);
        assertBad("match", series, "name", name, "match", "{http.route=\"/a\"");
        assertBad("limit", series, "name", name, "limit", "0");
        assertBad("end", series, "name", name, "start", end, "end", start);
        assertBad("limit", "/api/metrics", "limit", "many");

        String saturation = "/api/services/anyone/saturation";
        assertBad("start", saturation, "start", "soon");
        assertBad("end", saturation, "start", end, "end", start);
    }
}
