package dev.sightline.collector.ingest;

import dev.sightline.store.model.Signal;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts every request and item by signal and outcome, so a drop is never silent:
 * {@code sightline_ingest_requests_total{signal,transport,outcome}} and
 * {@code sightline_ingest_items_total{signal,outcome,reason}}.
 */
public final class IngestMetrics {

    /** What happened to a whole request. */
    public enum RequestOutcome {
        ACCEPTED, PARTIAL, MALFORMED, TOO_LARGE, UNSUPPORTED_MEDIA_TYPE, UNAUTHORIZED, OVERLOADED, FAILED;

        String tag() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final MeterRegistry registry;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Map<Signal, Counter> acceptedItems = new EnumMap<>(Signal.class);

    public IngestMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (Signal s : Signal.values()) {
            acceptedItems.put(s, itemCounter(s, "accepted", "none"));
        }
    }

    public void request(Signal signal, Transport transport, RequestOutcome outcome) {
        counters.computeIfAbsent(signal + "/" + transport + "/" + outcome, k -> Counter
                        .builder("sightline.ingest.requests")
                        .description("OTLP export requests by outcome")
                        .tag("signal", signal.lowerName())
                        .tag("transport", transport.tag())
                        .tag("outcome", outcome.tag())
                        .register(registry))
                .increment();
    }

    public void acceptedItems(Signal signal, long count) {
        acceptedItems.get(signal).increment(count);
    }

    /** Items not stored: {@code rejected} (invalid, told to the client) or {@code refused} (not acknowledged). */
    public void notStoredItems(Signal signal, String outcome, String reason, long count) {
        if (count > 0) {
            counters.computeIfAbsent("items/" + signal + "/" + outcome + "/" + reason,
                    k -> itemCounter(signal, outcome, reason)).increment(count);
        }
    }

    private Counter itemCounter(Signal signal, String outcome, String reason) {
        return Counter.builder("sightline.ingest.items")
                .description("Spans, log records and metric data points by outcome")
                .tag("signal", signal.lowerName())
                .tag("outcome", outcome)
                .tag("reason", reason)
                .register(registry);
    }
}
