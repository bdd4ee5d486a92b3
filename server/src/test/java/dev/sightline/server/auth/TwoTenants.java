package dev.sightline.server.auth;

import dev.sightline.security.Scope;
import dev.sightline.server.support.TestTokens;
import io.quarkus.test.junit.QuarkusTestProfile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * A server with a token file: tenants {@code alpha} and {@code beta}, each with an ingest, a read and an admin
 * token, in a fresh data directory. The secrets reach the tests through {@link TestTokens#configured}.
 */
public class TwoTenants implements QuarkusTestProfile {
    public static final String ALPHA = "alpha";
    public static final String BETA = "beta";

    @Override
    public Map<String, String> getConfigOverrides() {
        TestTokens tokens = new TestTokens();
        for (String tenant : new String[]{ALPHA, BETA}) {
            for (Scope scope : Scope.values()) {
                tokens.add(tenant, scope);
            }
        }
        try {
            Path dir = Files.createTempDirectory("sightline-tokens");
            Map<String, String> config = new HashMap<>(tokens.asConfig());
            config.put("sightline.auth.token-file", tokens.writeTo(dir.resolve("tokens.yaml")).toString());
            config.put("sightline.auth.token-file-check-interval", "200ms");
            config.put("sightline.store.data-dir", System.getProperty("sightline.test.data-dir",
                    "target/test-data/quarkus") + "-tenants-" + System.nanoTime());
            config.put("sightline.alerting.evaluation-interval", "1s");
            return config;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
