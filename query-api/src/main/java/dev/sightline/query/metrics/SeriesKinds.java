package dev.sightline.query.metrics;

import dev.sightline.store.model.AggregationTemporality;
import dev.sightline.store.read.MetricSeries;

import java.util.Locale;

/** A stored series' kind (type, monotonicity, temporality) in the words of errors and warnings, and its function. */
final class SeriesKinds {
    private SeriesKinds() {
    }

    /** The function a UI most likely wants for a metric of this kind. */
    static MetricFunction defaultFor(MetricSeries s) {
        return switch (s.type()) {
            case "Sum" -> s.monotonic() ? MetricFunction.RATE : MetricFunction.VALUE;
            case "Histogram", "ExponentialHistogram" -> MetricFunction.QUANTILE;
            case "Summary" -> MetricFunction.RATE;
            default -> MetricFunction.VALUE;
        };
    }

    static String hint(MetricSeries s) {
        if (s == null) {
            return "";
        }
        return "for " + describe(s) + " series use fn=" + defaultFor(s).wireName();
    }

    static String describe(MetricSeries s) {
        return switch (s.type()) {
            case "Sum" -> (s.monotonic() ? "monotonic " : "non-monotonic ")
                    + s.temporality().name().toLowerCase(Locale.ROOT) + " Sum";
            case "Histogram", "ExponentialHistogram" -> s.temporality() == AggregationTemporality.UNSPECIFIED
                    ? s.type() + " (without temporality)" : s.type();
            default -> s.type();
        };
    }
}
