package dev.sightline.collector.ingest;

import dev.sightline.collector.limits.BatchLimiter;
import dev.sightline.collector.limits.IngestLimits;
import dev.sightline.collector.limits.IngestThrottledException;
import dev.sightline.collector.limits.LimitReason;
import dev.sightline.collector.limits.LimitReport;
import dev.sightline.collector.limits.MemoryGuard;
import dev.sightline.collector.otlp.MappingResult;
import dev.sightline.store.StoreOverloadedException;
import dev.sightline.store.model.Signal;
import dev.sightline.store.model.TelemetryBatch;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The receivers' common path after decoding: admission (memory, the tenant's rate, bytes in flight), the tenant's
 * limits, append to the store, accounting. Both transports go through here so gRPC and HTTP count, refuse and
 * acknowledge alike. {@code tenant} is whoever the receiver says sent the request ("default" without tenants).
 */
public final class IngestPipeline {

    private final TenantSinks sinks;
    private final IngestMetrics metrics;
    private final InFlightBytes inFlight;
    private final Duration retryAfter;
    private final MemoryGuard memory;
    private final IngestLimits limits;
    private final Set<String> watchedTenants = ConcurrentHashMap.newKeySet();

    public IngestPipeline(TenantSinks sinks, IngestMetrics metrics, InFlightBytes inFlight, Duration retryAfter,
                          MemoryGuard memory, IngestLimits limits) {
        this.sinks = sinks;
        this.metrics = metrics;
        this.inFlight = inFlight;
        this.retryAfter = retryAfter;
        this.memory = memory;
        this.limits = limits;
    }

    /**
     * The checks that need no body, for a receiver to make as soon as a request's headers are in: refusing then
     * spares the client the upload and the server the read, so the answer comes in milliseconds even when the
     * connection is crowded with other requests' bodies.
     *
     * @throws StoreOverloadedException when the heap is over the soft limit or the in-flight budget is spent
     * @throws IngestThrottledException when the tenant's rate bucket is empty
     */
    public void precheck(String tenant, Signal signal) {
        checkMemoryAndRate(tenant, signal);
        if (inFlight.inFlight() >= inFlight.limit()) {
            throw inFlightExceeded();
        }
    }

    /**
     * Reserves decoding room for a request body of {@code bytes}; the caller must {@link #release} it. Refusals
     * come before any decoding, so an overloaded server spends next to nothing on them.
     *
     * @throws StoreOverloadedException when the heap is over the soft limit or too many bytes are being decoded
     * @throws IngestThrottledException when the tenant's rate bucket is empty
     */
    public void admit(String tenant, Signal signal, long bytes) {
        checkMemoryAndRate(tenant, signal);
        if (!inFlight.tryAcquire(bytes)) {
            throw inFlightExceeded();
        }
    }

    private void checkMemoryAndRate(String tenant, Signal signal) {
        if (memory.refusesIngest()) {
            metrics.limitedRequest(tenant, signal, LimitReason.MEMORY);
            throw new StoreOverloadedException("the server is short of memory; retry later", retryAfter);
        }
        try {
            limits.checkRate(tenant);
        } catch (IngestThrottledException e) {
            metrics.limitedRequest(tenant, signal, LimitReason.RATE);
            throw e;
        }
    }

    private StoreOverloadedException inFlightExceeded() {
        return new StoreOverloadedException("too many export requests in flight ("
                + inFlight.inFlight() + " bytes); retry later", retryAfter);
    }

    public void release(long bytes) {
        inFlight.release(bytes);
    }

    /**
     * Applies the tenant's limits to a mapped request and appends what is left. The stage completes, when the data
     * is durable, with what the receiver answers: the items rejected by the mapper and by the limits, and their
     * messages. Rejected items are counted here, whatever happens to the rest.
     *
     * @param tenant whose store receives the batch: the authenticated sender's, never one named in the data
     * @throws IngestThrottledException when the tenant is over its rate (nothing of the request was stored)
     * @throws StoreOverloadedException when the store refuses the batch for now (nothing of it was stored)
     */
    public CompletionStage<MappingResult<? extends TelemetryBatch>> store(
            String tenant, MappingResult<? extends TelemetryBatch> mapped) {
        Signal signal = mapped.batch().signal();
        metrics.notStoredItems(signal, "rejected", "invalid", mapped.rejectedItems());
        if (watchedTenants.add(tenant)) {
            metrics.watchTenant(tenant, limits.tenant(tenant));
        }
        BatchLimiter.Limited<? extends TelemetryBatch> limited;
        try {
            limited = limits.apply(tenant, mapped.batch());
        } catch (IngestThrottledException e) {
            metrics.limitedRequest(tenant, signal, LimitReason.RATE);
            metrics.limited(tenant, signal, LimitReason.RATE, mapped.batch().itemCount());
            metrics.notStoredItems(signal, "refused", LimitReason.RATE.tag(), mapped.batch().itemCount());
            throw e;
        }
        MappingResult<? extends TelemetryBatch> answer = combine(mapped, limited, tenant);
        TelemetryBatch batch = answer.batch();
        int items = batch.itemCount();
        if (batch.isEmpty()) {
            return CompletableFuture.completedFuture(answer);
        }
        try {
            return sinks.forTenant(tenant).append(batch).handle((ok, failure) -> {
                if (failure == null) {
                    metrics.acceptedItems(signal, items);
                    return answer;
                }
                metrics.notStoredItems(signal, "refused", "store_error", items);
                throw failure instanceof CompletionException c ? c : new CompletionException(failure);
            });
        } catch (RuntimeException e) {
            metrics.notStoredItems(signal, "refused",
                    e instanceof StoreOverloadedException ? "overloaded" : "store_error", items);
            throw e;
        }
    }

    private MappingResult<? extends TelemetryBatch> combine(MappingResult<? extends TelemetryBatch> mapped,
                                                            BatchLimiter.Limited<? extends TelemetryBatch> limited,
                                                            String tenant) {
        LimitReport report = limited.report();
        if (report.isEmpty()) {
            return mapped;
        }
        Signal signal = mapped.batch().signal();
        report.itemsByReason().forEach((reason, n) -> metrics.limited(tenant, signal, reason, n));
        report.rejectedByReason().forEach((reason, n) -> metrics.notStoredItems(signal, "rejected", reason.tag(), n));
        String message = mapped.errorMessage().isEmpty() ? report.message()
                : mapped.errorMessage() + ". " + report.message();
        return new MappingResult<>(limited.batch(), mapped.rejectedItems() + report.rejectedItems(), message);
    }

    /** The store's own exception behind a failed stage (dependent stages wrap it in a CompletionException). */
    public static Throwable causeOf(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }

    public IngestMetrics metrics() {
        return metrics;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
