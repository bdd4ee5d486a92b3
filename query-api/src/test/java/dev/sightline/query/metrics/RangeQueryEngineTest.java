package dev.sightline.query.metrics;

import dev.sightline.query.errors.BadParameterException;
import dev.sightline.store.model.AggregationTemporality;
import dev.sightline.store.model.Exemplar;
import dev.sightline.store.model.MetricData;
import dev.sightline.store.model.NumberValue;
import dev.sightline.store.model.SpanId;
import dev.sightline.store.model.TraceId;
import dev.sightline.store.read.MetricSeries;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static dev.sightline.query.metrics.FakeMetricReader.MINUTE;
import static dev.sightline.query.metrics.FakeMetricReader.T0;
import static dev.sightline.query.metrics.FakeMetricReader.attrs;
import static dev.sightline.query.metrics.FakeMetricReader.counter;
import static dev.sightline.query.metrics.FakeMetricReader.deltaSum;
import static dev.sightline.query.metrics.FakeMetricReader.gauge;
import static dev.sightline.query.metrics.FakeMetricReader.histogram;
import static dev.sightline.query.metrics.FakeMetricReader.histogramPoint;
import static dev.sightline.query.metrics.FakeMetricReader.numbers;
import static dev.sightline.query.metrics.FakeMetricReader.resource;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * The range query engine over stored series: PromQL semantics (checked against values from Prometheus' own
 * promqltest data where marked), label matching, grouping, and every limit.
 */
class RangeQueryEngineTest {

    private final FakeMetricReader reader = new FakeMetricReader();
    private MetricLimits limits = MetricLimits.defaults();

    /** A query at minutes after T0; fields left null take the engine's defaults. */
    private final class Q {
        String name;
        List<LabelMatcher> matchers = List.of();
        MetricFunction fn;
        Double q;
        long start;
        long end;
        long step = MINUTE;
        Long window;
        Long lookback;
        List<String> by;

        Q(String name, long startMinute, long endMinute) {
            this.name = name;
            this.start = T0 + startMinute * MINUTE;
            this.end = T0 + endMinute * MINUTE;
        }

        Q fn(MetricFunction f) {
            fn = f;
            return this;
        }

        Q q(double v) {
            q = v;
            return this;
        }

        Q stepMinutes(long m) {
            step = m * MINUTE;
            return this;
        }

        Q windowMinutes(long m) {
            window = m * MINUTE;
            return this;
        }

        Q lookbackMinutes(long m) {
            lookback = m * MINUTE;
            return this;
        }

        Q by(String... labels) {
            by = List.of(labels);
            return this;
        }

        Q match(String text) {
            matchers = LabelMatcher.parse(text);
            return this;
        }

        RangeResult run() {
            return new RangeQueryEngine(reader, limits).run(new RangeQuery(name, matchers, fn, q, start, end, step,
                    window, lookback, by));
        }

        List<RangeResult> runQuantiles(Double... qs) {
            return new RangeQueryEngine(reader, limits).runQuantiles(new RangeQuery(name, matchers, fn, q, start, end,
                    step, window, lookback, by), java.util.Arrays.asList(qs));
        }
    }

    private static double onlyValue(RangeResult r) {
        assertThat(r.series()).hasSize(1);
        assertThat(r.series().get(0).values()).hasSize(1);
        return r.series().get(0).values()[0];
    }

    private static Map<String, Double> valueByLabel(RangeResult r, String label) {
        Map<String, Double> out = new HashMap<>();
        for (RangeResult.Series s : r.series()) {
            assertThat(s.values()).hasSize(1);
            out.put(s.labels().get(label), s.values()[0]);
        }
        return out;
    }

    private static double[] series(double start, double step, int times) {
        double[] v = new double[times + 1];
        for (int i = 0; i <= times; i++) {
            v[i] = start + step * i;
        }
        return v;
    }

    // ---- counters -------------------------------------------------------------------------------------------

