package dev.sightline.server.support;

import dev.sightline.security.ApiTokens;
import dev.sightline.security.Scope;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Tokens for a test server, made the way an operator makes them: real random tokens, whose hashes go in a token
 * file. A test profile makes them before the server starts and passes the secrets to the test through the
 * configuration ({@link #asConfig}, read back with {@link #configured}), since profile and test do not share
 * objects.
 */
public final class TestTokens {
    private final SecureRandom random = new SecureRandom();
    private final Map<String, String> tokens = new LinkedHashMap<>();
    private final StringBuilder file = new StringBuilder("tokens:\n");

    /** Adds a token named {@code tenant-scope}. */
    public TestTokens add(String tenant, Scope scope) {
        String name = tenant + "-" + scope.label();
        String token = ApiTokens.generate(scope, random);
        tokens.put(name, token);
        file.append("  - name: ").append(name).append('\n')
                .append("    tenant: ").append(tenant).append('\n')
                .append("    scope: ").append(scope.label()).append('\n')
                .append("    sha256: ").append(ApiTokens.sha256(token)).append('\n');
        return this;
    }

    public String token(String tenant, Scope scope) {
        String t = tokens.get(tenant + "-" + scope.label());
        if (t == null) {
            throw new IllegalArgumentException("no token " + tenant + "-" + scope.label());
        }
        return t;
    }

    /** The secrets as {@code test.token.<tenant>-<scope>} properties. */
    public Map<String, String> asConfig() {
        Map<String, String> out = new LinkedHashMap<>();
        tokens.forEach((name, token) -> out.put("test.token." + name, token));
        return out;
    }

    /** A secret a profile passed with {@link #asConfig}. */
    public static String configured(String tenant, Scope scope) {
        return org.eclipse.microprofile.config.ConfigProvider.getConfig()
                .getValue("test.token." + tenant + "-" + scope.label(), String.class);
    }

    public String fileText() {
        return file.toString();
    }

    public Path writeTo(Path path) {
        try {
            Files.writeString(path, fileText());
            return path;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
