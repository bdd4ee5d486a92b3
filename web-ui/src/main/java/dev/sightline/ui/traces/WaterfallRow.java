package dev.sightline.ui.traces;

import dev.sightline.store.model.SpanKind;

/**
 * One span of the waterfall, laid out: its bar's x and width in percent of the trace's duration, and every
 * class the row needs, decided here so the template of a 10,000-span trace stays a plain loop.
 *
 * @param serviceColour index of the service's colour (order of first appearance in the trace, cycled)
 * @param baseline      the operation's usual p95, null when unknown
 * @param here          the span that ate the time (see {@link Waterfall#here})
 */
public record WaterfallRow(String spanId, String name, String service, int serviceColour, SpanKind kind, int depth,
                           long startOffsetNanos, long durationNanos, long selfNanos, boolean critical,
                           boolean error, LatencyClass latency, UsualLatency.Baseline baseline, double barX,
                           double barWidth, boolean here) {
    /** Deeper spans are indented as much as this and show their depth in a title instead. */
    public static final int MAX_INDENT = 24;

    public String cssClass() {
        StringBuilder b = new StringBuilder(48);
        b.append('d').append(Math.min(depth, MAX_INDENT)).append(" svc").append(serviceColour).append(' ')
                .append(latency.cssClass());
        if (critical) {
            b.append(" cp");
        }
        if (error) {
            b.append(" err");
        }
        if (here) {
            b.append(" here");
        }
        return b.toString();
    }

    /**
     * What the bar's colour means, for the duration's tooltip: "3.2× usual p95 (2.00 ms, 21 spans/24 h)". Short,
     * because a 10,000-span trace carries 10,000 of them.
     */
    public String latencyTitle() {
        if (baseline == null) {
            return "no usual p95 known for this operation in the 24 h before";
        }
        return MillisText.oneDecimal(durationNanos / baseline.p95Nanos()) + "× usual p95 ("
                + MillisText.of(Math.round(baseline.p95Nanos())) + ", " + MillisText.count(baseline.count())
                + " spans/24 h)";
    }

    public String durationText() {
        return MillisText.of(durationNanos);
    }

    public String selfText() {
        return MillisText.of(selfNanos);
    }
}