    @Test
    void increaseOfACounterMatchesPrometheus() {
        // functions.test: http_requests_total{path="/dings"} 10+10x10, increase[100m] at 50m = 105.
        reader.add(counter("http.requests", resource("a"), attrs("path", "/dings"), numbers(0, 5, series(10, 10, 10))));
        RangeResult r = new Q("http.requests", 50, 50).fn(MetricFunction.INCREASE).windowMinutes(100).run();
        assertThat(onlyValue(r)).isCloseTo(105, within(1e-9));
    }

    @Test
    void rateOfACounterWithAResetInTheMiddleMatchesPrometheus() {
        // functions.test: testcounter_reset_middle_total 0+27x4 0+27x5, rate[50m] at 50m = 0.08.
        double[] values = new double[11];
        System.arraycopy(series(0, 27, 4), 0, values, 0, 5);
        System.arraycopy(series(0, 27, 5), 0, values, 5, 6);
        reader.add(counter("c", resource("a"), List.of(), numbers(0, 5, values)));
        assertThat(onlyValue(new Q("c", 50, 50).fn(MetricFunction.RATE).windowMinutes(50).run()))
                .isCloseTo(0.08, within(1e-12));
    }

    @Test
    void everyStepIsTheRateOfItsOwnWindow() {
        double[] values = {0, 3, 9, 10, 2, 8, 30, 31, 40, 42, 55};
        reader.add(counter("c", resource("a"), List.of(), numbers(0, 1, values)));
        RangeResult r = new Q("c", 2, 10).fn(MetricFunction.RATE).windowMinutes(3).stepMinutes(2).run();

        List<CounterRate.Sample> samples = new ArrayList<>();
        for (MetricData.NumberPoint p : numbers(0, 1, values)) {
            samples.add(new CounterRate.Sample(p.epochNanos(), 0, p.value().asDouble()));
        }
        RangeResult.Series s = r.series().get(0);
        assertThat(s.times()).containsExactly(T0 + 2 * MINUTE, T0 + 4 * MINUTE, T0 + 6 * MINUTE, T0 + 8 * MINUTE,
                T0 + 10 * MINUTE);
        for (int i = 0; i < s.times().length; i++) {
            double expected = CounterRate.cumulative(samples, s.times()[i] - 3 * MINUTE, s.times()[i], true, true)
                    .getAsDouble();
            assertThat(s.values()[i]).as("step %d", i).isCloseTo(expected, within(1e-12));
        }
        assertThat(r.window()).isEqualTo(3 * MINUTE);
        assertThat(r.lookback()).isNull();
    }

    @Test
    void deltaTemporalityIsTheSumOfTheDeltasOverTheWindow() {
        reader.add(deltaSum("d", resource("a"), List.of(), numbers(1, 1, 5, 3, 4, 8)));
        // (1m, 4m] holds the deltas at 2m, 3m and 4m.
        assertThat(onlyValue(new Q("d", 4, 4).fn(MetricFunction.RATE).windowMinutes(3).run()))
                .isCloseTo(15.0 / 180, within(1e-15));
        assertThat(onlyValue(new Q("d", 4, 4).fn(MetricFunction.INCREASE).windowMinutes(3).run())).isEqualTo(15);
    }

    @Test
    void seriesAddedUpByLabelsLikeSumBy() {
        reader.add(counter("c", resource("a"), attrs("route", "/x"), numbers(0, 1, 0, 60, 120)));
        reader.add(counter("c", resource("a"), attrs("route", "/y"), numbers(0, 1, 0, 120, 240)));
        reader.add(counter("c", resource("b"), attrs("route", "/x"), numbers(0, 1, 0, 600, 1200)));
        // (0, 2m] holds the points at 1m and 2m; extrapolated back to the zero point at 0: rates 1, 2 and 10/s.
        RangeResult byService = new Q("c", 2, 2).fn(MetricFunction.RATE).windowMinutes(2).by("service.name").run();
        assertThat(valueByLabel(byService, "service.name")).containsOnly(Map.entry("a", 3.0), Map.entry("b", 10.0));
        assertThat(byService.series().get(0).labels()).containsOnlyKeys("service.name");

        RangeResult all = new Q("c", 2, 2).fn(MetricFunction.RATE).windowMinutes(2).by().run();
        assertThat(onlyValue(all)).isCloseTo(13, within(1e-9));
        assertThat(all.series().get(0).labels()).isEmpty();

        RangeResult apart = new Q("c", 2, 2).fn(MetricFunction.RATE).windowMinutes(2).run();
        assertThat(apart.series()).hasSize(3);
        assertThat(apart.series().get(0).labels()).containsEntry("service.name", "a").containsEntry("route", "/x")
                .containsEntry("otel.scope.name", "test.scope");
    }

