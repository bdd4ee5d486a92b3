package dev.sightline.collector.ingest;

import dev.sightline.collector.limits.ActiveSeries;
import dev.sightline.collector.limits.LimitReason;
import dev.sightline.collector.limits.MemoryGuard;
import dev.sightline.collector.limits.TenantLimits;
import dev.sightline.store.model.Signal;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts every request and item by signal and outcome, so a drop is never silent:
 * {@code sightline_ingest_requests_total{signal,transport,outcome}} and
 * {@code sightline_ingest_items_total{signal,outcome,reason}}; what the limits did, per tenant:
 * {@code sightline_ingest_limited_total{tenant,signal,reason}} (items rejected, throttled or changed) and
 * {@code sightline_ingest_limited_requests_total{tenant,signal,reason}} (whole requests refused before decoding or
 * throttled), with the gauges {@code sightline_ingest_active_series{tenant}}, {@code sightline_memory_heap_used_ratio}
 * and {@code sightline_memory_guard_level}.
 */
public final class IngestMetrics {

    /** What happened to a whole request. */
    public enum RequestOutcome {
        ACCEPTED, PARTIAL, MALFORMED, TOO_LARGE, UNSUPPORTED_MEDIA_TYPE, UNAUTHORIZED, OVERLOADED, THROTTLED, FAILED;

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

    /** Items a limit rejected, throttled or changed. */
    public void limited(String tenant, Signal signal, LimitReason reason, long items) {
        if (items > 0) {
            counters.computeIfAbsent("limited/" + tenant + "/" + signal + "/" + reason, k -> Counter
                            .builder("sightline.ingest.limited")
                            .description("Spans, log records and data points rejected, throttled or changed by a limit")
                            .tag("tenant", tenant)
                            .tag("signal", signal.lowerName())
                            .tag("reason", reason.tag())
                            .register(registry))
                    .increment(items);
        }
    }

    /** A whole export request refused by a limit (memory or rate). */
    public void limitedRequest(String tenant, Signal signal, LimitReason reason) {
        counters.computeIfAbsent("limited-requests/" + tenant + "/" + signal + "/" + reason, k -> Counter
                        .builder("sightline.ingest.limited.requests")
                        .description("Export requests refused or throttled by a limit")
                        .tag("tenant", tenant)
                        .tag("signal", signal.lowerName())
                        .tag("reason", reason.tag())
                        .register(registry))
                .increment();
    }

    /** Publishes a tenant's active series count. */
    public void watchTenant(String tenant, TenantLimits limits) {
        Gauge.builder("sightline.ingest.active.series", limits.series(), ActiveSeries::size)
                .description("Metric series seen within the active window, per tenant")
                .tag("tenant", tenant)
                .register(registry);
    }

    /** Publishes the memory guard's last sample and level (0 normal, 1 soft limit, 2 hard limit). */
    public void watchMemory(MemoryGuard guard) {
        Gauge.builder("sightline.memory.heap.used.ratio", guard, MemoryGuard::usedRatio)
                .description("Heap in use after the last garbage collection, as a fraction of the maximum")
                .register(registry);
        Gauge.builder("sightline.memory.guard.level", guard, g -> g.level().ordinal())
                .description("0 normal, 1 over the soft limit (exports refused), 2 over the hard limit (queries refused)")
                .register(registry);
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
