package dev.sightline.server.auth;

import dev.sightline.alerting.config.ConfigException;
import dev.sightline.alerting.config.YamlNode;
import dev.sightline.security.ApiTokens;
import dev.sightline.security.Scope;
import dev.sightline.security.TenantId;
import dev.sightline.security.TokenRecord;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The token file: hashes, never tokens, so the file itself is not a secret worth stealing.
 * <pre>
 * tokens:
 *   - name: checkout-ingest
 *     tenant: shop            # optional, "default" when absent
 *     scope: ingest           # ingest | read | admin
 *     sha256: 9f86d081...     # of the token; `bin/sightline token` prints both
 *     expires: 2027-01-01T00:00:00Z   # optional
 * </pre>
 * Errors name the file and line, like the rule and SLO files'.
 */
public final class TokenFile {
    static final String SOURCE = "file";
    private static final Set<String> TOP = Set.of("tokens");
    private static final Set<String> FIELDS = Set.of("name", "tenant", "scope", "sha256", "expires");

    private TokenFile() {
    }

    public static List<TokenRecord> parse(String file, String text) throws ConfigException {
        YamlNode root = YamlNode.parse(file, text);
        Map<String, YamlNode> top = root.checkKeys("the token file", TOP);
        List<TokenRecord> tokens = new ArrayList<>();
        Set<String> names = new HashSet<>();
        Set<String> hashes = new HashSet<>();
        for (YamlNode item : root.child(top, "tokens").sequence("tokens")) {
            Map<String, YamlNode> f = item.checkKeys("a token", FIELDS);
            YamlNode nameNode = item.child(f, "name");
            String name = nameNode.text("name");
            if (!names.add(name)) {
                throw nameNode.error("duplicate token name '" + name + "'");
            }
            YamlNode tenantNode = item.child(f, "tenant");
            String tenant = tenantNode.textOr("tenant", TenantId.DEFAULT);
            if (!TenantId.isValid(tenant)) {
                throw tenantNode.error("invalid tenant '" + tenant
                        + "': use 1 to 63 characters of a-z, 0-9, '-' and '_', starting with a letter or digit");
            }
            YamlNode scopeNode = item.child(f, "scope");
            Scope scope;
            try {
                scope = Scope.parse(scopeNode.text("scope"));
            } catch (IllegalArgumentException e) {
                throw scopeNode.error(e.getMessage());
            }
            YamlNode hashNode = item.child(f, "sha256");
            String hash = hashNode.text("sha256");
            if (ApiTokens.scopeOf(hash).isPresent()) {
                throw hashNode.error("this is a token, not its hash: put its sha256 here and keep the token secret");
            }
            if (!ApiTokens.isSha256Hex(hash)) {
                throw hashNode.error("sha256 must be 64 lower-case hex characters (sha256sum of the token)");
            }
            if (!hashes.add(hash)) {
                throw hashNode.error("the same token hash appears twice");
            }
            YamlNode expiresNode = item.child(f, "expires");
            Instant expires = null;
            if (!expiresNode.isMissing()) {
                try {
                    expires = Instant.parse(expiresNode.text("expires"));
                } catch (DateTimeParseException e) {
                    throw expiresNode.error("expires must be an RFC 3339 time such as 2027-01-01T00:00:00Z");
                }
            }
            tokens.add(new TokenRecord("file:" + name, name, tenant, scope, hash, null, expires, SOURCE));
        }
        return tokens;
    }
}
