package dev.sightline.store.model;

import java.util.List;
import java.util.Objects;

/** Items that share a resource, grouped by scope, as OTLP sends them (the grouping saves repeating both). */
public record ResourceGroup<T>(Resource resource, List<ScopeGroup<T>> scopes) {
    public ResourceGroup {
        Objects.requireNonNull(resource, "resource");
        scopes = List.copyOf(scopes);
    }

    public int itemCount() {
        int n = 0;
        for (ScopeGroup<T> s : scopes) {
            n += s.items().size();
        }
        return n;
    }
}
