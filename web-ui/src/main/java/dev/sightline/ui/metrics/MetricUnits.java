package dev.sightline.ui.metrics;

import dev.sightline.query.metrics.MetricFunction;
import dev.sightline.ui.web.Format;

import java.util.function.DoubleFunction;

/**
 * How a metric's values read on the chart's axis and in the table: durations as durations (UCUM {@code ms},
 * {@code s}, {@code us}, {@code ns}), rates per second, other units after the number. The rate or increase of a
 * histogram or summary counts observations, whatever the unit of what they observe.
 */
final class MetricUnits {
    private MetricUnits() {
    }

    static DoubleFunction<String> format(String unit, MetricFunction fn, boolean countsObservations) {
        String u = unit == null || unit.isBlank() || unit.equals("1") || countsObservations ? "" : unit.trim();
        if (fn == MetricFunction.RATE) {
            return v -> Double.isNaN(v) ? Format.NONE : Format.number(v) + (u.isEmpty() ? "/s" : " " + u + "/s");
        }
        return switch (u) {
            case "ms" -> v -> duration(v);
            case "s" -> v -> duration(v * 1000);
            case "us" -> v -> duration(v / 1000);
            case "ns" -> v -> duration(v / 1e6);
            default -> v -> Double.isNaN(v) ? Format.NONE : Format.number(v) + (u.isEmpty() ? "" : " " + u);
        };
    }

    /** Milliseconds as {@link Format#ms} writes them, but a plain "0 ms" at the foot of an axis. */
    private static String duration(double millis) {
        return millis == 0 ? "0 ms" : Format.ms(millis);
    }
}
