package dev.sightline.query.metrics;

import java.util.Locale;

/**
 * One saturation reading: the latest value of one metric (or ratio of two) for the most saturated instance of the
 * service.
 *
 * @param resource    what is saturating
 * @param name        the metric, or "used/limit" for a ratio of two
 * @param value       a ratio from 0 to 1 when {@code utilization}, else the metric's own unit
 * @param utilization whether {@code value} is a fraction of a capacity
 * @param unit        "1" for a ratio, else the metric's unit
 * @param epochNanos  time of the newest point the value was computed from
 * @param instance    {@code service.instance.id} (or {@code host.name}) of the instance, null when not sent
 * @param detail      what was added up or compared (pool, number of pools), null when nothing to say
 */
public record SaturationSignal(Resource resource, String name, double value, boolean utilization, String unit,
                               long epochNanos, String instance, String detail) {

    public enum Resource {
        CPU, MEMORY, DB_CONNECTIONS, QUEUE;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
