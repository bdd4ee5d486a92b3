package dev.sightline.server.auth;

import dev.sightline.alerting.config.YamlNode;
import dev.sightline.query.errors.ApiError;
import dev.sightline.security.Authenticator;
import dev.sightline.security.Principal;
import dev.sightline.security.Scope;
import dev.sightline.security.TokenRecord;
import dev.sightline.server.alerting.AlertingTenants;
import dev.sightline.server.store.StoreLifecycle;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The admin API for tokens: an admin token manages its own tenant's tokens. A new token is shown once, in the
 * answer that creates it; afterwards only its hash exists.
 */
@Path("/api/admin/tokens")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Admin")
public class TokenResource {

    /** A token as listed: never the secret, not even the hash. */
    public record TokenView(String id, String name, String tenant, String scope, Instant created, Instant expires,
                            String source) {
        static TokenView of(TokenRecord r) {
            return new TokenView(r.id(), r.name(), r.tenant(), r.scope().label(), r.created(), r.expires(), r.source());
        }
    }

    /** A token just made, with the secret. */
    public record IssuedView(String id, String name, String tenant, String scope, Instant created, Instant expires,
                             String token) {
        static IssuedView of(ManagedTokens.Issued i) {
            TokenRecord r = i.record();
            return new IssuedView(r.id(), r.name(), r.tenant(), r.scope().label(), r.created(), r.expires(), i.token());
        }
    }

    /** What to create; {@code tenant} may name another tenant only before any token exists (bootstrap). */
    public record NewToken(String name, String scope, String tenant, String expiresIn) {
    }

    private final ManagedTokens tokens;
    private final CurrentPrincipal principal;
    private final StoreLifecycle stores;
    private final AlertingTenants alerting;
    private final Authenticator authenticator;

    public TokenResource(ManagedTokens tokens, CurrentPrincipal principal, StoreLifecycle stores,
                         AlertingTenants alerting, Authenticator authenticator) {
        this.authenticator = authenticator;
        this.tokens = tokens;
        this.principal = principal;
        this.stores = stores;
        this.alerting = alerting;
    }

    @GET
    @Operation(summary = "The tenant's tokens made through this API (never their secrets)")
    public List<TokenView> list() {
        return tokens.list(principal.tenant()).stream().map(TokenView::of).toList();
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a token; the answer is the only time its secret is shown")
    public Response create(NewToken body) {
        if (body == null) {
            return bad("a JSON body with name and scope is required", null);
        }
        Principal caller = principal.get();
        String tenant = body.tenant() == null ? caller.tenant() : body.tenant();
        // Another tenant only while no token exists at all (bootstrap). Not by the caller's name: a token file may
        // name a token "anonymous" too.
        if (!tenant.equals(caller.tenant()) && authenticator.enabled()) {
            return Response.status(403).type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(new ApiError("an admin token manages its own tenant's tokens only", "tenant")).build();
        }
        Scope scope;
        try {
            scope = Scope.parse(body.scope());
        } catch (IllegalArgumentException e) {
            return bad(e.getMessage(), "scope");
        }
        Optional<Duration> expiresIn;
        try {
            expiresIn = parseDuration(body.expiresIn());
        } catch (IllegalArgumentException e) {
            return bad(e.getMessage(), "expiresIn");
        }
        try {
            ManagedTokens.Issued issued = tokens.create(tenant, body.name(), scope, expiresIn.orElse(null));
            // A new tenant's store and alerting start now, so its first export and its rules need not wait.
            stores.prepare(tenant);
            alerting.of(tenant);
            return Response.status(201).entity(IssuedView.of(issued)).build();
        } catch (IllegalArgumentException e) {
            return bad(e.getMessage(), e.getMessage().startsWith("invalid tenant") ? "tenant" : "name");
        }
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Revoke a token at once")
    public Response revoke(@PathParam("id") String id) {
        return tokens.revoke(principal.tenant(), id) ? Response.noContent().build() : notFound(id);
    }

    @POST
    @Path("/{id}/rotate")
    @Operation(summary = "Replace a token by a new one; the old one keeps working for 'grace' (default: none)")
    public Response rotate(@PathParam("id") String id, @QueryParam("grace") String grace) {
        Duration g;
        try {
            g = parseDuration(grace).orElse(Duration.ZERO);
        } catch (IllegalArgumentException e) {
            return bad(e.getMessage(), "grace");
        }
        return tokens.rotate(principal.tenant(), id, g)
                .map(i -> Response.status(201).entity(IssuedView.of(i)).build())
                .orElseGet(() -> notFound(id));
    }

    private static Optional<Duration> parseDuration(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        Duration d = YamlNode.parseDuration(text.trim());
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("expected a positive duration such as 30m, 12h or 90d");
        }
        return Optional.of(d);
    }

    private static Response bad(String message, String parameter) {
        return Response.status(400).type(MediaType.APPLICATION_JSON_TYPE).entity(new ApiError(message, parameter))
                .build();
    }

    private static Response notFound(String id) {
        return Response.status(404).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ApiError("no token '" + id + "' in this tenant", "id")).build();
    }
}
