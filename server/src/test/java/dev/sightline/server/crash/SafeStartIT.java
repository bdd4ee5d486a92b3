package dev.sightline.server.crash;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged server, started as a user starts it: on a network address with no token it refuses to start and
 * says how to fix it; with the explicit opt-out it starts (and warns). Loopback needs neither.
 */
class SafeStartIT {

    @Test
    void aNetworkAddressWithoutTokensIsRefusedWithAnExplanation(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("server.log");
        try (SightlineProcess server = new SightlineProcess(dir.resolve("data"), log)) {
            server.start(List.of("-Dsightline.host=0.0.0.0"));
            Integer exit = server.awaitExit(Duration.ofSeconds(90));
            assertThat(exit).as("the server stopped by itself").isNotNull().isNotZero();
        }
        String output = Files.readString(log);
        assertThat(output).contains("refusing to start").contains("0.0.0.0")
                .contains("sightline.auth.token-file").contains("bin/sightline token")
                .contains("sightline.auth.allow-unauthenticated-network-access=true");
    }

    @Test
    void theExplicitOptOutStartsAndWarns(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("server.log");
        try (SightlineProcess server = new SightlineProcess(dir.resolve("data"), log)) {
            server.start(List.of("-Dsightline.host=0.0.0.0",
                    "-Dsightline.auth.allow-unauthenticated-network-access=true"));
            server.awaitReady(Duration.ofSeconds(90));
        }
        assertThat(Files.readString(log)).contains("ANYONE who can reach it");
    }
}
