package dev.sightline.query.metrics;

import dev.sightline.query.errors.BadParameterException;
import dev.sightline.store.model.AggregationTemporality;
import dev.sightline.store.model.Exemplar;
import dev.sightline.store.model.MetricData;
import dev.sightline.store.read.MetricReader;
import dev.sightline.store.read.MetricSeries;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;

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
 */
public final class RangeQueryEngine {

    private final MetricReader reader;
    private final MetricLimits limits;

    public RangeQueryEngine(MetricReader reader, MetricLimits limits) {
        this.reader = reader;
        this.limits = limits;
    }

    public RangeResult run(RangeQuery query) {
        checkShape(query);
        long window = query.window() != null ? query.window()
                : Math.max(query.step(), limits.defaultWindow().toNanos());
        long lookback = query.lookback() != null ? query.lookback() : limits.defaultLookback().toNanos();
        long readFrom = saturatingSubtract(query.start(), Math.max(window, lookback));
        long readTo = query.end() == Long.MAX_VALUE ? Long.MAX_VALUE : query.end() + 1;

        List<MetricSeries> selected = new ArrayList<>();
        List<Map<String, String>> selectedLabels = new ArrayList<>();
        List<MetricSeries> stored = reader.seriesByName(query.name(), readFrom, readTo);
        for (MetricSeries s : stored) {
            Map<String, String> labels = SeriesLabels.of(s);
            if (matchesAll(query.matchers(), labels)) {
                selected.add(s);
                selectedLabels.add(labels);
            }
        }
        if (selected.size() > limits.maxInputSeries()) {
            throw new BadParameterException(query.matchers().isEmpty() ? "name" : "match", "selects "
                    + selected.size() + " series, more than the maximum of " + limits.maxInputSeries()
                    + "; narrow it down with (more) match parameters");
        }
        MetricSeries first = selected.isEmpty() ? (stored.isEmpty() ? null : stored.get(0)) : selected.get(0);
        MetricFunction fn = query.fn() != null ? query.fn() : first == null ? MetricFunction.VALUE : defaultFor(first);
        checkFunctionParameters(query, fn);
        boolean usesWindow = fn != MetricFunction.VALUE;

        List<String> warnings = new ArrayList<>();
        Map<String, Integer> skipped = new TreeMap<>();
        Map<Map<String, String>, List<Input>> groups = new LinkedHashMap<>();
        for (int i = 0; i < selected.size(); i++) {
            MetricSeries s = selected.get(i);
            Input in = Input.of(s, fn);
            if (in == null) {
                skipped.merge(describe(s), 1, Integer::sum);
                continue;
            }
            Map<String, String> key = query.by() == null ? selectedLabels.get(i) : project(selectedLabels.get(i),
                    query.by());
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(in);
        }
        if (!selected.isEmpty() && groups.isEmpty()) {
            throw new BadParameterException(query.fn() != null ? "fn" : "name", "fn=" + fn.wireName()
                    + " does not apply to " + String.join(", ", skipped.keySet()) + " series; " + hint(first));
        }
        skipped.forEach((what, n) -> warnings.add(n + " " + what + " series left out: fn=" + fn.wireName()
                + " does not apply to them"));

        long[] steps = steps(query.start(), query.end(), query.step());
        List<Map.Entry<Map<String, String>, List<Input>>> ordered = new ArrayList<>(groups.entrySet());
        ordered.sort(Comparator.comparing(e -> e.getKey().toString()));
        Evaluation eval = new Evaluation(fn, query.q(), window, lookback, new WorkBudget(limits.maxWork()));
        List<RangeResult.Series> out = new ArrayList<>();
        boolean truncated = false;
        long points = 0;
        for (Map.Entry<Map<String, String>, List<Input>> group : ordered) {
            List<Input> members = onlyOneHistogramKind(group.getValue(), group.getKey(), warnings);
            RangeResult.Series series = eval.series(group.getKey(), members, steps,
                    usesWindow ? window : lookback, limits.maxExemplars(), query.start(), query.end());
            if (series.times().length == 0) {
                continue;
            }
            if (out.size() >= limits.maxSeries() || points + series.times().length > limits.maxPoints()) {
                truncated = true;
                break;
            }
            points += series.times().length;
            out.add(series);
        }
        MetricSeries meta = first;
        return new RangeResult(query.name(), meta == null ? null : meta.type(), meta == null ? null : meta.unit(),
                meta == null ? null : meta.description(), fn, fn == MetricFunction.QUANTILE ? query.q() : null,
                query.start(), query.end(), query.step(), usesWindow ? window : null,
                usesWindow ? null : lookback, query.by(), out, truncated, warnings);
    }

