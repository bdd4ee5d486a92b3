package dev.sightline.store.model;

/** The three OTLP signals; each has its own log and its own retention. */
public enum Signal {
    TRACES, LOGS, METRICS;

    public String lowerName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
