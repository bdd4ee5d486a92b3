package dev.sightline.alerting.rule;

import dev.sightline.alerting.alert.AlertDefinition;
import dev.sightline.alerting.alert.AlertKind;
import dev.sightline.alerting.alert.EvidenceQuery;
import dev.sightline.alerting.alert.Violation;
import dev.sightline.store.model.Attribute;
import dev.sightline.store.model.SpanKind;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static dev.sightline.alerting.rule.RuleTestStore.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Rule conditions over a real store holding requests of known error ratios and latencies and metric points; every
 * expected value is computed from what was appended.
 */
class RuleConditionsTest {
    static final Instant RECENT = NOW.minus(Duration.ofMinutes(3));
    static final Instant EARLIER = NOW.minus(Duration.ofMinutes(30));
    static final long FAILING_EXEMPLARS = 1000;
    static final long HEALTHY_EXEMPLARS = 2000;
    static final long SLOW_EXEMPLARS = 3000;

    @TempDir
    static Path dir;
    static RuleTestStore data;
    static RuleConditions conditions;

    @BeforeAll
    static void appendData() throws Exception {
        data = new RuleTestStore(dir);
        // checkout: 10 % errors in the last 5 minutes, all in POST /pay (20 %); GET /cart is clean.
        data.requests("checkout", "POST /pay", RECENT, 100, 20, Duration.ofMillis(50));
        data.requests("checkout", "GET /cart", RECENT, 100, 0, Duration.ofMillis(50));
        // Its outgoing calls fail too, but they are not its requests.
        data.requests("checkout", "call payments", SpanKind.CLIENT, RECENT, 50, 50, Duration.ofMillis(40));
        // payments: 1 % errors and slow now; an outage half an hour ago.
        data.requests("payments", "POST /charge", RECENT, 200, 2, Duration.ofMillis(2500));
        data.requests("payments", "POST /charge", EARLIER, 100, 100, Duration.ofMillis(10));
        // quiet: everything fails, but it has only 5 requests.
        data.requests("quiet", "GET /", RECENT, 5, 5, Duration.ofMillis(5));
        // Metrics: failed-job counters growing 600/min (10/s) and 60/min (1/s); a CPU-bound service with no spans.
        Instant from = NOW.minus(Duration.ofMinutes(10));
        Instant to = NOW.minus(Duration.ofSeconds(10));
        data.metric("billing", RuleTestStore.counter("jobs.failed", from, to, 600, FAILING_EXEMPLARS,
                Attribute.of("queue", "invoices")));
        data.metric("shipping", RuleTestStore.counter("jobs.failed", from, to, 60, HEALTHY_EXEMPLARS,
                Attribute.of("queue", "labels")));
        data.metric("cpu-hog", RuleTestStore.gauge("process.cpu.utilization", 0.95, to));
        data.metric("billing", RuleTestStore.gauge("process.cpu.utilization", 0.20, to));
        data.metric("billing", RuleTestStore.histogram("rpc.duration", from, to, 3, 100, SLOW_EXEMPLARS));
        data.metric("shipping", RuleTestStore.histogram("rpc.duration", from, to, 0, 100, HEALTHY_EXEMPLARS + 100));
        data.awaitIndexed();
        conditions = data.conditions();
    }

    @AfterAll
    static void close() {
        data.close();
    }

    static AlertRule rule(String expr, long minRequests) throws Exception {
        return new AlertRule("R", RuleExpression.parse(expr), expr, Duration.ZERO, Duration.ZERO, Map.of(), Map.of(),
                "rb", minRequests, "test:1");
    }

    static List<Violation> violations(String expr) throws Exception {
        return violations(expr, AlertRule.DEFAULT_MIN_REQUESTS);
    }

    static List<Violation> violations(String expr, long minRequests) throws Exception {
        return conditions.definition(rule(expr, minRequests)).condition().evaluate(NOW);
    }

    static List<String> services(List<Violation> violations) {
        return violations.stream().map(v -> v.labels().get("service")).toList();
    }

    @Test
    void errorRatioViolatesPerServiceAndIgnoresClientSpans() throws Exception {
        List<Violation> v = violations("error_ratio[5m] > 5%");

        assertThat(services(v)).containsExactly("checkout", "quiet");
        assertThat(v.get(0).value()).isCloseTo(20.0 / 200, within(1e-12));
        assertThat(v.get(0).labels()).isEqualTo(Map.of("service", "checkout"));
        assertThat(v.get(0).evidence()).isEqualTo(EvidenceQuery.failedRequests("checkout", null,
                NOW.minus(Duration.ofMinutes(5)), NOW));
    }

