package dev.sightline.query.metrics;

import dev.sightline.store.model.Attribute;
import dev.sightline.store.query.AnyValues;
import dev.sightline.store.read.MetricSeries;

import java.util.List;

/** The latest value of a series, with the series it came from. */
record LatestValue(MetricSeries series, double value, long epochNanos) {

    /** The series' point attribute {@code key} as text, or null. */
    String attribute(String key) {
        Attribute a = null;
        for (Attribute x : series.attributes()) {
            if (x.key().equals(key)) {
                a = x;
                break;
            }
        }
        return a == null ? null : AnyValues.text(a.value());
    }

    /** The time of the newest of them, 0 for none. */
    static long newest(List<LatestValue> latest) {
        long t = 0;
        for (LatestValue l : latest) {
            t = Math.max(t, l.epochNanos);
        }
        return t;
    }
}
