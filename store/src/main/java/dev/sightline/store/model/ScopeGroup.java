package dev.sightline.store.model;

import java.util.List;
import java.util.Objects;

public record ScopeGroup<T>(InstrumentationScope scope, List<T> items) {
    public ScopeGroup {
        Objects.requireNonNull(scope, "scope");
        items = List.copyOf(items);
    }
}
