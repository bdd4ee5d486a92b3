package dev.sightline.ui.chart;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.DoubleFunction;

/**
 * A line chart over time, laid out on the server and drawn by the {@code timechart} tag as SVG: no script, so the
 * page's policy allows none, and a chart is as readable in a screenshot as in the browser. Each step has a hover
 * column whose SVG title lists every series' value at that time. Gaps (NaN) break a line instead of dropping it
 * to zero, so "no data" never looks like "fast".
 */
public record TimeChart(int width, int height, double plotLeft, double plotRight, double plotTop,
                        double plotBottom, List<Line> lines, List<Tick> xTicks, List<Tick> yTicks,
                        List<Column> columns, boolean empty) {

    public static final int WIDTH = 720;
    public static final int HEIGHT = 200;
    private static final double LEFT = 64;
    private static final double RIGHT = 8;
    private static final double TOP = 8;
    private static final double BOTTOM = 22;

    /**
     * One series: its name (legend), CSS class (colour), SVG path, and the points that have no neighbour to join
     * (drawn as dots: a path through one point draws nothing).
     */
    public record Line(String name, String cssClass, String path, List<Dot> dots) {
    }

    /** A lone point of a series. */
    public record Dot(double x, double y) {
    }

    /**
     * An axis label at a position along its axis, in SVG units; {@code anchor} is the SVG text-anchor that keeps
     * the first and last time labels inside the picture.
     */
    public record Tick(double position, String label, String anchor) {
        public Tick(double position, String label) {
            this(position, label, "middle");
        }

        /** Where the label's baseline goes on a y axis: centred on the grid line. */
        public double labelPosition() {
            return round(position + 3);
        }
    }

    /** The hover area of one step, with what the step's values were. */
    public record Column(double x, double width, String title) {
    }

    /** A series to draw: one value per step, NaN where there is none. */
    public record Series(String name, String cssClass, double[] values) {
        public Series {
            Objects.requireNonNull(name);
            Objects.requireNonNull(cssClass);
            values = values.clone();
        }
    }

    /**
     * Lays out the series over steps starting at {@code startMillis}, {@code stepMillis} apart; {@code format}
     * writes values on the y axis and in hover titles.
     */
    public static TimeChart of(long startMillis, long stepMillis, List<Series> series,
                               DoubleFunction<String> format) {
        int steps = series.stream().mapToInt(s -> s.values().length).max().orElse(0);
        double max = 0;
        double min = 0;
        boolean any = false;
        for (Series s : series) {
            for (double v : s.values()) {
                if (!Double.isNaN(v)) {
                    any = true;
                    max = Math.max(max, v);
                    min = Math.min(min, v);
                }
            }
        }
        // Zero is always on the axis, and the grid steps are round numbers (0, 10, 20, 30, 40 rather than 0, 12.5,
        // 25 ...); the axis goes below zero only when a value does (an overspent error budget).
        double step = niceCeiling((max - min) / 4);
        double bottom = Math.floor(min / step) * step;
        double top = Math.max(bottom + step, Math.ceil(max / step) * step);
        double span = top - bottom;
        int gridLines = (int) Math.round(span / step);
        double plotW = WIDTH - LEFT - RIGHT;
        double plotH = HEIGHT - TOP - BOTTOM;
        double dx = steps <= 1 ? plotW : plotW / (steps - 1);
        List<Line> lines = new ArrayList<>();
        for (Series s : series) {
            StringBuilder d = new StringBuilder();
            List<Dot> dots = new ArrayList<>();
            boolean pen = false;
            double[] v = s.values();
            for (int i = 0; i < v.length; i++) {
                if (Double.isNaN(v[i])) {
                    pen = false;
                    continue;
                }
                double x = LEFT + (steps <= 1 ? plotW / 2 : i * dx);
                double y = TOP + plotH - ((v[i] - bottom) / span) * plotH;
                boolean isolated = !pen && (i + 1 >= v.length || Double.isNaN(v[i + 1]));
                if (isolated) {
                    dots.add(new Dot(round(x), round(y)));
                } else {
                    d.append(pen ? 'L' : 'M').append(round(x)).append(',').append(round(y));
                    pen = true;
                }
            }
            lines.add(new Line(s.name(), s.cssClass(), d.toString(), List.copyOf(dots)));
        }
        List<Tick> yTicks = new ArrayList<>();
        for (int i = 0; i <= gridLines; i++) {
            double value = bottom + step * i;
            yTicks.add(new Tick(round(TOP + plotH - plotH * i / gridLines), format.apply(value)));
        }
        long endMillis = startMillis + stepMillis * Math.max(1, steps - 1);
        List<Tick> xTicks = new ArrayList<>();
        DateTimeFormatter f = DateTimeFormatter.ofPattern(endMillis - startMillis > 2 * 86_400_000L
                ? "MM-dd HH:mm" : "HH:mm").withZone(ZoneOffset.UTC);
        int xTickCount = 6;
        for (int i = 0; i < xTickCount && steps > 1; i++) {
            double fraction = (double) i / (xTickCount - 1);
            long t = startMillis + Math.round((endMillis - startMillis) * fraction);
            String anchor = i == 0 ? "start" : i == xTickCount - 1 ? "end" : "middle";
            xTicks.add(new Tick(round(LEFT + plotW * fraction), f.format(Instant.ofEpochMilli(t)), anchor));
        }
        List<Column> columns = new ArrayList<>();
        DateTimeFormatter titleTime = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm'Z'").withZone(ZoneOffset.UTC);
        for (int i = 0; i < steps; i++) {
            StringBuilder title = new StringBuilder(titleTime.format(Instant.ofEpochMilli(startMillis + i * stepMillis)));
            for (Series s : series) {
                double v = i < s.values().length ? s.values()[i] : Double.NaN;
                title.append('\n').append(s.name()).append(": ").append(Double.isNaN(v) ? "—" : format.apply(v));
            }
            double x = LEFT + (steps <= 1 ? 0 : i * dx - dx / 2);
            double w = steps <= 1 ? plotW : dx;
            double clippedX = Math.max(LEFT, x);
            double clippedW = Math.min(LEFT + plotW, x + w) - clippedX;
            columns.add(new Column(round(clippedX), round(clippedW), title.toString()));
        }
        return new TimeChart(WIDTH, HEIGHT, LEFT, WIDTH - RIGHT, TOP, HEIGHT - BOTTOM, List.copyOf(lines),
                List.copyOf(xTicks), List.copyOf(yTicks), List.copyOf(columns), !any);
    }

    public double plotHeight() {
        return plotBottom - plotTop;
    }

    public double yLabelX() {
        return plotLeft - 4;
    }

    public double xLabelY() {
        return height - 6;
    }

    public double centerX() {
        return round((plotLeft + plotRight) / 2);
    }

    public double centerY() {
        return round((plotTop + plotBottom) / 2);
    }

    /** 1, 2 or 5 times a power of ten, at least {@code v} (and 1 for an empty chart). */
    static double niceCeiling(double v) {
        if (v <= 0 || Double.isNaN(v)) {
            return 1;
        }
        double magnitude = Math.pow(10, Math.floor(Math.log10(v)));
        for (double m : new double[] {1, 2, 2.5, 5, 10}) {
            if (m * magnitude >= v) {
                return m * magnitude;
            }
        }
        return 10 * magnitude;
    }

    static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }
}
