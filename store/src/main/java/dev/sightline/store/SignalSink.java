package dev.sightline.store;

import dev.sightline.store.model.TelemetryBatch;

import java.util.concurrent.CompletionStage;

/** The store's write seam: the collector's only way in. */
public interface SignalSink {

    /**
     * Appends one batch to the signal's write-ahead log. The returned stage completes once the batch is
     * durable under the configured fsync policy: only then may the client be told "accepted".
     *
     * @throws StoreOverloadedException at once, without queueing anything, when the store is over its limits
     */
    CompletionStage<Void> append(TelemetryBatch batch);
}
