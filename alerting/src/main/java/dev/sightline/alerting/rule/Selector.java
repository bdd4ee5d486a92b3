package dev.sightline.alerting.rule;

import dev.sightline.query.metrics.LabelMatcher;
import dev.sightline.query.metrics.MetricFunction;
import dev.sightline.query.metrics.SaturationSignal;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/** The left side of a rule expression: what is measured, for which series, over which window. */
public sealed interface Selector {

    List<LabelMatcher> matchers();

    /**
     * A golden signal of every service (matching {@code service} and {@code operation} matchers) from the span
     * rollups over [now − window, now).
     */
    record Signal(GoldenSignal signal, List<LabelMatcher> matchers, Duration window) implements Selector {
        public Signal {
            Objects.requireNonNull(signal, "signal");
            matchers = List.copyOf(matchers);
            Objects.requireNonNull(window, "window");
        }
    }

    /**
     * A service's saturation of one resource: the latest reading in [now − window, now) of the OpenTelemetry
     * semantic-convention metrics the query API's saturation signal knows.
     */
    record Saturation(SaturationSignal.Resource resource, List<LabelMatcher> matchers, Duration window)
            implements Selector {
        public Saturation {
            Objects.requireNonNull(resource, "resource");
            matchers = List.copyOf(matchers);
            Objects.requireNonNull(window, "window");
        }
    }

    /**
     * A query over stored OTLP metrics: {@code fn} VALUE (latest value, no window), RATE, INCREASE or QUANTILE
     * ({@code q} set), evaluated as an instant query at now.
     */
    record Metric(String name, MetricFunction fn, Double q, List<LabelMatcher> matchers, Duration window)
            implements Selector {
        public Metric {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(fn, "fn");
            matchers = List.copyOf(matchers);
        }
    }
}