    @Test
    void minRequestsLeavesOutServicesWithLittleTraffic() throws Exception {
        assertThat(services(violations("error_ratio[5m] > 5%", 10))).containsExactly("checkout");
    }

    @Test
    void aLongerWindowSeesTheEarlierOutage() throws Exception {
        List<Violation> v = violations("error_ratio{service=\"payments\"}[1h] > 5%");

        assertThat(services(v)).containsExactly("payments");
        assertThat(v.get(0).value()).isCloseTo(102.0 / 300, within(1e-12));
    }

    @Test
    void serviceMatchersSelectServices() throws Exception {
        assertThat(services(violations("errors{service=~\"pay.*|quiet\"}[5m] > 0"))).containsExactly("payments",
                "quiet");
        assertThat(services(violations("errors{service!=\"quiet\"}[5m] >= 2"))).containsExactly("checkout",
                "payments");
    }

    @Test
    void byOperationGivesOneInstancePerOperation() throws Exception {
        List<Violation> v = violations("error_ratio{service=\"checkout\"}[5m] by (operation) > 5%");

        assertThat(v).hasSize(1);
        assertThat(v.get(0).labels()).isEqualTo(Map.of("service", "checkout", "operation", "POST /pay"));
        assertThat(v.get(0).value()).isCloseTo(0.2, within(1e-12));
        assertThat(v.get(0).evidence().operation()).isEqualTo("POST /pay");
        assertThat(v.get(0).evidence().errorsOnly()).isTrue();
    }

    @Test
    void anOperationMatcherWithoutByNarrowsTheServiceSeries() throws Exception {
        assertThat(violations("error_ratio{operation=\"GET /cart\"}[5m] > 0")).isEmpty();
        List<Violation> pay = violations("errors{operation=\"POST /pay\"}[5m] > 0");
        assertThat(pay).extracting(Violation::value).containsExactly(20.0);
        assertThat(pay.get(0).labels()).isEqualTo(Map.of("service", "checkout"));
        assertThat(pay.get(0).evidence().operation()).isEqualTo("POST /pay");
    }

    @Test
    void latencyP99IsInSecondsWithSlowRequestsAsEvidence() throws Exception {
        List<Violation> v = violations("latency_p99[5m] > 2s");

        assertThat(services(v)).containsExactly("payments");
        assertThat(v.get(0).value()).isCloseTo(2.5, within(2.5 * 0.01));
        EvidenceQuery e = v.get(0).evidence();
        assertThat(e.minDurationNanos()).isEqualTo(2_000_000_000L);
        assertThat(e.errorsOnly()).isFalse();
        assertThat(e.service()).isEqualTo("payments");
    }

    @Test
    void latencyBelowAThresholdTakesTheCurrentP99AsEvidence() throws Exception {
        List<Violation> v = violations("latency_p90{service=\"checkout\"}[5m] < 1s");

        assertThat(v).hasSize(1);
        assertThat(v.get(0).evidence().minDurationNanos() / 1e9).isCloseTo(0.05, within(0.05 * 0.01));
    }

    @Test
    void requestRateIsPerSecondOfTheWindow() throws Exception {
        List<SeriesValue> all = conditions.evaluate(RuleExpression.parse("request_rate{service=\"payments\"}[5m] > 0"),
                1, NOW);

        assertThat(all).hasSize(1);
        // NOW is on a minute boundary: five whole minutes.
        assertThat(all.get(0).value()).isCloseTo(200 / 300.0, within(1e-9));
        assertThat(all.get(0).evidence()).isNull();
    }

    @Test
    void minRequestsZeroAlsoSeesServicesWithoutTraffic() throws Exception {
        assertThat(services(violations("requests[5m] < 1"))).isEmpty();
        assertThat(services(violations("requests[5m] < 1", 0))).containsExactly("billing", "cpu-hog", "shipping");
    }

