package dev.sightline.store.model;

/** One item read back with the resource and scope it was sent with. */
public record Scoped<T>(Resource resource, InstrumentationScope scope, T item) {
}
