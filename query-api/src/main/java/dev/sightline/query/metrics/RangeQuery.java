package dev.sightline.query.metrics;

import java.util.List;

/**
 * One range query, parsed but not yet checked against the data: times in Unix epoch nanoseconds, durations in
 * nanoseconds. {@code fn}, {@code q}, {@code window} and {@code lookback} are null when not given (the engine
 * picks defaults from the metric's type); {@code by} is null to keep every series apart, and empty to add all of
 * them into one.
 */
public record RangeQuery(String name, List<LabelMatcher> matchers, MetricFunction fn, Double q, long start, long end,
                         long step, Long window, Long lookback, List<String> by) {
    public RangeQuery {
        matchers = List.copyOf(matchers);
        by = by == null ? null : List.copyOf(by);
    }
}
