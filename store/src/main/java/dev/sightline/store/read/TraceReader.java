package dev.sightline.store.read;

import dev.sightline.store.model.TraceId;

import java.util.Optional;

public interface TraceReader {

    /** Every stored span of the trace, each once (duplicates sent by retries are dropped), by start time. */
    Optional<Trace> findTrace(TraceId traceId);
}
