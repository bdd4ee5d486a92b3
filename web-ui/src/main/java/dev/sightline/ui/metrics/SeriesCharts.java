package dev.sightline.ui.metrics;

import dev.sightline.query.metrics.RangeResult;
import dev.sightline.ui.chart.TimeChart;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.DoubleFunction;

/**
 * Range-query answers as charts and a table. A metric may have thousands of series; a chart of more than a few
 * lines is unreadable, so at most {@code maxDrawn} are drawn — the highest on average (for histograms: by p99) —
 * and the page says how many were left out. Each series is named by the labels that tell it apart from the others;
 * the labels every series shares are shown once, above the charts.
 *
 * @param columns  the value columns of the table (the function, or p50 / p95 / p99)
 * @param rows     one per series drawn, with its latest value per column
 * @param total    how many series the answer held
 * @param common   labels with the same value in every series
 */
public record SeriesCharts(List<Panel> panels, List<String> columns, List<Row> rows, int total, int leftOut,
                           Map<String, String> common) {
    /** Colours for up to ten series: the shared stylesheet's s1–s6, then this page's m7–m10. */
    static final List<String> PALETTE = List.of("s1", "s2", "s3", "s4", "s5", "s6", "m7", "m8", "m9", "m10");
    static final List<String> QUANTILE_NAMES = List.of("p50", "p95", "p99");

    public SeriesCharts {
        panels = List.copyOf(panels);
        columns = List.copyOf(columns);
        rows = List.copyOf(rows);
        common = Collections.unmodifiableMap(new TreeMap<>(common));
    }

    public record Panel(String title, TimeChart chart) {
    }

    /** A series drawn: its name, colour, every label, and its latest value per column (formatted). */
    public record Row(String name, String cssClass, Map<String, String> labels, List<String> latest) {
        public Row {
            labels = Collections.unmodifiableMap(new TreeMap<>(labels));
            latest = List.copyOf(latest);
        }
    }

    /** One function's answer: one chart of up to {@code maxDrawn} series. */
    public static SeriesCharts of(String title, String column, RangeResult result, int maxDrawn,
                                  DoubleFunction<String> format) {
        Grid grid = Grid.of(result);
        Map<Map<String, String>, double[]> values = new LinkedHashMap<>();
        for (RangeResult.Series s : result.series()) {
            values.put(s.labels(), grid.values(s));
        }
        List<Map<String, String>> drawn = highest(values, maxDrawn);
        Map<String, String> common = common(values.keySet());
        List<TimeChart.Series> lines = new ArrayList<>();
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < drawn.size(); i++) {
            Map<String, String> labels = drawn.get(i);
            String name = name(labels, common, result.name());
            double[] v = values.get(labels);
            lines.add(new TimeChart.Series(name, PALETTE.get(i), v));
            rows.add(new Row(name, PALETTE.get(i), labels, List.of(format.apply(latest(v)))));
        }
        TimeChart chart = TimeChart.of(grid.startMillis(), grid.stepMillis(), lines, format);
        return new SeriesCharts(List.of(new Panel(title, chart)), List.of(column), rows, values.size(),
                values.size() - drawn.size(), common);
    }

    /**
     * A histogram's p50, p95 and p99 (the three answers in that order): one chart with the three lines when there
     * is one series, else one chart per quantile with the same series (and colours) in each.
     */
    public static SeriesCharts quantiles(String name, List<RangeResult> p50p95p99, int maxDrawn,
                                         DoubleFunction<String> format) {
        if (p50p95p99.size() != 3) {
            throw new IllegalArgumentException("expected the answers for p50, p95 and p99");
        }
        Grid grid = Grid.of(p50p95p99.get(0));
        List<Map<Map<String, String>, double[]>> byQuantile = new ArrayList<>();
        Map<Map<String, String>, double[]> all = new LinkedHashMap<>();
        for (RangeResult r : p50p95p99) {
            Map<Map<String, String>, double[]> values = new LinkedHashMap<>();
            for (RangeResult.Series s : r.series()) {
                double[] v = grid.values(s);
                values.put(s.labels(), v);
                all.putIfAbsent(s.labels(), new double[0]);
            }
            byQuantile.add(values);
        }
        // Ranked by p99, the slow tail being what people look for; series without a p99 rank last.
        Map<Map<String, String>, double[]> ranking = new LinkedHashMap<>();
        for (Map<String, String> labels : all.keySet()) {
            ranking.put(labels, byQuantile.get(2).getOrDefault(labels, new double[0]));
        }
        List<Map<String, String>> drawn = highest(ranking, maxDrawn);
        Map<String, String> common = common(all.keySet());
        List<Panel> panels = new ArrayList<>();
        List<Row> rows = new ArrayList<>();
        if (all.size() == 1) {
            Map<String, String> labels = drawn.get(0);
            List<TimeChart.Series> lines = new ArrayList<>();
            List<String> latest = new ArrayList<>();
            String[] colours = {"s2", "s1", "s5"};
            for (int q = 0; q < 3; q++) {
                double[] v = byQuantile.get(q).getOrDefault(labels, new double[0]);
                lines.add(new TimeChart.Series(QUANTILE_NAMES.get(q), colours[q], v));
                latest.add(format.apply(latest(v)));
            }
            panels.add(new Panel("p50 / p95 / p99", TimeChart.of(grid.startMillis(), grid.stepMillis(), lines,
                    format)));
            rows.add(new Row(name(labels, common, name), "", labels, latest));
        } else {
            List<List<String>> latest = new ArrayList<>();
            for (int i = 0; i < drawn.size(); i++) {
                latest.add(new ArrayList<>());
            }
            for (int q = 0; q < 3; q++) {
                List<TimeChart.Series> lines = new ArrayList<>();
                for (int i = 0; i < drawn.size(); i++) {
                    double[] v = byQuantile.get(q).getOrDefault(drawn.get(i), new double[0]);
                    lines.add(new TimeChart.Series(name(drawn.get(i), common, name), PALETTE.get(i), v));
                    latest.get(i).add(format.apply(latest(v)));
                }
                panels.add(new Panel(QUANTILE_NAMES.get(q), TimeChart.of(grid.startMillis(), grid.stepMillis(),
                        lines, format)));
            }
            for (int i = 0; i < drawn.size(); i++) {
                rows.add(new Row(name(drawn.get(i), common, name), PALETTE.get(i), drawn.get(i), latest.get(i)));
            }
        }
        return new SeriesCharts(panels, QUANTILE_NAMES, rows, all.size(), all.size() - drawn.size(), common);
    }

    /** The steps of an answer: start, start + step, … end, in epoch nanoseconds. */
    record Grid(long start, long step, int steps) {
        static Grid of(RangeResult r) {
            long steps = r.step() <= 0 ? 1 : (r.end() - r.start()) / r.step() + 1;
            return new Grid(r.start(), Math.max(1, r.step()), (int) Math.min(Integer.MAX_VALUE, steps));
        }

        double[] values(RangeResult.Series s) {
            double[] out = new double[steps];
            Arrays.fill(out, Double.NaN);
            for (int i = 0; i < s.times().length; i++) {
                long k = (s.times()[i] - start) / step;
                if (k >= 0 && k < steps) {
                    out[(int) k] = s.values()[i];
                }
            }
            return out;
        }

        long startMillis() {
            return Math.floorDiv(start, 1_000_000L);
        }

        long stepMillis() {
            return Math.max(1, step / 1_000_000L);
        }
    }

    /** The {@code max} series with the highest mean (NaN steps ignored), ties by their labels. */
    static List<Map<String, String>> highest(Map<Map<String, String>, double[]> values, int max) {
        List<Map<String, String>> keys = new ArrayList<>(values.keySet());
        Map<Map<String, String>, Double> mean = new LinkedHashMap<>();
        for (Map.Entry<Map<String, String>, double[]> e : values.entrySet()) {
            mean.put(e.getKey(), mean(e.getValue()));
        }
        keys.sort(Comparator.comparingDouble((Map<String, String> k) -> mean.get(k)).reversed()
                .thenComparing(Object::toString));
        return keys.subList(0, Math.min(max, keys.size()));
    }

    private static double mean(double[] v) {
        double sum = 0;
        int n = 0;
        for (double x : v) {
            if (!Double.isNaN(x)) {
                sum += x;
                n++;
            }
        }
        return n == 0 ? Double.NEGATIVE_INFINITY : sum / n;
    }

    /** Labels present with one value in every series (none when there is at most one series to tell apart). */
    static Map<String, String> common(Iterable<Map<String, String>> series) {
        Map<String, String> common = null;
        for (Map<String, String> labels : series) {
            if (common == null) {
                common = new TreeMap<>(labels);
            } else {
                common.entrySet().removeIf(e -> !e.getValue().equals(labels.get(e.getKey())));
            }
        }
        return common == null ? Map.of() : common;
    }

    /** The labels that tell a series apart, as {@code key="value"}; the metric name when none does. */
    static String name(Map<String, String> labels, Map<String, String> common, String fallback) {
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, String> e : new TreeMap<>(labels).entrySet()) {
            if (common.containsKey(e.getKey())) {
                continue;
            }
            if (b.length() > 0) {
                b.append(", ");
            }
            b.append(e.getKey()).append("=\"").append(e.getValue()).append('"');
        }
        return b.length() == 0 ? fallback : b.toString();
    }

    private static double latest(double[] v) {
        for (int i = v.length - 1; i >= 0; i--) {
            if (!Double.isNaN(v[i])) {
                return v[i];
            }
        }
        return Double.NaN;
    }
}
