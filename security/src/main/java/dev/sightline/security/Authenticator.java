package dev.sightline.security;

import java.time.Clock;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Decides who a presented token is and whether it may do what is asked. Tokens come from several sources (the
 * token file, the admin API), each replacing its own set when it changes; a lookup is one hash and one map read.
 *
 * <p>With no token configured anywhere, every request acts as {@link Principal#unauthenticated()}: that is the
 * loopback default. The first token configured switches every endpoint to requiring one.
 */
public final class Authenticator {
    private static final String BEARER = "bearer ";

    private final Clock clock;
    private final Map<String, Collection<TokenRecord>> bySource = new HashMap<>();
    private volatile Map<String, TokenRecord> byHash = Map.of();

    public Authenticator(Clock clock) {
        this.clock = clock;
    }

    /** Replaces every token of {@code source} ({@code file}, {@code api}). */
    public synchronized void replace(String source, Collection<TokenRecord> tokens) {
        bySource.put(source, List.copyOf(tokens));
        Map<String, TokenRecord> next = new HashMap<>();
        for (Collection<TokenRecord> set : bySource.values()) {
            for (TokenRecord t : set) {
                next.put(t.sha256(), t);
            }
        }
        byHash = Map.copyOf(next);
    }

    /** Whether any token is configured, i.e. whether requests need one. */
    public boolean enabled() {
        return !byHash.isEmpty();
    }

    /** Tenants named by configured tokens. */
    public List<String> tenants() {
        return byHash.values().stream().map(TokenRecord::tenant).distinct().sorted().toList();
    }

    /**
     * @param token    the presented token (see {@link #bearer}), or null when none was sent
     * @param required what the request needs
     */
    public AccessDecision decide(String token, Scope required) {
        if (!enabled()) {
            return AccessDecision.allowed(Principal.unauthenticated());
        }
        if (token == null || token.isEmpty()) {
            return AccessDecision.unauthenticated("a token is required: send 'Authorization: Bearer <token>'");
        }
        TokenRecord record = ApiTokens.scopeOf(token).isPresent() ? byHash.get(ApiTokens.sha256(token)) : null;
        if (record == null || record.expiredAt(clock.instant())) {
            return AccessDecision.unauthenticated("the token is not valid (unknown, revoked, expired or mistyped)");
        }
        if (!record.scope().grants(required)) {
            return AccessDecision.forbidden("this is " + article(record.scope()) + " token; this needs "
                    + article(required) + " token" + (required == Scope.READ ? " (or an admin one)" : ""));
        }
        return AccessDecision.allowed(Principal.of(record.tenant(), record.scope(), record.name()));
    }

    /** The token of an {@code Authorization: Bearer <token>} header value; null for any other value. */
    public static String bearer(String authorization) {
        if (authorization == null || authorization.length() <= BEARER.length()
                || !authorization.substring(0, BEARER.length()).toLowerCase(Locale.ROOT).equals(BEARER)) {
            return null;
        }
        return authorization.substring(BEARER.length()).trim();
    }

    private static String article(Scope s) {
        return (s == Scope.INGEST || s == Scope.ADMIN ? "an " : "a ") + s.label();
    }
}
