package dev.sightline.query.metrics;

import dev.sightline.store.model.AggregationTemporality;
import dev.sightline.store.read.MetricSeries;

/**
 * One stored series turned into what the function reads; exactly one of the three views is set: {@code numbers}
 * (values, counts or deltas), {@code classic} buckets or the {@code exponential} histograms.
 */
record FunctionInput(MetricSeries series, NumberSeries numbers, ClassicBuckets classic,
                     ExponentialSeries exponential) {

    /** Null when {@code fn} does not apply to the series. */
    static FunctionInput of(MetricSeries s, MetricFunction fn) {
        AggregationTemporality temporality = s.temporality();
        boolean delta = temporality == AggregationTemporality.DELTA;
        boolean cumulative = temporality == AggregationTemporality.CUMULATIVE;
        switch (s.type()) {
            case "Gauge":
                return fn == MetricFunction.VALUE ? numbers(s, NumberSeries.gauge(s)) : null;
            case "Sum":
                if (fn == MetricFunction.VALUE) {
                    return numbers(s, NumberSeries.gauge(s));
                }
                if (fn == MetricFunction.QUANTILE) {
                    return null;
                }
                if (delta) {
                    return numbers(s, NumberSeries.delta(s));
                }
                return cumulative && s.monotonic() ? numbers(s, NumberSeries.counter(s)) : null;
            case "Histogram", "ExponentialHistogram":
                if (!delta && !cumulative) {
                    return null;
                }
                if (fn == MetricFunction.RATE || fn == MetricFunction.INCREASE) {
                    return numbers(s, delta ? NumberSeries.delta(s) : NumberSeries.counter(s));
                }
                if (fn != MetricFunction.QUANTILE) {
                    return null;
                }
                return s.type().equals("Histogram") ? new FunctionInput(s, null, ClassicBuckets.of(s, delta), null)
                        : new FunctionInput(s, null, null, new ExponentialSeries(s, delta));
            case "Summary":
                return fn == MetricFunction.RATE || fn == MetricFunction.INCREASE
                        ? numbers(s, NumberSeries.counter(s)) : null;
            default:
                return null;
        }
    }

    private static FunctionInput numbers(MetricSeries s, NumberSeries numbers) {
        return new FunctionInput(s, numbers, null, null);
    }
}