    private void checkShape(RangeQuery query) {
        if (query.step() <= 0) {
            throw new BadParameterException("step", "must be positive");
        }
        if (query.end() < query.start()) {
            throw new BadParameterException("end", "must not be before start");
        }
        if (query.end() - query.start() > limits.maxRange().toNanos() || query.end() - query.start() < 0) {
            throw new BadParameterException("start", "the range is longer than the maximum of "
                    + human(limits.maxRange()));
        }
        long steps = (query.end() - query.start()) / query.step() + 1;
        if (steps > limits.maxPointsPerSeries()) {
            throw new BadParameterException("step", "gives " + steps + " points per series, more than the maximum of "
                    + limits.maxPointsPerSeries() + "; use a step of at least "
                    + human(Duration.ofNanos(ceilDiv(query.end() - query.start(), limits.maxPointsPerSeries() - 1))));
        }
        checkDuration("window", query.window());
        checkDuration("lookback", query.lookback());
    }

    private void checkDuration(String name, Long value) {
        if (value == null) {
            return;
        }
        if (value <= 0) {
            throw new BadParameterException(name, "must be positive");
        }
        if (value > limits.maxWindow().toNanos()) {
            throw new BadParameterException(name, "must be at most " + human(limits.maxWindow()));
        }
    }

    private static void checkFunctionParameters(RangeQuery query, MetricFunction fn) {
        if (fn == MetricFunction.QUANTILE) {
            if (query.q() == null) {
                throw new BadParameterException("q", "is required with fn=quantile"
                        + (query.fn() == null ? " (the default for histograms)" : "") + ": a number from 0 to 1");
            }
        } else if (query.q() != null) {
            throw new BadParameterException("q", "applies only to fn=quantile, not fn=" + fn.wireName());
        }
        if (fn == MetricFunction.VALUE && query.window() != null) {
            throw new BadParameterException("window", "applies to fn=rate, increase and quantile, not fn=value"
                    + " (which uses lookback)");
        }
        if (fn != MetricFunction.VALUE && query.lookback() != null) {
            throw new BadParameterException("lookback", "applies only to fn=value, not fn=" + fn.wireName()
                    + " (which uses window)");
        }
    }

    /** The function a UI most likely wants for a metric of this kind. */
    static MetricFunction defaultFor(MetricSeries s) {
        return switch (s.type()) {
            case "Sum" -> s.monotonic() ? MetricFunction.RATE : MetricFunction.VALUE;
            case "Histogram", "ExponentialHistogram" -> MetricFunction.QUANTILE;
            case "Summary" -> MetricFunction.RATE;
            default -> MetricFunction.VALUE;
        };
    }

    private static String hint(MetricSeries s) {
        if (s == null) {
            return "";
        }
        return "for " + describe(s) + " series use fn=" + defaultFor(s).wireName();
    }

    private static String describe(MetricSeries s) {
        return switch (s.type()) {
            case "Sum" -> (s.monotonic() ? "monotonic " : "non-monotonic ")
                    + s.temporality().name().toLowerCase(Locale.ROOT) + " Sum";
            case "Histogram", "ExponentialHistogram" -> s.temporality() == AggregationTemporality.UNSPECIFIED
                    ? s.type() + " (without temporality)" : s.type();
            default -> s.type();
        };
    }

    static boolean matchesAll(List<LabelMatcher> matchers, Map<String, String> labels) {
        try {
            for (LabelMatcher m : matchers) {
                if (!m.matches(labels)) {
                    return false;
                }
            }
            return true;
        } catch (LabelMatcher.TooExpensiveException e) {
            throw new BadParameterException("match", e.getMessage());
        }
    }

    private static Map<String, String> project(Map<String, String> labels, List<String> by) {
        Map<String, String> key = new TreeMap<>();
        for (String name : by) {
            String v = labels.get(name);
            if (v != null) {
                key.put(name, v);
            }
        }
        return key;
    }

