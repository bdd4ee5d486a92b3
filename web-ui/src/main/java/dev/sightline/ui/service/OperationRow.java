package dev.sightline.ui.service;

import dev.sightline.query.signals.Signals;
import dev.sightline.ui.web.PageQuery;

import java.math.BigDecimal;

/**
 * One line of the operations table and where it leads: its traces, its failed traces, and its traces at least as
 * slow as its p95 (the slow tail worth opening). Links keep the page's time range.
 *
 * @param slow null when the operation had no request to take a p95 of
 */
public record OperationRow(Signals signals, String traces, String failed, String slow) {

    static OperationRow of(Signals s, PageQuery page) {
        PageQuery traces = page.at("/traces", "range", "start", "end").with("service", s.service())
                .with("operation", s.operation());
        Double p95 = s.latency().p95Ms();
        return new OperationRow(s, traces.toString(), traces.with("error", "true").toString(),
                p95 == null ? null : traces.with("minDuration", minDuration(p95)).toString());
    }

    /**
     * The p95 as a duration the trace search takes ("12.345ms"), cut down to whole microseconds so the traces at
     * exactly the p95 are still found.
     */
    static String minDuration(double millis) {
        long micros = (long) Math.floor(millis * 1000);
        return BigDecimal.valueOf(micros, 3).stripTrailingZeros().toPlainString() + "ms";
    }

    public String operation() {
        return signals.operation();
    }
}
