package dev.sightline.ui.traces;

import dev.sightline.store.query.TraceHit;
import dev.sightline.ui.web.Format;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * Search results as a duration-vs-time scatter plot, laid out on the server and drawn as SVG: x is the trace's
 * start, y its duration on a logarithmic axis (trace durations span milliseconds to minutes; on a linear axis
 * everything but the slowest outlier would sit on the floor), one tick per power of ten. Each point is a link to
 * its trace; failed traces are drawn last, so red is never hidden under a healthy point. The time axis covers the
 * hits themselves, padded, not the whole search range: the points are what the user is comparing.
 */
public record TraceScatter(int width, int height, double plotLeft, double plotRight, double plotTop,
                           double plotBottom, List<Point> points, List<Tick> xTicks, List<Tick> yTicks,
                           boolean empty) {
    public static final int WIDTH = 960;
    public static final int HEIGHT = 240;
    static final double LEFT = 64;
    static final double RIGHT = 16;
    static final double TOP = 10;
    static final double BOTTOM = 24;
    static final int X_TICKS = 5;
    /** Durations below this sit on the axis floor: the log of 0 is not a place. */
    static final long FLOOR_NANOS = 1_000;
    private static final long SECOND = 1_000_000_000L;
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter CLOCK_MS = DateTimeFormatter.ofPattern("HH:mm:ss.SSS")
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("MM-dd HH:mm").withZone(ZoneOffset.UTC);

    /** One trace: centre, radius (grows with the span count), and what its tooltip says. */
    public record Point(String traceId, double x, double y, double r, boolean failed, String title) {
        public String cssClass() {
            return failed ? "failed" : "ok";
        }
    }

    /**
     * An axis label at a position along its axis, in SVG units; {@code anchor} (start, middle, end) keeps the
     * labels at the ends of the time axis inside the plot.
     */
    public record Tick(double position, String label, String anchor) {
    }

    public TraceScatter {
        points = List.copyOf(points);
        xTicks = List.copyOf(xTicks);
        yTicks = List.copyOf(yTicks);
    }

    public static TraceScatter of(List<TraceHit> hits) {
        double left = LEFT;
        double right = WIDTH - RIGHT;
        double top = TOP;
        double bottom = HEIGHT - BOTTOM;
        if (hits.isEmpty()) {
            return new TraceScatter(WIDTH, HEIGHT, left, right, top, bottom, List.of(), List.of(), List.of(), true);
        }
        long minStart = Long.MAX_VALUE;
        long maxStart = Long.MIN_VALUE;
        long minDuration = Long.MAX_VALUE;
        long maxDuration = Long.MIN_VALUE;
        for (TraceHit h : hits) {
            minStart = Math.min(minStart, h.startEpochNanos());
            maxStart = Math.max(maxStart, h.startEpochNanos());
            minDuration = Math.min(minDuration, floor(h.durationNanos()));
            maxDuration = Math.max(maxDuration, floor(h.durationNanos()));
        }
        // Pad the time axis so points at its ends are not cut in half; a single instant gets a second around it.
        long pad = Math.max((maxStart - minStart) / 25, SECOND / 2);
        long from = minStart - pad;
        long to = maxStart + pad;
        int lowDecade = (int) Math.floor(Math.log10(minDuration));
        int highDecade = Math.max(lowDecade + 1, (int) Math.ceil(Math.log10(maxDuration)));
        List<Point> ok = new ArrayList<>();
        List<Point> failed = new ArrayList<>();
        for (TraceHit h : hits) {
            double x = left + (h.startEpochNanos() - from) / (double) (to - from) * (right - left);
            double y = yOf(floor(h.durationNanos()), lowDecade, highDecade, top, bottom);
            double r = 3 + Math.min(4, Math.log10(Math.max(1, h.spanCount())));
            Point p = new Point(h.traceId().toHex(), round(x), round(y), round(r), h.errorCount() > 0, title(h));
            (p.failed() ? failed : ok).add(p);
        }
        List<Point> points = new ArrayList<>(ok);
        points.addAll(failed);
        List<Tick> yTicks = new ArrayList<>();
        for (int d = lowDecade; d <= highDecade; d++) {
            yTicks.add(new Tick(round(yOf((long) Math.pow(10, d), lowDecade, highDecade, top, bottom)),
                    Format.nanos((long) Math.pow(10, d)), "end"));
        }
        List<Tick> xTicks = new ArrayList<>();
        DateTimeFormatter f = to - from > 86_400 * SECOND ? DAY : to - from < 10 * SECOND ? CLOCK_MS : CLOCK;
        for (int i = 0; i < X_TICKS; i++) {
            double share = i / (double) (X_TICKS - 1);
            long t = from + Math.round(share * (to - from));
            xTicks.add(new Tick(round(left + share * (right - left)),
                    f.format(Instant.ofEpochSecond(Math.floorDiv(t, SECOND), Math.floorMod(t, SECOND))),
                    i == 0 ? "start" : i == X_TICKS - 1 ? "end" : "middle"));
        }
        return new TraceScatter(WIDTH, HEIGHT, left, right, top, bottom, points, xTicks, yTicks, false);
    }

    static double yOf(long durationNanos, int lowDecade, int highDecade, double top, double bottom) {
        double share = (Math.log10(floor(durationNanos)) - lowDecade) / (highDecade - lowDecade);
        return bottom - share * (bottom - top);
    }

    private static long floor(long nanos) {
        return Math.max(FLOOR_NANOS, nanos);
    }

    private static String title(TraceHit h) {
        return h.rootService() + ": " + h.rootName() + " · " + MillisText.of(h.durationNanos()) + " · "
                + MillisText.count(h.spanCount()) + (h.spanCount() == 1 ? " span" : " spans")
                + (h.errorCount() > 0 ? " · " + h.errorCount() + (h.errorCount() == 1 ? " error" : " errors") : "")
                + " · " + Format.timeNanos(h.startEpochNanos());
    }

    /** Where the y axis' label is drawn (rotated), in SVG units. */
    public double yLabelX() {
        return 12;
    }

    public double yLabelY() {
        return round((plotTop + plotBottom) / 2);
    }

    public double xLabelY() {
        return height - 6;
    }

    public double tickLabelX() {
        return plotLeft - 6;
    }

    public double centerX() {
        return round((plotLeft + plotRight) / 2);
    }

    public double centerY() {
        return round((plotTop + plotBottom) / 2);
    }

    public double plotWidth() {
        return plotRight - plotLeft;
    }

    public double plotHeight() {
        return plotBottom - plotTop;
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }
}
