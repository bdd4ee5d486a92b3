package dev.sightline.security;

import java.util.EnumSet;
import java.util.Set;

/**
 * Who a request acts as: a tenant and what it may do there.
 *
 * @param tenant the only tenant whose data the request may see or change
 * @param scopes what the request may do; see {@link Scope#grants}
 * @param name   the token's name, for logs and the audit of who changed what (never the token itself)
 */
public record Principal(String tenant, Set<Scope> scopes, String name) {

    public Principal {
        TenantId.require(tenant);
        scopes = Set.copyOf(scopes);
    }

    public static Principal of(String tenant, Scope scope, String name) {
        return new Principal(tenant, Set.of(scope), name);
    }

    /** Every request when no token is configured: the default tenant, with every scope (loopback use). */
    public static Principal unauthenticated() {
        return new Principal(TenantId.DEFAULT, EnumSet.allOf(Scope.class), "anonymous");
    }

    public boolean may(Scope required) {
        for (Scope s : scopes) {
            if (s.grants(required)) {
                return true;
            }
        }
        return false;
    }
}