    // ---- gauges ---------------------------------------------------------------------------------------------

    @Test
    void gaugeValueIsTheLatestPointWithinTheLookback() {
        reader.add(gauge("g", resource("a"), List.of(), numbers(0, 1, 7, 9)));
        RangeResult r = new Q("g", 0, 10).run();
        assertThat(r.fn()).isEqualTo(MetricFunction.VALUE);
        RangeResult.Series s = r.series().get(0);
        // 9 from 1m until 6m exclusive: the default 5m lookback is (t - 5m, t].
        assertThat(s.values()).containsExactly(7, 9, 9, 9, 9, 9);
        assertThat(s.times()[5]).isEqualTo(T0 + 5 * MINUTE);

        RangeResult longer = new Q("g", 0, 10).lookbackMinutes(8).run();
        assertThat(longer.series().get(0).values()).hasSize(9);
    }

    // ---- histograms -----------------------------------------------------------------------------------------

    /** histograms.test "testhistogram": cumulative slopes per 5m sample, sent as OTLP explicit buckets. */
    private void loadPrometheusTestHistogram() {
        List<MetricData.HistogramPoint> positive = new ArrayList<>();
        List<MetricData.HistogramPoint> negative = new ArrayList<>();
        for (long k = 0; k <= 10; k++) {
            positive.add(histogramPoint(5 * k, List.of(0.1, 0.2, 1.0), List.of(5 * k, 2 * k, 4 * k, k), List.of()));
            negative.add(histogramPoint(5 * k, List.of(-0.2, -0.1, 0.3), List.of(k, k, 0L, k), List.of()));
        }
        reader.add(histogram("testhistogram", AggregationTemporality.CUMULATIVE, resource("a"),
                attrs("start", "positive"), positive));
        reader.add(histogram("testhistogram", AggregationTemporality.CUMULATIVE, resource("a"),
                attrs("start", "negative"), negative));
    }

    @Test
    void quantileOfTheRateOfBucketsMatchesPrometheus() {
        loadPrometheusTestHistogram();
        double[][] expected = {{0.2, 0.048, -0.2}, {0.5, 0.15, -0.15}, {0.8, 0.72, 0.3}};
        for (double[] row : expected) {
            RangeResult r = new Q("testhistogram", 50, 50).q(row[0]).windowMinutes(10).run();
            assertThat(r.fn()).isEqualTo(MetricFunction.QUANTILE);
            Map<String, Double> byStart = valueByLabel(r, "start");
            assertThat(byStart.get("positive")).as("q=%s positive", row[0]).isCloseTo(row[1], within(1e-12));
            assertThat(byStart.get("negative")).as("q=%s negative", row[0]).isCloseTo(row[2], within(1e-12));
        }
    }

    /** histograms.test "request_duration_seconds": per job and instance. */
    private void loadPrometheusRequestDurations() {
        long[][] slopes = {{1, 2, 1}, {2, 3, 1}, {3, 1, 2}, {4, 3, 2}};
        String[][] labels = {{"job1", "ins1"}, {"job1", "ins2"}, {"job2", "ins1"}, {"job2", "ins2"}};
        for (int i = 0; i < slopes.length; i++) {
            List<MetricData.HistogramPoint> points = new ArrayList<>();
            for (long k = 0; k <= 10; k++) {
                points.add(histogramPoint(5 * k, List.of(0.1, 0.2),
                        List.of(slopes[i][0] * k, slopes[i][1] * k, slopes[i][2] * k), List.of()));
            }
            reader.add(histogram("request_duration_seconds", AggregationTemporality.CUMULATIVE, resource("a"),
                    attrs("job", labels[i][0], "instance", labels[i][1]), points));
        }
    }