    @Test
    void saturationComparesTheServicesUtilization() throws Exception {
        List<Violation> v = violations("saturation_cpu > 90%");

        assertThat(services(v)).containsExactly("cpu-hog");
        assertThat(v.get(0).value()).isCloseTo(0.95, within(1e-12));
        assertThat(v.get(0).annotations()).containsEntry("metric", "process.cpu.utilization");
        assertThat(v.get(0).evidence()).isNull();
        assertThat(violations("saturation_cpu{service=\"billing\"} > 10%")).hasSize(1);
    }

    @Test
    void metricRuleGivesOneInstancePerSeriesWithItsExemplars() throws Exception {
        List<Violation> v = violations("rate(jobs.failed[5m]) > 5");

        assertThat(v).hasSize(1);
        assertThat(v.get(0).labels()).containsEntry("service.name", "billing").containsEntry("queue", "invoices");
        assertThat(v.get(0).value()).isCloseTo(10.0, within(1e-9));
        List<String> traces = v.get(0).evidence().exemplarTraceIds();
        assertThat(traces).isNotEmpty().allMatch(id -> isTraceOf(id, FAILING_EXEMPLARS, 10));
        // Newest first: the last point's exemplar (minute index 9) leads.
        assertThat(traces.get(0)).isEqualTo(RuleTestStore.traceHex(FAILING_EXEMPLARS + 9));
    }

    @Test
    void metricRuleByLabelsAddsSeriesUp() throws Exception {
        List<SeriesValue> all = conditions.evaluate(RuleExpression.parse("increase(jobs.failed[5m]) by (queue) > 0"),
                1, NOW);

        assertThat(all).extracting(s -> s.labels()).containsExactlyInAnyOrder(Map.of("queue", "invoices"),
                Map.of("queue", "labels"));
        assertThat(all).allMatch(SeriesValue::violating);
    }

    @Test
    void histogramQuantileRuleFindsTheSlowServiceWithItsExemplars() throws Exception {
        List<Violation> v = violations("histogram_quantile(0.99, rpc.duration[5m]) by (service.name) > 2s");

        assertThat(v).hasSize(1);
        assertThat(v.get(0).labels()).isEqualTo(Map.of("service.name", "billing"));
        // Every observation in (1, 2.5]: Prometheus interpolates 1 + 1.5 × 0.99.
        assertThat(v.get(0).value()).isCloseTo(2.485, within(1e-6));
        assertThat(v.get(0).evidence().exemplarTraceIds()).isNotEmpty()
                .allMatch(id -> isTraceOf(id, SLOW_EXEMPLARS, 10));
    }

    @Test
    void latestValueOfAGauge() throws Exception {
        assertThat(violations("process.cpu.utilization{service.name=\"billing\"} >= 0.2"))
                .extracting(Violation::value).containsExactly(0.2);
    }

    @Test
    void theDefinitionIsARuleWithoutSlo() throws Exception {
        AlertRule r = new AlertRule("HighErrorRate", RuleExpression.parse("errors[5m] > 2"), "errors[5m] > 2",
                Duration.ofMinutes(2), Duration.ofMinutes(5), Map.of("severity", "page"), Map.of("summary", "s"),
                "high-error-rate", 1, "rules.yaml:3");

        AlertDefinition d = conditions.definition(r);

        assertThat(d.kind()).isEqualTo(AlertKind.RULE);
        assertThat(d.slo()).isNull();
        assertThat(d.name()).isEqualTo("HighErrorRate");
        assertThat(d.forDuration()).isEqualTo(Duration.ofMinutes(2));
        assertThat(d.keepFiringFor()).isEqualTo(Duration.ofMinutes(5));
        assertThat(d.labels()).isEqualTo(Map.of("severity", "page"));
        assertThat(d.runbook()).isEqualTo("high-error-rate");
        assertThat(d.origin()).isEqualTo("rules.yaml:3");
        assertThat(services(d.condition().evaluate(NOW))).containsExactly("checkout", "quiet");
    }

    @Test
    void noDataMeansNoAlert() throws Exception {
        assertThat(violations("error_ratio[5m] > 0", 1)).extracting(v -> v.labels().get("service"))
                .doesNotContain("billing", "cpu-hog");
        assertThat(conditions.definition(rule("error_ratio[5m] > 0", 1)).condition()
                .evaluate(NOW.plus(Duration.ofHours(2)))).isEmpty();
    }

    private static boolean isTraceOf(String hex, long base, int count) {
        for (int i = 0; i < count; i++) {
            if (RuleTestStore.traceHex(base + i).equals(hex)) {
                return true;
            }
        }
        return false;
    }
}
