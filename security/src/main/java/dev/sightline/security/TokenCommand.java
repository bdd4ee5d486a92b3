package dev.sightline.security;

import java.security.SecureRandom;
import java.util.Locale;

/**
 * {@code bin/sightline token --scope ingest [--tenant shop] [--name checkout]}: prints a new token once, and the
 * entry for the token file, which holds only its hash. Runs without a server, so the first admin token can be
 * made before Sightline is ever started on a network address.
 */
public final class TokenCommand {

    private TokenCommand() {
    }

    public static void main(String[] args) {
        String scopeText = null;
        String tenant = TenantId.DEFAULT;
        String name = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (a) {
                case "--scope" -> { scopeText = value; i++; }
                case "--tenant" -> { tenant = value; i++; }
                case "--name" -> { name = value; i++; }
                default -> fail("unknown argument '" + a + "'");
            }
        }
        if (scopeText == null) {
            fail("--scope is required");
        }
        Scope scope;
        try {
            scope = Scope.parse(scopeText.toLowerCase(Locale.ROOT));
            TenantId.require(tenant);
        } catch (IllegalArgumentException e) {
            fail(e.getMessage());
            return;
        }
        if (name == null) {
            name = tenant + "-" + scope.label();
        }
        String token = ApiTokens.generate(scope, new SecureRandom());
        System.out.println("token (shown once; give it to the client, keep it secret):");
        System.out.println("  " + token);
        System.out.println();
        System.out.println("token file entry (safe to commit: it holds the hash only):");
        System.out.println("  - name: " + name);
        System.out.println("    tenant: " + tenant);
        System.out.println("    scope: " + scope.label());
        System.out.println("    sha256: " + ApiTokens.sha256(token));
    }

    private static void fail(String message) {
        System.err.println("sightline token: " + message);
        System.err.println("usage: bin/sightline token --scope ingest|read|admin [--tenant NAME] [--name NAME]");
        System.exit(2);
    }
}