    @Test
    void quantileAggregatedByLabelsMatchesPrometheusSumByLe() {
        loadPrometheusRequestDurations();
        Q all = new Q("request_duration_seconds", 50, 50).windowMinutes(10).by();
        assertThat(onlyValue(all.q(0.3).run())).isCloseTo(0.075, within(1e-12));
        assertThat(onlyValue(all.q(0.5).run())).isCloseTo(0.1277777777777778, within(1e-12));

        Q byJob = new Q("request_duration_seconds", 50, 50).windowMinutes(10).by("job");
        assertThat(valueByLabel(byJob.q(0.3).run(), "job")).hasEntrySatisfying("job1",
                v -> assertThat(v).isCloseTo(0.1, within(1e-12))).hasEntrySatisfying("job2",
                v -> assertThat(v).isCloseTo(0.0642857142857143, within(1e-12)));
        assertThat(valueByLabel(byJob.q(0.5).run(), "job")).hasEntrySatisfying("job1",
                v -> assertThat(v).isCloseTo(0.14, within(1e-12))).hasEntrySatisfying("job2",
                v -> assertThat(v).isCloseTo(0.1125, within(1e-12)));

        Q byInstance = new Q("request_duration_seconds", 50, 50).windowMinutes(10).by("instance");
        assertThat(valueByLabel(byInstance.q(0.5).run(), "instance")).hasEntrySatisfying("ins1",
                v -> assertThat(v).isCloseTo(0.1333333333333333, within(1e-12))).hasEntrySatisfying("ins2",
                v -> assertThat(v).isCloseTo(0.125, within(1e-12)));

        RangeResult apart = new Q("request_duration_seconds", 50, 50).windowMinutes(10).q(0.3).run();
        assertThat(apart.series()).hasSize(4);
        assertThat(apart.series()).extracting(s -> s.values()[0]).containsExactlyInAnyOrder(0.11, 0.09, 0.06, 0.0675);
    }

    @Test
    void severalQuantilesAtOnceEqualTheQueriesApart() {
        loadPrometheusRequestDurations();
        for (String by : new String[] {null, "job"}) {
            Q q = new Q("request_duration_seconds", 40, 50).windowMinutes(10);
            if (by != null) {
                q.by(by);
            }
            List<RangeResult> together = q.runQuantiles(0.3, 0.5, 0.99);
            assertThat(together).hasSize(3);
            double[] qs = {0.3, 0.5, 0.99};
            for (int i = 0; i < qs.length; i++) {
                RangeResult apart = q.q(qs[i]).run();
                assertThat(together.get(i).q()).isEqualTo(qs[i]);
                assertThat(together.get(i).series()).usingRecursiveFieldByFieldElementComparator()
                        .isEqualTo(apart.series());
            }
        }
        // A quantile query without a quantile is still a mistake, and is said as one.
        assertThatThrownBy(() -> new Q("request_duration_seconds", 50, 50).runQuantiles(0.5, null))
                .isInstanceOfSatisfying(BadParameterException.class, e -> assertThat(e.parameter()).isEqualTo("q"));
    }

