package dev.sightline.query.metrics;

import dev.sightline.store.model.Exemplar;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * Evaluates the function of a query for one group at every step: the members' values (latest, rate or increase)
 * added up, or the quantile of their added-up buckets, each read charged to the query's {@link WorkBudget}.
 */
final class StepEvaluator {
    private final MetricFunction fn;
    private final Double q;
    private final long window;
    private final long lookback;
    private final StepGrid grid;
    private final long[] steps;
    private final int maxExemplars;
    private final WorkBudget budget;

    StepEvaluator(MetricFunction fn, Double q, long window, long lookback, StepGrid grid, int maxExemplars,
                  WorkBudget budget) {
        this.fn = fn;
        this.q = q;
        this.window = window;
        this.lookback = lookback;
        this.grid = grid;
        this.steps = grid.times();
        this.maxExemplars = maxExemplars;
        this.budget = budget;
    }

    /** The group's value at each step that has one, with the exemplars of the points it was computed from. */
    RangeResult.Series series(SeriesGroup group) {
        long[] times = new long[steps.length];
        double[] values = new double[steps.length];
        int n = 0;
        for (long t : steps) {
            OptionalDouble v = at(group.members(), t);
            if (v.isPresent()) {
                times[n] = t;
                values[n] = v.getAsDouble();
                n++;
            }
        }
        List<Exemplar> exemplars = n == 0 ? List.of()
                : NewestExemplars.of(group.members(), grid.readFrom(reach()), grid.end(), maxExemplars);
        return new RangeResult.Series(group.labels(), Arrays.copyOf(times, n), Arrays.copyOf(values, n), exemplars);
    }

    /** How far back from a step the function reads: the lookback of {@code value}, else the window. */
    private long reach() {
        return fn == MetricFunction.VALUE ? lookback : window;
    }

    private OptionalDouble at(List<FunctionInput> members, long t) {
        return switch (fn) {
            case VALUE, RATE, INCREASE -> sum(members, t);
            case QUANTILE -> members.get(0).classic() != null ? classicQuantile(members, t)
                    : exponentialQuantile(members, t);
        };
    }

    private OptionalDouble sum(List<FunctionInput> members, long t) {
        double sum = 0;
        boolean any = false;
        for (FunctionInput in : members) {
            budget.spend(1);
            OptionalDouble v = fn == MetricFunction.VALUE ? in.numbers().latest(t, lookback)
                    : in.numbers().change(t, window, fn == MetricFunction.RATE);
            if (v.isPresent()) {
                sum += v.getAsDouble();
                any = true;
            }
        }
        return any ? OptionalDouble.of(sum) : OptionalDouble.empty();
    }

    /** {@code histogram_quantile(q, sum by (le) (rate(x_bucket[window])))}. */
    private OptionalDouble classicQuantile(List<FunctionInput> members, long t) {
        TreeMap<Double, Double> rates = new TreeMap<>();
        for (FunctionInput in : members) {
            budget.spend(in.classic().size());
            in.classic().addRates(t, window, rates);
        }
        if (rates.isEmpty()) {
            return OptionalDouble.empty();
        }
        List<HistogramQuantile.Bucket> buckets = new ArrayList<>(rates.size());
        rates.forEach((le, c) -> buckets.add(new HistogramQuantile.Bucket(le, c)));
        return OptionalDouble.of(HistogramQuantile.quantile(q, buckets));
    }

    /** The quantile of the members' exponential histogram rates, added up. */
    private OptionalDouble exponentialQuantile(List<FunctionInput> members, long t) {
        ExponentialHistogram total = null;
        for (FunctionInput in : members) {
            ExponentialHistogram r = in.exponential().rate(t, window, budget);
            if (r != null) {
                budget.spend(r.size());
                total = total == null ? r : total.plus(r);
            }
        }
        return total == null ? OptionalDouble.empty()
                : OptionalDouble.of(ExponentialHistogramQuantile.quantile(q, total));
    }
}
