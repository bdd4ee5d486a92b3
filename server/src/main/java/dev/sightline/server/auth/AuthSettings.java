package dev.sightline.server.auth;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

import java.time.Duration;
import java.util.Optional;

/** Authentication settings. Every one is listed in docs/configuration.md, "Security". */
@ConfigMapping(prefix = "sightline.auth")
public interface AuthSettings {

    /** YAML file of token hashes (see docs/configuration.md); re-read when it changes. */
    @WithName("token-file")
    Optional<String> tokenFile();

    /** How often the token file is checked for changes. */
    @WithName("token-file-check-interval")
    @WithDefault("5s")
    Duration tokenFileCheckInterval();

    /**
     * Lets Sightline start on a non-loopback address with no token configured, i.e. open to anyone who can reach
     * it. Off: such a start is refused with a message saying how to configure a token.
     */
    @WithName("allow-unauthenticated-network-access")
    @WithDefault("false")
    boolean allowUnauthenticatedNetworkAccess();
}