    @Test
    void deltaHistogramQuantileIsOverTheSummedDeltas() {
        List<MetricData.HistogramPoint> deltas = List.of(
                histogramPoint(1, List.of(10.0, 50.0, 100.0), List.of(3L, 0L, 0L, 0L), List.of()),
                histogramPoint(2, List.of(10.0, 50.0, 100.0), List.of(0L, 5L, 2L, 0L), List.of()),
                histogramPoint(3, List.of(10.0, 50.0, 100.0), List.of(100L, 100L, 100L, 100L), List.of()));
        reader.add(histogram("h", AggregationTemporality.DELTA, resource("a"), List.of(), deltas));
        // At 2m over 2m: cumulative le 10: 3, le 50: 8, le 100: 10, +Inf: 10.
        Q q = new Q("h", 2, 2).windowMinutes(2);
        assertThat(onlyValue(q.q(0.5).run())).isCloseTo(10 + 40 * 2.0 / 5, within(1e-12));
        assertThat(onlyValue(q.q(0.9).run())).isCloseTo(50 + 50 * 1.0 / 2, within(1e-12));
    }

    @Test
    void exponentialHistogramQuantileIsOverTheIncreaseInTheWindow() {
        Random random = new Random(3);
        double[] before = new double[500];
        double[] after = new double[2000];
        for (int i = 0; i < before.length; i++) {
            before[i] = 1000 + random.nextDouble() * 1000;
        }
        for (int i = 0; i < after.length; i++) {
            after[i] = Math.exp(random.nextGaussian());
        }
        double[] all = Arrays.copyOf(before, before.length + after.length);
        System.arraycopy(after, 0, all, before.length, after.length);
        ExponentialHistogram first = ExponentialHistogramQuantileTest.histogramOf(before, 4, 0);
        ExponentialHistogram second = ExponentialHistogramQuantileTest.histogramOf(all, 4, 0);
        reader.add(FakeMetricReader.exponential("e", AggregationTemporality.CUMULATIVE, resource("a"),
                List.of(FakeMetricReader.exponentialPoint(5, first), FakeMetricReader.exponentialPoint(10, second))));

        ExponentialHistogram increase = ExponentialHistogramQuantileTest.histogramOf(after, 4, 0);
        for (double q : new double[] {0.1, 0.5, 0.99}) {
            double value = onlyValue(new Q("e", 10, 10).windowMinutes(10).q(q).run());
            assertThat(value).isCloseTo(ExponentialHistogramQuantile.quantile(q, increase), within(1e-9));
        }
    }

    @Test
    void rateOfAHistogramIsTheRateOfItsCount() {
        reader.add(histogram("h", AggregationTemporality.CUMULATIVE, resource("a"), List.of(), List.of(
                histogramPoint(0, List.of(1.0), List.of(0L, 0L), List.of()),
                histogramPoint(1, List.of(1.0), List.of(10L, 20L), List.of()),
                histogramPoint(2, List.of(1.0), List.of(20L, 40L), List.of()))));
        // 30 observations a minute.
        assertThat(onlyValue(new Q("h", 2, 2).fn(MetricFunction.RATE).windowMinutes(2).run()))
                .isCloseTo(0.5, within(1e-12));
    }

    @Test
    void exemplarsOfTheSeriesComeBackWithTheirTraceIds() {
        TraceId trace = TraceId.fromHex("5b8efff798038103d269b633813fc60c");
        Exemplar slow = new Exemplar(List.of(), T0 + MINUTE, new NumberValue.OfDouble(0.9), SpanId.fromHex(
                "eee19b7ec3c1b174"), trace);
        reader.add(histogram("h", AggregationTemporality.DELTA, resource("a"), List.of(), List.of(
                histogramPoint(1, List.of(1.0), List.of(1L, 0L), List.of(slow)))));
        RangeResult r = new Q("h", 1, 1).q(0.5).windowMinutes(1).run();
        assertThat(r.series().get(0).exemplars()).containsExactly(slow);
    }

    // ---- label matchers -------------------------------------------------------------------------------------

