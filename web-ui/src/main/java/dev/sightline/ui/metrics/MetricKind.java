package dev.sightline.ui.metrics;

import dev.sightline.query.metrics.MetricCatalog;

import java.util.List;

/**
 * What can be drawn of a metric, by its type: the functions the range query offers for it, the first being the
 * default. Histograms (classic and exponential) default to their p50, p95 and p99.
 */
enum MetricKind {
    HISTOGRAM(List.of(new Choice("", "p50 / p95 / p99"), new Choice("rate", "observations per second"),
            new Choice("increase", "observations (increase)"))),
    COUNTER(List.of(new Choice("", "rate per second"), new Choice("increase", "increase"),
            new Choice("value", "value as sent"))),
    SUMMARY(List.of(new Choice("", "rate of the count"), new Choice("increase", "increase of the count"))),
    GAUGE(List.of(new Choice("", "value"))),
    UNKNOWN(List.of(new Choice("", "default for its type")));

    /** One option of the function picker; {@code fn} is the query's value, empty for the default. */
    record Choice(String fn, String label) {
    }

    private final List<Choice> choices;

    MetricKind(List<Choice> choices) {
        this.choices = choices;
    }

    List<Choice> choices() {
        return choices;
    }

    static MetricKind of(MetricCatalog.MetricInfo info) {
        if (info == null || info.type() == null) {
            return UNKNOWN;
        }
        return switch (info.type()) {
            case "Histogram", "ExponentialHistogram" -> HISTOGRAM;
            case "Sum" -> Boolean.TRUE.equals(info.monotonic()) ? COUNTER : GAUGE;
            case "Summary" -> SUMMARY;
            default -> GAUGE;
        };
    }
}