    /** Classic and exponential buckets cannot be added; a group holding both keeps the classic ones. */
    private static List<Input> onlyOneHistogramKind(List<Input> members, Map<String, String> key,
                                                    List<String> warnings) {
        boolean explicit = members.stream().anyMatch(m -> m.buckets != null);
        boolean exponential = members.stream().anyMatch(m -> m.exponential != null);
        if (!explicit || !exponential) {
            return members;
        }
        warnings.add("series " + key + " mixes explicit-bucket and exponential histograms, which cannot be added;"
                + " the exponential ones were left out");
        return members.stream().filter(m -> m.exponential == null).toList();
    }

    static long[] steps(long start, long end, long step) {
        int n = (int) ((end - start) / step + 1);
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            out[i] = start + i * step;
        }
        return out;
    }

    private static long saturatingSubtract(long a, long b) {
        long r = a - b;
        return ((a ^ b) & (a ^ r)) < 0 ? Long.MIN_VALUE : r;
    }

    private static long ceilDiv(long a, long b) {
        return b <= 0 ? a : -Math.floorDiv(-a, b);
    }

    /** A duration as the API accepts it back: 32d, 5m, 1.5s. */
    static String human(Duration d) {
        long nanos = d.toNanos();
        long[] units = {86_400_000_000_000L, 3_600_000_000_000L, 60_000_000_000L, 1_000_000_000L, 1_000_000L, 1_000L};
        String[] names = {"d", "h", "m", "s", "ms", "us"};
        for (int i = 0; i < units.length; i++) {
            if (nanos % units[i] == 0) {
                return nanos / units[i] + names[i];
            }
        }
        if (nanos >= 1_000_000_000L) {
            return BigDecimal.valueOf(nanos, 9).stripTrailingZeros().toPlainString() + "s";
        }
        return nanos + "ns";
    }

    /** Refuses a query once it has read more samples and buckets than allowed, before it can hog a thread. */
    static final class WorkBudget {
        private final long max;
        private long spent;

        WorkBudget(long max) {
            this.max = max;
        }

        void spend(long units) {
            spent += units;
            if (spent > max) {
                throw new BadParameterException("step", "the query reads more than " + max + " samples and buckets;"
                        + " use a larger step, a shorter range or window, or narrow it down with match");
            }
        }
    }

    /** Evaluates groups of inputs at the steps. */
    private static final class Evaluation {
        private final MetricFunction fn;
        private final Double q;
        private final long window;
        private final long lookback;
        private final WorkBudget budget;

        Evaluation(MetricFunction fn, Double q, long window, long lookback, WorkBudget budget) {
            this.fn = fn;
            this.q = q;
            this.window = window;
            this.lookback = lookback;
            this.budget = budget;
        }

        RangeResult.Series series(Map<String, String> labels, List<Input> members, long[] steps, long reach,
                                  int maxExemplars, long start, long end) {
            long[] times = new long[steps.length];
            double[] values = new double[steps.length];
            int n = 0;
            for (long t : steps) {
                OptionalDouble v = at(members, t);
                if (v.isPresent()) {
                    times[n] = t;
                    values[n] = v.getAsDouble();
                    n++;
                }
            }
            List<Exemplar> exemplars = n == 0 ? List.of()
                    : exemplars(members, saturatingSubtract(start, reach), end, maxExemplars);
            return new RangeResult.Series(labels, Arrays.copyOf(times, n), Arrays.copyOf(values, n), exemplars);
        }

        private OptionalDouble at(List<Input> members, long t) {
            return switch (fn) {
                case VALUE, RATE, INCREASE -> sum(members, t);
                case QUANTILE -> quantile(members, t);
            };
        }

        private OptionalDouble sum(List<Input> members, long t) {
            double sum = 0;
            boolean any = false;
            for (Input in : members) {
                budget.spend(1);
                OptionalDouble v = fn == MetricFunction.VALUE ? in.scalar.latest(t, lookback)
                        : in.scalar.change(t, window, fn == MetricFunction.RATE);
                if (v.isPresent()) {
                    sum += v.getAsDouble();
                    any = true;
                }
            }
            return any ? OptionalDouble.of(sum) : OptionalDouble.empty();
        }

        private OptionalDouble quantile(List<Input> members, long t) {
            if (members.get(0).buckets != null) {
                TreeMap<Double, Double> rates = new TreeMap<>();
                for (Input in : members) {
                    budget.spend(in.buckets.size());
                    for (Map.Entry<Double, Scalar> le : in.buckets.entrySet()) {
                        OptionalDouble r = le.getValue().change(t, window, true);
                        if (r.isPresent()) {
                            rates.merge(le.getKey(), r.getAsDouble(), Double::sum);
                        }
                    }
                }
                if (rates.isEmpty()) {
                    return OptionalDouble.empty();
                }
                List<HistogramQuantile.Bucket> buckets = new ArrayList<>(rates.size());
                rates.forEach((le, c) -> buckets.add(new HistogramQuantile.Bucket(le, c)));
                return OptionalDouble.of(HistogramQuantile.quantile(q, buckets));
            }
            ExponentialHistogram total = null;
            for (Input in : members) {
                ExponentialHistogram r = in.exponential.rate(t, window, budget);
                if (r != null) {
                    budget.spend(r.size());
                    total = total == null ? r : total.plus(r);
                }
            }
            return total == null ? OptionalDouble.empty()
                    : OptionalDouble.of(ExponentialHistogramQuantile.quantile(q, total));
        }

        /** The newest exemplars of the members' points in (from, to], oldest first. */
        private List<Exemplar> exemplars(List<Input> members, long from, long to, int max) {
            List<Exemplar> found = new ArrayList<>();
            Comparator<Exemplar> newestFirst = Comparator.comparingLong(Exemplar::epochNanos).reversed();
            for (Input in : members) {
                for (MetricData.Point p : in.series.points()) {
                    if (p.epochNanos() <= from || p.epochNanos() > to) {
                        continue;
                    }
                    found.addAll(exemplarsOf(p));
                    if (found.size() > 4 * Math.max(max, 16)) {
                        found.sort(newestFirst);
                        found.subList(max, found.size()).clear();
                    }
                }
            }
            found.sort(newestFirst);
            List<Exemplar> kept = new ArrayList<>(found.subList(0, Math.min(max, found.size())));
            kept.sort(Comparator.comparingLong(Exemplar::epochNanos));
            return kept;
        }

        private static List<Exemplar> exemplarsOf(MetricData.Point p) {
            if (p instanceof MetricData.NumberPoint np) {
                return np.exemplars();
            }
            if (p instanceof MetricData.HistogramPoint hp) {
                return hp.exemplars();
            }
            if (p instanceof MetricData.ExponentialHistogramPoint ep) {
                return ep.exemplars();
            }
            return List.of();
        }
    }

    /** One stored series turned into what the function reads; exactly one of the three views is set. */
    private static final class Input {
        final MetricSeries series;
        final Scalar scalar;
        final TreeMap<Double, Scalar> buckets;
        final ExponentialSeries exponential;

        private Input(MetricSeries series, Scalar scalar, TreeMap<Double, Scalar> buckets,
                      ExponentialSeries exponential) {
            this.series = series;
            this.scalar = scalar;
            this.buckets = buckets;
            this.exponential = exponential;
        }

        /** Null when {@code fn} does not apply to the series. */
        static Input of(MetricSeries s, MetricFunction fn) {
            AggregationTemporality temporality = s.temporality();
            boolean delta = temporality == AggregationTemporality.DELTA;
            boolean cumulative = temporality == AggregationTemporality.CUMULATIVE;
            switch (s.type()) {
                case "Gauge":
                    return fn == MetricFunction.VALUE ? new Input(s, Scalar.gauge(s), null, null) : null;
                case "Sum":
                    if (fn == MetricFunction.VALUE) {
                        return new Input(s, Scalar.gauge(s), null, null);
                    }
                    if (fn == MetricFunction.QUANTILE) {
                        return null;
                    }
                    if (delta) {
                        return new Input(s, Scalar.delta(s), null, null);
                    }
                    return cumulative && s.monotonic() ? new Input(s, Scalar.counter(s), null, null) : null;
                case "Histogram":
                    if (!delta && !cumulative) {
                        return null;
                    }
                    if (fn == MetricFunction.RATE || fn == MetricFunction.INCREASE) {
                        return new Input(s, delta ? Scalar.delta(s) : Scalar.counter(s), null, null);
                    }
                    return fn == MetricFunction.QUANTILE ? new Input(s, null, explicitBuckets(s, delta), null) : null;
                case "ExponentialHistogram":
                    if (!delta && !cumulative) {
                        return null;
                    }
                    if (fn == MetricFunction.RATE || fn == MetricFunction.INCREASE) {
                        return new Input(s, delta ? Scalar.delta(s) : Scalar.counter(s), null, null);
                    }
                    return fn == MetricFunction.QUANTILE ? new Input(s, null, null, new ExponentialSeries(s, delta))
                            : null;
                case "Summary":
                    return fn == MetricFunction.RATE || fn == MetricFunction.INCREASE
                            ? new Input(s, Scalar.counter(s), null, null) : null;
                default:
                    return null;
            }
        }

        /** Each cumulative {@code le} bucket as a series of its own, as Prometheus sees a classic histogram. */
        private static TreeMap<Double, Scalar> explicitBuckets(MetricSeries s, boolean delta) {
            Map<Double, List<long[]>> times = new TreeMap<>();
            Map<Double, List<Double>> counts = new TreeMap<>();
            for (MetricData.Point p : s.points()) {
                MetricData.HistogramPoint hp = (MetricData.HistogramPoint) p;
                double[] c = new double[hp.bucketCounts().size()];
                for (int i = 0; i < c.length; i++) {
                    c[i] = hp.bucketCounts().get(i);
                }
                List<HistogramQuantile.Bucket> cumulative = HistogramQuantile.cumulative(hp.explicitBounds(), c);
                if (cumulative == null) {
                    continue;
                }
                for (HistogramQuantile.Bucket b : cumulative) {
                    times.computeIfAbsent(b.upperBound(), k -> new ArrayList<>())
                            .add(new long[] {hp.epochNanos(), hp.startEpochNanos()});
                    counts.computeIfAbsent(b.upperBound(), k -> new ArrayList<>()).add(b.count());
                }
            }
            TreeMap<Double, Scalar> out = new TreeMap<>();
            times.forEach((le, ts) -> {
                List<Double> cs = counts.get(le);
                long[] t = new long[ts.size()];
                long[] st = new long[ts.size()];
                double[] v = new double[ts.size()];
                for (int i = 0; i < t.length; i++) {
                    t[i] = ts.get(i)[0];
                    st[i] = ts.get(i)[1];
                    v[i] = cs.get(i);
                }
                out.put(le, delta ? Scalar.delta(t, v) : Scalar.counter(t, st, v));
            });
            return out;
        }
    }

    /**
     * One series of numbers by time: a gauge (latest value), a cumulative counter (with, per point, the total of
     * the values lost at resets up to it) or deltas (with running sums), so any window costs two binary searches.
     */
    static final class Scalar {
        private final long[] t;
        private final double[] v;
        /** Counter: resets[i] = sum of v[k-1] over resets k ≤ i. Deltas: sums[i] = v[0] + ... + v[i-1]. */
        private final double[] acc;
        private final boolean counter;

        private Scalar(long[] t, double[] v, double[] acc, boolean counter) {
            this.t = t;
            this.v = v;
            this.acc = acc;
            this.counter = counter;
        }

        static Scalar gauge(MetricSeries s) {
            long[] t = times(s);
            return new Scalar(t, values(s), null, false);
        }

        static Scalar counter(MetricSeries s) {
            long[] st = new long[s.points().size()];
            for (int i = 0; i < st.length; i++) {
                st[i] = s.points().get(i).startEpochNanos();
            }
            return counter(times(s), st, values(s));
        }

        static Scalar counter(long[] t, long[] st, double[] v) {
            double[] resets = new double[t.length];
            for (int i = 1; i < t.length; i++) {
                boolean reset = CounterRate.isReset(t[i - 1], v[i - 1], t[i], st[i], v[i]);
                resets[i] = resets[i - 1] + (reset ? v[i - 1] : 0);
            }
            return new Scalar(t, v, resets, true);
        }

        static Scalar delta(MetricSeries s) {
            return delta(times(s), values(s));
        }

        static Scalar delta(long[] t, double[] v) {
            double[] sums = new double[t.length + 1];
            for (int i = 0; i < t.length; i++) {
                sums[i + 1] = sums[i] + v[i];
            }
            return new Scalar(t, v, sums, false);
        }

        /** The latest value in (at − lookback, at]. */
        OptionalDouble latest(long at, long lookback) {
            int i = lastAtOrBefore(t, at);
            return i >= 0 && t[i] > at - lookback ? OptionalDouble.of(v[i]) : OptionalDouble.empty();
        }

        /** rate ({@code isRate}) or increase over (at − window, at]. */
        OptionalDouble change(long at, long window, boolean isRate) {
            long from = at - window;
            int lo = lastAtOrBefore(t, from) + 1;
            int hi = lastAtOrBefore(t, at);
            if (!counter) {
                if (hi < lo) {
                    return OptionalDouble.empty();
                }
                double sum = acc[hi + 1] - acc[lo];
                return OptionalDouble.of(isRate ? sum / CounterRate.seconds(window) : sum);
            }
            if (hi - lo < 1) {
                return OptionalDouble.empty();
            }
            double increase = v[hi] - v[lo] + (acc[hi] - acc[lo]);
            OptionalDouble factor = CounterRate.extrapolationFactor(from, at, t[lo], v[lo], t[hi], hi - lo + 1,
                    increase, true, isRate);
            return factor.isPresent() ? OptionalDouble.of(increase * factor.getAsDouble()) : factor;
        }

        private static long[] times(MetricSeries s) {
            long[] t = new long[s.points().size()];
            for (int i = 0; i < t.length; i++) {
                t[i] = s.points().get(i).epochNanos();
            }
            return t;
        }

        /** Number values, or the observation count of histograms and summaries. */
        private static double[] values(MetricSeries s) {
            double[] v = new double[s.points().size()];
            for (int i = 0; i < v.length; i++) {
                MetricData.Point p = s.points().get(i);
                if (p instanceof MetricData.NumberPoint np) {
                    v[i] = np.value().asDouble();
                } else if (p instanceof MetricData.HistogramPoint hp) {
                    v[i] = hp.count();
                } else if (p instanceof MetricData.ExponentialHistogramPoint ep) {
                    v[i] = ep.count();
                } else if (p instanceof MetricData.SummaryPoint sp) {
                    v[i] = sp.count();
                }
            }
            return v;
        }
    }

    /** Exponential histograms by time, with the points at which a cumulative one was reset. */
    private static final class ExponentialSeries {
        private final long[] t;
        private final ExponentialHistogram[] h;
        private final int[] resets;
        private final boolean delta;

        ExponentialSeries(MetricSeries s, boolean delta) {
            this.delta = delta;
            int n = s.points().size();
            t = new long[n];
            h = new ExponentialHistogram[n];
            List<Integer> r = new ArrayList<>();
            long previousTime = 0;
            for (int i = 0; i < n; i++) {
                MetricData.ExponentialHistogramPoint p = (MetricData.ExponentialHistogramPoint) s.points().get(i);
                t[i] = p.epochNanos();
                h[i] = ExponentialHistogram.of(p);
                if (!delta && i > 0 && (h[i].isResetFrom(h[i - 1])
                        || CounterRate.isRestart(previousTime, p.epochNanos(), p.startEpochNanos()))) {
                    r.add(i);
                }
                previousTime = p.epochNanos();
            }
            resets = r.stream().mapToInt(Integer::intValue).toArray();
        }

        /** The per-second rate of the histogram over (at − window, at], as Prometheus' rate() of a native one. */
        ExponentialHistogram rate(long at, long window, WorkBudget budget) {
            long from = at - window;
            int lo = lastAtOrBefore(t, from) + 1;
            int hi = lastAtOrBefore(t, at);
            if (delta) {
                if (hi < lo) {
                    return null;
                }
                ExponentialHistogram sum = h[lo];
                for (int i = lo + 1; i <= hi; i++) {
                    budget.spend(h[i].size());
                    sum = sum.plus(h[i]);
                }
                return sum.times(1 / CounterRate.seconds(window));
            }
            if (hi - lo < 1) {
                return null;
            }
            budget.spend(h[hi].size() + h[lo].size());
            ExponentialHistogram increase = h[hi].minus(h[lo]);
            int r = Arrays.binarySearch(resets, lo + 1);
            for (int k = r >= 0 ? r : -r - 1; k < resets.length && resets[k] <= hi; k++) {
                budget.spend(h[resets[k] - 1].size());
                increase = increase.plus(h[resets[k] - 1]);
            }
            OptionalDouble factor = CounterRate.extrapolationFactor(from, at, t[lo], h[lo].count(), t[hi],
                    hi - lo + 1, increase.count(), true, true);
            return factor.isPresent() ? increase.times(factor.getAsDouble()) : null;
        }
    }

    /** The last index with t[i] ≤ at, or -1. */
    static int lastAtOrBefore(long[] t, long at) {
        int lo = 0;
        int hi = t.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (t[mid] <= at) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo - 1;
    }
}
