package dev.sightline.collector.redaction;

import dev.sightline.store.model.Signal;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.EnumMap;
import java.util.Map;

/**
 * {@code sightline_redactions_total{signal,reason}}: every counter is registered up front, so a zero is visible
 * and the hot path only increments.
 */
public final class RedactionMetrics implements RedactionCounter {

    private final Map<Signal, Map<RedactionReason, Counter>> counters = new EnumMap<>(Signal.class);

    public RedactionMetrics(MeterRegistry registry) {
        for (Signal signal : Signal.values()) {
            Map<RedactionReason, Counter> bySignal = new EnumMap<>(RedactionReason.class);
            for (RedactionReason reason : RedactionReason.values()) {
                bySignal.put(reason, Counter.builder("sightline.redactions")
                        .description("Values masked at ingest because they held or looked like a secret")
                        .tag("signal", signal.lowerName())
                        .tag("reason", reason.tag())
                        .register(registry));
            }
            counters.put(signal, bySignal);
        }
    }

    @Override
    public void redacted(Signal signal, RedactionReason reason) {
        counters.get(signal).get(reason).increment();
    }
}