    @Test
    void matchersSelectByResourceAndPointAttributes() {
        reader.add(gauge("g", resource("checkout"), attrs("http.route", "/a"), numbers(0, 1, 1)));
        reader.add(gauge("g", resource("checkout"), attrs("http.route", "/b"), numbers(0, 1, 2)));
        reader.add(gauge("g", resource("payments"), attrs("http.route", "/a"), numbers(0, 1, 4)));

        assertThat(new Q("g", 0, 0).match("service.name=\"checkout\"").run().series()).hasSize(2);
        assertThat(onlyValue(new Q("g", 0, 0).match("service.name=\"checkout\",http.route=\"/b\"").run()))
                .isEqualTo(2);
        assertThat(onlyValue(new Q("g", 0, 0).match("service.name!~\"check.*\"").run())).isEqualTo(4);
        assertThat(new Q("g", 0, 0).match("http.route=~\"/[ab]\"").run().series()).hasSize(3);
        assertThat(new Q("g", 0, 0).match("nothing=\"x\"").run().series()).isEmpty();
    }

    // ---- defaults and bad queries ---------------------------------------------------------------------------

    @Test
    void defaultFunctionFollowsTheType() {
        reader.add(counter("c", resource("a"), List.of(), numbers(0, 1, 0, 60)));
        reader.add(upDown("u"));
        assertThat(new Q("c", 1, 1).run().fn()).isEqualTo(MetricFunction.RATE);
        assertThat(new Q("u", 1, 1).run().fn()).isEqualTo(MetricFunction.VALUE);
    }

    private MetricSeries upDown(String name) {
        return FakeMetricReader.upDownCounter(name, resource("a"), List.of(), numbers(0, 1, 3, 4));
    }

    @Test
    void aFunctionThatFitsNoSeriesIsA400NamingFn() {
        reader.add(gauge("g", resource("a"), List.of(), numbers(0, 1, 1)));
        reader.add(upDown("u"));
        loadPrometheusTestHistogram();
        assertBad(new Q("g", 0, 0).fn(MetricFunction.RATE), "fn", "Gauge");
        assertBad(new Q("u", 0, 0).fn(MetricFunction.RATE), "fn", "non-monotonic");
        assertBad(new Q("testhistogram", 0, 0).fn(MetricFunction.VALUE), "fn", "Histogram");
        assertBad(new Q("g", 0, 0).fn(MetricFunction.QUANTILE).q(0.5), "fn", "Gauge");
    }

    @Test
    void seriesOfAnotherTypeAreLeftOutWithAWarning() {
        reader.add(counter("m", resource("a"), List.of(), numbers(0, 1, 0, 60)));
        reader.add(gauge("m", resource("b"), List.of(), numbers(0, 1, 5, 5)));
        RangeResult r = new Q("m", 1, 1).fn(MetricFunction.RATE).windowMinutes(2).run();
        assertThat(r.series()).hasSize(1);
        assertThat(r.warnings()).singleElement().asString().contains("1 Gauge series left out");
    }

    @Test
    void parametersThatDoNotFitTheFunctionAre400s() {
        reader.add(counter("c", resource("a"), List.of(), numbers(0, 1, 0, 60)));
        loadPrometheusTestHistogram();
        assertBad(new Q("c", 0, 0).fn(MetricFunction.RATE).q(0.5), "q", "fn=quantile");
        assertBad(new Q("testhistogram", 0, 0), "q", "default for histograms");
        assertBad(new Q("c", 0, 0).fn(MetricFunction.QUANTILE), "q", "required");
        assertBad(new Q("c", 0, 0).fn(MetricFunction.VALUE).windowMinutes(5), "window", "lookback");
        assertBad(new Q("c", 0, 0).fn(MetricFunction.RATE).lookbackMinutes(5), "lookback", "window");
        assertBad(new Q("c", 0, 0).windowMinutes(0), "window", "positive");
        assertBad(new Q("c", 0, 0).windowMinutes(2 * 24 * 60), "window", "at most 1d");
        assertBad(new Q("c", 0, 0).lookbackMinutes(-1), "lookback", "positive");
        assertBad(new Q("c", 0, 0).stepMinutes(0), "step", "positive");
        assertBad(new Q("c", 10, 0), "end", "before start");
    }

