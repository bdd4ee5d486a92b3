package dev.sightline.security;

import java.time.Instant;
import java.util.Objects;

/**
 * A token as Sightline keeps it: everything but the token itself.
 *
 * @param id      stable handle for the API (revoke, rotate); never derived from the secret
 * @param name    what the token is for ("checkout-prod-ingest")
 * @param tenant  the tenant it acts in
 * @param scope   what it may do
 * @param sha256  {@link ApiTokens#sha256} of the token
 * @param created when it was made
 * @param expires when it stops working, or null for never (a rotated token's grace period ends here)
 * @param source  where it is defined: {@code file} or {@code api}
 */
public record TokenRecord(String id, String name, String tenant, Scope scope, String sha256, Instant created,
                          Instant expires, String source) {

    public TokenRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        TenantId.require(tenant);
        Objects.requireNonNull(scope, "scope");
        if (!ApiTokens.isSha256Hex(sha256)) {
            throw new IllegalArgumentException("sha256 must be 64 lower-case hex characters");
        }
        Objects.requireNonNull(source, "source");
    }

    public boolean expiredAt(Instant now) {
        return expires != null && !now.isBefore(expires);
    }

    public TokenRecord withExpiry(Instant expiry) {
        return new TokenRecord(id, name, tenant, scope, sha256, created, expiry, source);
    }
}
