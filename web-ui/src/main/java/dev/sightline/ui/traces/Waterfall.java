package dev.sightline.ui.traces;

import dev.sightline.query.traces.analysis.SpanTiming;
import dev.sightline.query.traces.analysis.TraceAnalysis;
import dev.sightline.store.model.Scoped;
import dev.sightline.store.model.Span;
import dev.sightline.ui.web.Format;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A trace laid out as a waterfall: one row per span in the analysis' display order (parents before children,
 * siblings by start), each bar placed on the trace's time axis, the critical path and the span that ate the time
 * marked. Pure layout: the page reads the trace and the baselines, this decides where things go.
 *
 * @param here     the row marked "← HERE", null only for an empty trace
 * @param services each service of the trace with its colour index, in order of first appearance
 */
public record Waterfall(long startEpochNanos, long durationNanos, List<WaterfallRow> rows, List<Tick> ticks,
                        WaterfallRow here, List<ServiceColour> services) {
    /**
     * The bar area's width: bars are placed in percent of each row's SVG, so the row needs no viewBox (and no
     * preserveAspectRatio), which keeps a 10,000-row page smaller.
     */
    public static final double WIDTH = 100;
    /** A zero-length span still shows as a sliver. */
    static final double MIN_BAR = 0.2;
    static final int COLOURS = 8;
    static final int TICKS = 5;

    /** A label on the time axis, at {@code x} percent of its width; {@code anchor} is start, middle or end. */
    public record Tick(double x, String label, String anchor) {
    }

    public record ServiceColour(String service, int colour) {
    }

    public Waterfall {
        rows = List.copyOf(rows);
        ticks = List.copyOf(ticks);
        services = List.copyOf(services);
    }

    public static Waterfall of(List<Scoped<Span>> spans, TraceAnalysis analysis, UsualLatency usual) {
        long start = Long.MAX_VALUE;
        long end = Long.MIN_VALUE;
        for (Scoped<Span> s : spans) {
            start = Math.min(start, s.item().startEpochNanos());
            end = Math.max(end, s.item().endEpochNanos());
        }
        if (spans.isEmpty()) {
            return new Waterfall(0, 0, List.of(), List.of(), null, List.of());
        }
        long duration = Math.max(0, end - start);
        SpanTiming hereTiming = here(analysis.inDisplayOrder());
        Map<String, Integer> colours = new LinkedHashMap<>();
        List<WaterfallRow> rows = new ArrayList<>(spans.size());
        WaterfallRow hereRow = null;
        for (SpanTiming t : analysis.inDisplayOrder()) {
            Scoped<Span> scoped = spans.get(t.index());
            Span span = scoped.item();
            String service = scoped.resource().serviceName();
            int colour = colours.computeIfAbsent(service, k -> colours.size() % COLOURS);
            UsualLatency.Baseline baseline = usual.of(service, span.name(), span.kind());
            long spanDuration = Math.max(0, span.durationNanos());
            double[] bar = bar(span.startEpochNanos() - start, spanDuration, duration);
            WaterfallRow row = new WaterfallRow(span.spanId().toHex(), span.name(), service, colour, span.kind(),
                    t.depth(), span.startEpochNanos() - start, spanDuration, t.selfTimeNanos(), t.onCriticalPath(),
                    span.isError(), LatencyClass.of(spanDuration, baseline == null ? null : baseline.p95Nanos()),
                    baseline, bar[0], bar[1], t == hereTiming);
            if (row.here()) {
                hereRow = row;
            }
            rows.add(row);
        }
        List<ServiceColour> legend = new ArrayList<>();
        colours.forEach((s, c) -> legend.add(new ServiceColour(s, c)));
        return new Waterfall(start, duration, rows, ticks(duration), hereRow, legend);
    }

    /**
     * The span that ate the time: of the spans on the critical path, the one with the largest self time. The
     * critical path is what the trace's end waited for, so shortening any span off it would not have made the
     * request faster; and self time is the work a span did itself rather than time spent waiting for its children,
     * so a slow parent that only waited for a slow child points at the child, which is where to look. The largest
     * critical-path share ({@code criticalPathNanos}) would mostly agree, but can also credit a parent for gaps
     * between children; self time names the leaf doing the slow thing. Ties go to the first in display order.
     */
    static SpanTiming here(List<SpanTiming> inDisplayOrder) {
        SpanTiming best = null;
        for (SpanTiming t : inDisplayOrder) {
            if (t.onCriticalPath() && (best == null || t.selfTimeNanos() > best.selfTimeNanos())) {
                best = t;
            }
        }
        return best;
    }

    /** {x, width} of a span's bar in percent of the axis, kept inside it and never thinner than MIN_BAR. */
    static double[] bar(long offsetNanos, long durationNanos, long traceNanos) {
        if (traceNanos <= 0) {
            return new double[] {0, WIDTH};
        }
        double x = clamp(offsetNanos * WIDTH / traceNanos, 0, WIDTH - MIN_BAR);
        double width = clamp(durationNanos * WIDTH / traceNanos, MIN_BAR, WIDTH - x);
        return new double[] {round(x), round(width)};
    }

    static List<Tick> ticks(long durationNanos) {
        List<Tick> ticks = new ArrayList<>(TICKS);
        for (int i = 0; i < TICKS; i++) {
            double f = i / (double) (TICKS - 1);
            String anchor = i == 0 ? "start" : i == TICKS - 1 ? "end" : "middle";
            String label = i == 0 ? "0" : Format.nanos(Math.round(f * durationNanos));
            ticks.add(new Tick(round(f * WIDTH), label, anchor));
        }
        return ticks;
    }

    private static double clamp(double v, double min, double max) {
        return Math.max(min, Math.min(max, v));
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