    @Test
    void tooManyStepsIsA400SuggestingAStep() {
        reader.add(counter("c", resource("a"), List.of(), numbers(0, 1, 0, 60)));
        Q q = new Q("c", 0, 24 * 60);
        q.step = 1_000_000_000L;
        assertBad(q, "step", "11000");
        q.step = 8 * 1_000_000_000L;
        assertThat(q.run().series()).hasSize(1);
    }

    @Test
    void aRangeLongerThanTheMaximumIsA400() {
        limits = new MetricLimits(Duration.ofDays(1), 11_000, 500_000, 1_000, 20_000, 50_000_000L,
                Duration.ofMinutes(5), Duration.ofMinutes(5), Duration.ofDays(1), 50);
        Q q = new Q("c", 0, 2 * 24 * 60);
        q.step = 60 * MINUTE;
        assertBad(q, "start", "1d");
    }

    @Test
    void selectingMoreStoredSeriesThanAllowedIsA400() {
        limits = new MetricLimits(Duration.ofDays(32), 11_000, 500_000, 1_000, 3, 50_000_000L,
                Duration.ofMinutes(5), Duration.ofMinutes(5), Duration.ofDays(1), 50);
        for (int i = 0; i < 4; i++) {
            reader.add(gauge("g", resource("a"), attrs("i", "" + i), numbers(0, 1, i)));
        }
        assertBad(new Q("g", 0, 0), "name", "more than the maximum of 3");
        assertBad(new Q("g", 0, 0).match("i=~\".*\""), "match", "more than the maximum of 3");
        assertThat(new Q("g", 0, 0).match("i!=\"0\"").run().series()).hasSize(3);
    }

    @Test
    void answersPastTheSeriesOrPointCapAreTruncated() {
        for (int i = 0; i < 5; i++) {
            reader.add(gauge("g", resource("a"), attrs("i", "" + i), numbers(0, 1, i, i, i)));
        }
        limits = new MetricLimits(Duration.ofDays(32), 11_000, 500_000, 2, 20_000, 50_000_000L,
                Duration.ofMinutes(5), Duration.ofMinutes(5), Duration.ofDays(1), 50);
        RangeResult fewSeries = new Q("g", 0, 2).run();
        assertThat(fewSeries.series()).hasSize(2);
        assertThat(fewSeries.truncated()).isTrue();

        limits = new MetricLimits(Duration.ofDays(32), 11_000, 7, 1_000, 20_000, 50_000_000L,
                Duration.ofMinutes(5), Duration.ofMinutes(5), Duration.ofDays(1), 50);
        RangeResult fewPoints = new Q("g", 0, 2).run();
        assertThat(fewPoints.series()).hasSize(2);
        assertThat(fewPoints.truncated()).isTrue();

        limits = MetricLimits.defaults();
        assertThat(new Q("g", 0, 2).run().truncated()).isFalse();
    }

    @Test
    void aQueryNeedingMoreWorkThanAllowedIsA400() {
        limits = new MetricLimits(Duration.ofDays(32), 11_000, 500_000, 1_000, 20_000, 1_000,
                Duration.ofMinutes(5), Duration.ofMinutes(5), Duration.ofDays(1), 50);
        for (int i = 0; i < 10; i++) {
            reader.add(gauge("g", resource("a"), attrs("i", "" + i), numbers(0, 1, i)));
        }
        Q q = new Q("g", 0, 200);
        assertBad(q, "step", "more than 1000");
    }

    @Test
    void noSeriesIsAnEmptyAnswerNotAnError() {
        RangeResult r = new Q("nothing", 0, 10).run();
        assertThat(r.series()).isEmpty();
        assertThat(r.type()).isNull();
        assertThat(r.truncated()).isFalse();
    }

    private static void assertBad(Q q, String parameter, String reason) {
        assertThatThrownBy(q::run).isInstanceOfSatisfying(BadParameterException.class, e -> {
            assertThat(e.parameter()).isEqualTo(parameter);
            assertThat(e.getMessage()).contains(reason);
        });
    }
}
