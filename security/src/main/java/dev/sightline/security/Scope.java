package dev.sightline.security;

import java.util.Locale;

/**
 * What a token may do. Each kind has its own prefix so a secret scanner (or a person reading a config file)
 * knows what leaked: {@code sli_} sends telemetry, {@code slr_} reads it, {@code sla_} administers a tenant.
 */
public enum Scope {
    /** Send telemetry to the OTLP receivers. Nothing else: a token baked into every app must not read data. */
    INGEST("sli_"),
    /** Query the API and browse the UI. */
    READ("slr_"),
    /** Everything READ allows, plus writes: rules, SLOs, silences, receivers and the tenant's own tokens. */
    ADMIN("sla_");

    private final String prefix;

    Scope(String prefix) {
        this.prefix = prefix;
    }

    public String prefix() {
        return prefix;
    }

    /** Whether a token of this scope may do what needs {@code required}. */
    public boolean grants(Scope required) {
        return this == required || (this == ADMIN && required == READ);
    }

    /** Lower-case name as written in token files and the API. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException naming the accepted values */
    public static Scope parse(String text) {
        for (Scope s : values()) {
            if (s.label().equals(text)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown scope '" + text + "'; expected ingest, read or admin");
    }
}
