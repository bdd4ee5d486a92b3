package dev.sightline.collector.limits;

import dev.sightline.store.model.TelemetryBatch;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Every ingest limit in one place, per tenant: the rate, then what {@link BatchLimiter} does to a batch. Tenants'
 * states are made on first use; there are as many as configured tokens, so the map is not bounded here.
 */
public final class IngestLimits {

    private final BatchLimiter limiter;
    private final Function<String, TenantLimits> newTenant;
    private final Map<String, TenantLimits> tenants = new ConcurrentHashMap<>();

    /**
     * @param ratePerSecond items per second per tenant, 0 for none
     * @param burst         the bucket's size; 0 for two seconds of the rate
     */
    public IngestLimits(ItemLimits items, long ratePerSecond, long burst, int maxActiveSeries, Duration seriesWindow,
                        int maxSpansPerTrace, int trackedTraces, LongSupplier nanoClock) {
        this.limiter = new BatchLimiter(items);
        long bucket = burst > 0 ? burst : Math.max(1, 2 * ratePerSecond);
        this.newTenant = tenant -> new TenantLimits(
                ratePerSecond > 0 ? new TokenBucket(ratePerSecond, bucket, nanoClock) : null,
                new ActiveSeries(maxActiveSeries, seriesWindow, nanoClock),
                new TraceSpanCounts(maxSpansPerTrace, trackedTraces));
    }

    public static IngestLimits from(LimitsConfig config, LongSupplier nanoClock) {
        return new IngestLimits(new ItemLimits(config.maxAttributesPerItem(), config.maxAttributeValueLength(),
                config.maxLogBodyBytes()), config.ingestRate(), config.ingestBurst(), config.maxActiveSeries(),
                config.seriesActiveWindow(), config.maxSpansPerTrace(), config.trackedTraces(), nanoClock);
    }

    public TenantLimits tenant(String tenant) {
        return tenants.computeIfAbsent(Objects.requireNonNull(tenant, "tenant"), newTenant);
    }

    /**
     * Before decoding: refuses at once when the tenant's bucket is empty, so a throttled client costs no decoding.
     *
     * @throws IngestThrottledException with the time until the bucket has a token again
     */
    public void checkRate(String tenant) {
        TokenBucket rate = tenant(tenant).rate();
        if (rate != null) {
            long wait = rate.nanosUntilAvailable();
            if (wait > 0) {
                throw throttled(rate, wait);
            }
        }
    }

    /**
     * Takes the batch's items from the tenant's rate, then applies the batch limits.
     *
     * @throws IngestThrottledException when the tenant is over its rate (nothing of the batch is taken)
     */
    public <B extends TelemetryBatch> BatchLimiter.Limited<B> apply(String tenant, B batch) {
        TenantLimits state = tenant(tenant);
        TokenBucket rate = state.rate();
        if (rate != null && !batch.isEmpty()) {
            long wait = rate.tryTake(batch.itemCount());
            if (wait > 0) {
                throw throttled(rate, wait);
            }
        }
        return limiter.apply(batch, state);
    }

    /** Active series per tenant, for the gauge. */
    public Map<String, TenantLimits> tenants() {
        return Map.copyOf(tenants);
    }

    private static IngestThrottledException throttled(TokenBucket rate, long waitNanos) {
        return new IngestThrottledException("over the ingest rate of " + rate.ratePerSecond()
                + " items per second; retry later", Duration.ofNanos(Math.max(waitNanos, 1_000_000L)));
    }
}
