package dev.sightline.alerting.rule;

import dev.sightline.query.metrics.LabelMatcher;
import dev.sightline.query.metrics.MetricFunction;
import dev.sightline.query.metrics.SaturationSignal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class RuleExpressionTest {

    @Test
    void parsesAGoldenSignalWithMatchersWindowAndPercentage() throws Exception {
        RuleExpression e = RuleExpression.parse("error_ratio{service=\"checkout\", operation=~\"POST .*\"}[5m] > 5%");

        Selector.Signal s = (Selector.Signal) e.selector();
        assertThat(s.signal()).isEqualTo(GoldenSignal.ERROR_RATIO);
        assertThat(s.matchers()).containsExactly(new LabelMatcher("service", LabelMatcher.Op.EQ, "checkout"),
                new LabelMatcher("operation", LabelMatcher.Op.RE, "POST .*"));
        assertThat(s.window()).isEqualTo(Duration.ofMinutes(5));
        assertThat(e.comparison()).isEqualTo(Comparison.GT);
        assertThat(e.threshold()).isCloseTo(0.05, within(1e-12));
        assertThat(e.unit()).isEqualTo(RuleExpression.ThresholdUnit.PERCENT);
        assertThat(e.perOperation()).isFalse();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "latency_p99[5m] > 2s          | 2.0",
            "latency_p90[1h] >= 500ms      | 0.5",
            "latency_p50[5m] > 1.5s        | 1.5",
            "latency_max[5m] > 1m30s       | 90.0",
            "latency_p95[5m] > 0.25        | 0.25",
    })
    void latencyThresholdsAreSeconds(String text, double seconds) throws Exception {
        RuleExpression e = RuleExpression.parse(text);

        assertThat(((Selector.Signal) e.selector()).signal().isLatency()).isTrue();
        assertThat(e.threshold()).isCloseTo(seconds, within(1e-12));
    }

    @Test
    void parsesEveryComparison() throws Exception {
        for (Comparison c : Comparison.values()) {
            assertThat(RuleExpression.parse("requests[5m] " + c.symbol() + " 10").comparison()).isEqualTo(c);
        }
    }

    @Test
    void byOperationMakesPerOperationSeries() throws Exception {
        RuleExpression e = RuleExpression.parse("error_ratio{service=\"checkout\"}[5m] by (operation) > 0.05");

        assertThat(e.by()).containsExactly("operation");
        assertThat(e.perOperation()).isTrue();
    }

    @Test
    void parsesSaturationWithADefaultWindow() throws Exception {
        Selector.Saturation s = (Selector.Saturation) RuleExpression.parse("saturation_db_connections > 90%")
                .selector();

        assertThat(s.resource()).isEqualTo(SaturationSignal.Resource.DB_CONNECTIONS);
        assertThat(s.window()).isEqualTo(Duration.ofMinutes(5));
        assertThat(((Selector.Saturation) RuleExpression.parse("saturation_queue{service=\"a\"}[10m] > 1000")
                .selector()).window()).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void parsesMetricQueriesWithDottedNamesAndBy() throws Exception {
        RuleExpression rate = RuleExpression.parse(
                "rate(http.server.request.duration{http.response.status_code=~\"5..\"}[5m]) by (service.name) > 1");
        Selector.Metric m = (Selector.Metric) rate.selector();
        assertThat(m.name()).isEqualTo("http.server.request.duration");
        assertThat(m.fn()).isEqualTo(MetricFunction.RATE);
        assertThat(m.matchers()).containsExactly(
                new LabelMatcher("http.response.status_code", LabelMatcher.Op.RE, "5.."));
        assertThat(m.window()).isEqualTo(Duration.ofMinutes(5));
        assertThat(rate.by()).containsExactly("service.name");

        Selector.Metric increase = (Selector.Metric) RuleExpression.parse("increase(jobs:failed[10m]) > 3")
                .selector();
        assertThat(increase.fn()).isEqualTo(MetricFunction.INCREASE);
        assertThat(increase.window()).isEqualTo(Duration.ofMinutes(10));

        Selector.Metric latest = (Selector.Metric) RuleExpression.parse("queue.depth{queue!=\"dlq\"} >= 100")
                .selector();
        assertThat(latest.fn()).isEqualTo(MetricFunction.VALUE);
        assertThat(latest.window()).isNull();
    }

    @Test
    void histogramQuantileAcceptsTheMetricOrPromQLsRateForm() throws Exception {
        for (String text : List.of("histogram_quantile(0.99, http.server.request.duration[5m]) > 2s",
                "histogram_quantile(0.99, rate(http.server.request.duration[5m])) > 2s")) {
            RuleExpression e = RuleExpression.parse(text);
            Selector.Metric m = (Selector.Metric) e.selector();
            assertThat(m.fn()).as(text).isEqualTo(MetricFunction.QUANTILE);
            assertThat(m.q()).isEqualTo(0.99);
            assertThat(m.name()).isEqualTo("http.server.request.duration");
            assertThat(e.threshold()).isEqualTo(2.0);
        }
    }

    @Test
    void keepsTheTextAsWrittenWithoutOuterSpaces() throws Exception {
        assertThat(RuleExpression.parse("  errors[5m]>3 ").text()).isEqualTo("errors[5m]>3");
    }

    /** Each bad expression, the column the error must name, and a part of its reason. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "''                                          | 1  | empty",
            "error_ratio > 5%                            | 13 | needs a window",
            "error_ratio[5m]                             | 16 | expected a comparison",
            "error_ratio[5m] >                           | 18 | expected a threshold",
            "error_ratio[5m] = 0.1                       | 17 | use ==",
            "error_ratio[5m] > 5                         | 19 | ratio from 0 to 1",
            "error_ratio[5m] > 2s                        | 19 | not a duration",
            "error_ratio[5x] > 1%                        | 13 | must be a duration",
            "error_ratio[30s] > 1%                       | 1  | at least 1m",
            "error_ratio{host=\"a\"}[5m] > 1%            | 13 | not by 'host'",
            "error_ratio{service=\"a\"[5m] > 1%          | 24 | expected , or }",
            "error_ratio{service=a}[5m] > 1%             | 21 | expected a quoted value",
            "error_ratio{service=\"a}[5m] > 1%           | 21 | unterminated",
            "error_ratio{service=~\"(\"}[5m] > 1%        | 22 | invalid regular expression",
            "error_ratio[5m] by (host) > 1%              | 21 | not by 'host'",
            "error_ratio[5m] by (operation > 1%          | 31 | expected , or )",
            "latency_p99[5m] > 5%                        | 19 | percentage does not apply",
            "requests[5m] > 2s                           | 16 | plain number",
            "latency_p99[5m] > 2x                        | 19 | not a number, a percentage",
            "errors[5m] > 3 and more                     | 16 | unexpected 'a'",
            "saturation_disk > 90%                       | 1  | unknown saturation signal",
            "saturation_cpu{operation=\"x\"} > 90%       | 16 | not by 'operation'",
            "saturation_queue > 5%                       | 20 | plain number",
            "avg(x[5m]) > 1                              | 1  | unknown function 'avg'",
            "rate(x) > 1                                 | 7  | needs a window",
            "rate(error_ratio[5m]) > 1                   | 6  | built-in signal",
            "rate(x[5m] > 1                              | 12 | expected ')'",
            "histogram_quantile(1.5, x[5m]) > 1          | 20 | from 0 to 1",
            "x[5m] > 1                                   | 2  | needs a function",
            "9lives > 1                                  | 1  | expected a selector",
            "error_ratio[5m] > > 1                       | 19 | expected a threshold",
    })
    void namesTheColumnOfEachError(String text, int column, String reason) {
        assertThatThrownBy(() -> RuleExpression.parse(text))
                .isInstanceOf(InvalidExpressionException.class)
                .satisfies(e -> {
                    InvalidExpressionException x = (InvalidExpressionException) e;
                    assertThat(x.column()).as("column of %s", text).isEqualTo(column);
                    assertThat(x.reason()).contains(reason);
                    assertThat(x.getMessage()).startsWith("column " + column + ": ");
                });
    }
}
