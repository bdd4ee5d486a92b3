package dev.sightline.collector.redaction;

import dev.sightline.store.model.Signal;

/** Told of every masked value, so redaction is visible in Sightline's own metrics. Never given the value. */
@FunctionalInterface
public interface RedactionCounter {

    RedactionCounter NONE = (signal, reason) -> { };

    void redacted(Signal signal, RedactionReason reason);
}
