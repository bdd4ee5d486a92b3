package dev.sightline.collector.redaction;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

import java.util.List;
import java.util.Optional;

/** Redaction at ingest. Every property is listed in docs/configuration.md under "Redaction". */
@ConfigMapping(prefix = "sightline.redaction")
public interface RedactionConfig {

    /** Mask secrets before anything is stored. Turning it off stores attribute values exactly as sent. */
    @WithDefault("true")
    boolean enabled();

    /**
     * More attribute keys whose values are always masked, matched like the built-in ones (case-insensitive,
     * as a run of the key's segments: {@code ssn} masks {@code user.ssn} and {@code customer_ssn}).
     */
    Optional<List<String>> keys();

    /** Keys never masked for their name (whole key, case-insensitive); their values are still scanned. */
    @WithName("allowed-keys")
    Optional<List<String>> allowedKeys();

    /**
     * More regular expressions (Java syntax) masked wherever they occur in a text value; with a capturing group,
     * only the first group is masked. A comma inside one must be written {@code \,}, or use indexed properties
     * ({@code sightline.redaction.patterns[0]=...}).
     */
    Optional<List<String>> patterns();

    default RedactionSettings settings() {
        return new RedactionSettings(enabled(), keys().orElse(List.of()), allowedKeys().orElse(List.of()),
                patterns().orElse(List.of()));
    }
}
