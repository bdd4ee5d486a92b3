package dev.sightline.store.rollup;

import dev.sightline.store.model.SpanKind;

/** An operation (span name) of a service and the kind of its spans; one per (service, name, kind). */
public record OperationInfo(String service, String name, SpanKind kind) {
}
