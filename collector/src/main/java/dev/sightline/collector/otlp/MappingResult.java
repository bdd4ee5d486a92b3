package dev.sightline.collector.otlp;

import dev.sightline.store.model.TelemetryBatch;
import java.util.Objects;

/**
 * The model batch made from one OTLP export request, and what was left out of it.
 *
 * @param batch         the accepted items; resource and scope groups left empty are dropped
 * @param rejectedItems spans, log records or metric data points rejected as invalid: OTLP's
 *                      {@code rejected_spans}, {@code rejected_log_records} or {@code rejected_data_points}
 * @param errorMessage  empty when the request was taken as sent; otherwise a message for the client naming
 *                      how many items were rejected and the first reasons, and any warnings about items that
 *                      were kept with a field dropped (OTLP allows a warning with {@code rejectedItems == 0})
 */
public record MappingResult<B extends TelemetryBatch>(B batch, long rejectedItems, String errorMessage) {

    public MappingResult {
        Objects.requireNonNull(batch, "batch");
        if (rejectedItems < 0) {
            throw new IllegalArgumentException("rejectedItems must not be negative: " + rejectedItems);
        }
        errorMessage = errorMessage == null ? "" : errorMessage;
    }

    /** True when the response must carry OTLP's {@code partial_success}: something was rejected or warned about. */
    public boolean isPartialSuccess() {
        return rejectedItems > 0 || !errorMessage.isEmpty();
    }
}
