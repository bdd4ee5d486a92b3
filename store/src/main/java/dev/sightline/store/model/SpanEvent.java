package dev.sightline.store.model;

import java.util.List;

public record SpanEvent(long epochNanos, String name, List<Attribute> attributes, int droppedAttributesCount) {
    public SpanEvent {
        name = name == null ? "" : name;
        attributes = List.copyOf(attributes);
    }
}
