package dev.sightline.collector.ingest;

import dev.sightline.collector.otlp.MappingResult;
import dev.sightline.store.StoreOverloadedException;
import dev.sightline.store.model.TelemetryBatch;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * The receivers' common path after decoding: admission, append to the store, accounting. Both transports
 * go through here so gRPC and HTTP count, refuse and acknowledge alike.
 */
public final class IngestPipeline {

    private final TenantSinks sinks;
    private final IngestMetrics metrics;
    private final InFlightBytes inFlight;
    private final Duration retryAfter;

    public IngestPipeline(TenantSinks sinks, IngestMetrics metrics, InFlightBytes inFlight, Duration retryAfter) {
        this.sinks = sinks;
        this.metrics = metrics;
        this.inFlight = inFlight;
        this.retryAfter = retryAfter;
    }

    /**
     * Reserves decoding room for a request body of {@code bytes}; the caller must {@link #release} it.
     *
     * @throws StoreOverloadedException when too many bytes are already being decoded
     */
    public void admit(long bytes) {
        if (!inFlight.tryAcquire(bytes)) {
            throw new StoreOverloadedException("too many export requests in flight ("
                    + inFlight.inFlight() + " bytes); retry later", retryAfter);
        }
    }

    public void release(long bytes) {
        inFlight.release(bytes);
    }

    /**
     * Appends the valid part of a mapped request. The stage completes when the data is durable; only then
     * may the receiver acknowledge. Rejected items are counted here, whatever happens to the rest.
     *
     * @param tenant whose store receives the batch: the authenticated sender's, never one named in the data
     * @throws StoreOverloadedException when the store refuses the batch for now (nothing of it was stored)
     */
    public CompletionStage<Void> store(String tenant, MappingResult<? extends TelemetryBatch> mapped) {
        TelemetryBatch batch = mapped.batch();
        metrics.notStoredItems(batch.signal(), "rejected", "invalid", mapped.rejectedItems());
        int items = batch.itemCount();
        if (batch.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        try {
            return sinks.forTenant(tenant).append(batch).whenComplete((ok, failure) -> {
                if (failure == null) {
                    metrics.acceptedItems(batch.signal(), items);
                } else {
                    metrics.notStoredItems(batch.signal(), "refused", "store_error", items);
                }
            });
        } catch (RuntimeException e) {
            metrics.notStoredItems(batch.signal(), "refused",
                    e instanceof StoreOverloadedException ? "overloaded" : "store_error", items);
            throw e;
        }
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
