package dev.sightline.server.auth;

import dev.sightline.security.Principal;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Singleton;

/**
 * Who the current HTTP request acts as, as {@link HttpAccessFilter} decided. Fails closed: a request the filter
 * did not see (or code running outside any request) has no tenant, and asking for one is an error rather than a
 * guess.
 */
@Singleton
public class CurrentPrincipal {
    static final String KEY = "sightline.principal";

    private final CurrentVertxRequest request;

    public CurrentPrincipal(CurrentVertxRequest request) {
        this.request = request;
    }

    public Principal get() {
        RoutingContext rc = request.getCurrent();
        Principal p = rc == null ? null : rc.get(KEY);
        if (p == null) {
            throw new IllegalStateException("no authenticated principal for this call");
        }
        return p;
    }

    public String tenant() {
        return get().tenant();
    }
}
