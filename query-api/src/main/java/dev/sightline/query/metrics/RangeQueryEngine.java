package dev.sightline.query.metrics;

import dev.sightline.store.read.MetricReader;
import dev.sightline.store.read.MetricSeries;

import java.util.ArrayList;
import java.util.List;

/**
 * Evaluates a {@link RangeQuery} over the raw points {@link MetricReader#seriesByName} returns, at every step from
 * start to end, the way PromQL evaluates a range query:
 * <ul>
 *   <li>{@code value}: the latest point in (t − lookback, t];</li>
 *   <li>{@code rate} / {@code increase}: {@link CounterRate} over the points in (t − window, t];</li>
 *   <li>{@code quantile}: {@link HistogramQuantile} over the per-second rate of every cumulative {@code le} bucket
 *       (each bucket a counter of its own, as Prometheus stores classic histograms), or
 *       {@link ExponentialHistogramQuantile} over the rate of the exponential histogram;</li>
 *   <li>{@code by}: values (or buckets) of the series with the same values of those labels added up first, like
 *       {@code sum by (le, ...)}.</li>
 * </ul>
 * Every limit of {@link MetricLimits} is enforced here: a query asking for too much is refused with the parameter
 * to change, an answer with too many series or values is cut and marked truncated.
 *
 * <p>The parts: {@link RangeQueryChecks} refuses, {@link SeriesSelection} applies the matchers, {@link SeriesGroup}
 * groups by {@code by}, {@link StepEvaluator} computes each group at the {@link StepGrid}'s steps from
 * {@link FunctionInput}s, charged to a {@link WorkBudget}, and {@link AnswerSize} caps the answer.
 */
public final class RangeQueryEngine {

    private final MetricReader reader;
    private final MetricLimits limits;
    private final RangeQueryChecks checks;

    public RangeQueryEngine(MetricReader reader, MetricLimits limits) {
        this.reader = reader;
        this.limits = limits;
        this.checks = new RangeQueryChecks(limits);
    }

    public RangeResult run(RangeQuery query) {
        return runAt(query, java.util.Collections.singletonList(query.q())).get(0);
    }

    /**
     * The same quantile query at several quantiles (a histogram's p50, p95 and p99), reading the series and
     * decoding their buckets once: that decoding, not the quantile arithmetic, is most of a histogram query's
     * time, so three separate queries cost about three times one. One answer per quantile, in the order given.
     */
    public List<RangeResult> runQuantiles(RangeQuery query, List<Double> quantiles) {
        if (quantiles.isEmpty()) {
            throw new IllegalArgumentException("no quantile given");
        }
        return runAt(query, quantiles);
    }

    private List<RangeResult> runAt(RangeQuery query, List<Double> qs) {
        checks.checkShape(query);
        long window = query.window() != null ? query.window()
                : Math.max(query.step(), limits.defaultWindow().toNanos());
        long lookback = query.lookback() != null ? query.lookback() : limits.defaultLookback().toNanos();
        StepGrid grid = StepGrid.of(query);
        List<MetricSeries> stored = reader.seriesByName(query.name(), grid.readFrom(Math.max(window, lookback)),
                grid.readTo());
        SeriesSelection selected = SeriesSelection.select(stored, query.matchers(), limits.maxInputSeries());
        MetricSeries first = selected.first();
        MetricFunction fn = query.fn() != null ? query.fn()
                : first == null ? MetricFunction.VALUE : SeriesKinds.defaultFor(first);
        List<RangeQuery> asked = new ArrayList<>(qs.size());
        for (Double q : qs) {
            RangeQuery at = new RangeQuery(query.name(), query.matchers(), query.fn(), q, query.start(), query.end(),
                    query.step(), query.window(), query.lookback(), query.by());
            RangeQueryChecks.checkFunctionParameters(at, fn);
            asked.add(at);
        }
        boolean usesWindow = fn != MetricFunction.VALUE;

        List<String> groupWarnings = new ArrayList<>();
        List<SeriesGroup> groups = new ArrayList<>();
        for (SeriesGroup group : SeriesGroup.of(selected, fn, query, groupWarnings)) {
            groups.add(group.withOneHistogramKind(groupWarnings));
        }
        List<RangeResult> out = new ArrayList<>(asked.size());
        for (RangeQuery at : asked) {
            // Each quantile has the budget a query of its own would have: asking for three is not a bigger query.
            StepEvaluator eval = new StepEvaluator(fn, at.q(), window, lookback, grid, limits.maxExemplars(),
                    new WorkBudget(limits.maxWork()));
            AnswerSize answer = new AnswerSize(limits.maxSeries(), limits.maxPoints());
            for (SeriesGroup group : groups) {
                RangeResult.Series series = eval.series(group);
                if (series.times().length != 0 && !answer.add(series)) {
                    break;
                }
            }
            out.add(new RangeResult(query.name(), first == null ? null : first.type(),
                    first == null ? null : first.unit(), first == null ? null : first.description(), fn,
                    fn == MetricFunction.QUANTILE ? at.q() : null, query.start(), query.end(), query.step(),
                    usesWindow ? window : null, usesWindow ? null : lookback, query.by(), answer.series(),
                    answer.truncated(), List.copyOf(groupWarnings)));
        }
        return out;
    }
}
