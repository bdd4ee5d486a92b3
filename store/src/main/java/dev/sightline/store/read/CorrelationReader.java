package dev.sightline.store.read;

import dev.sightline.store.query.Correlation;

import java.util.List;

public interface CorrelationReader {

    /** The attribute keys whose values are correlation IDs, in the order they are looked at. */
    List<String> correlationKeys();

    /** Every trace and log record the ID reaches (see {@link Correlation}). */
    Correlation correlate(String correlationId);
}
