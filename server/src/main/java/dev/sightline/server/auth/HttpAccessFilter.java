package dev.sightline.server.auth;

import dev.sightline.security.AccessDecision;
import dev.sightline.security.Authenticator;
import dev.sightline.security.Scope;
import io.netty.handler.codec.http.QueryStringEncoder;
import io.vertx.core.Handler;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import dev.sightline.ui.login.LoginPage;

import java.util.Set;

/**
 * Deny by default on the API port: every route (the query API, the Jaeger API, the UI, /q/metrics, the OpenAPI
 * document, routes that do not exist) needs a token, except health probes, the sign-in page and the UI's static
 * files, which carry no data. Reads need a read token, any write an admin token; the decision, with the tenant,
 * is left on the request for {@link CurrentPrincipal}.
 *
 * <p>The token comes from {@code Authorization: Bearer} (API clients, Grafana) or from the sign-in cookie (the
 * UI). The cookie is HttpOnly and SameSite=Strict, so scripts cannot read it and other sites cannot ride on it.
 */
@Singleton
public class HttpAccessFilter implements Handler<RoutingContext> {
    /** Before Quarkus' own routes (REST, static resources, /q/*). */
    private static final int ORDER = -10_000;
    private static final Set<HttpMethod> READS = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);

    private final Authenticator authenticator;

    public HttpAccessFilter(Authenticator authenticator) {
        this.authenticator = authenticator;
    }

    void register(@Observes Router router) {
        router.route().order(ORDER).handler(this);
    }

    @Override
    public void handle(RoutingContext rc) {
        String path = rc.normalizedPath();
        if (isPublic(path)) {
            rc.next();
            return;
        }
        Scope required = requiredScope(rc.request().method(), path);
        AccessDecision decision = authenticator.decide(token(rc), required);
        if (decision.allowed()) {
            rc.put(CurrentPrincipal.KEY, decision.principal());
            rc.next();
            return;
        }
        refuse(rc, decision, path);
    }

    /** Probes, the sign-in page and static files: nothing of any tenant's data. */
    static boolean isPublic(String path) {
        return path.equals("/q/health") || path.startsWith("/q/health/")
                || path.equals("/login") || path.equals("/logout")
                || path.startsWith("/ui/");
    }

    static Scope requiredScope(HttpMethod method, String path) {
        if (path.equals("/api/admin") || path.startsWith("/api/admin/")) {
            return Scope.ADMIN;
        }
        return READS.contains(method) ? Scope.READ : Scope.ADMIN;
    }

    static String token(RoutingContext rc) {
        String bearer = Authenticator.bearer(rc.request().getHeader(HttpHeaders.AUTHORIZATION));
        if (bearer != null) {
            return bearer;
        }
        Cookie cookie = rc.request().getCookie(LoginPage.COOKIE);
        return cookie == null ? null : cookie.getValue();
    }

    private static void refuse(RoutingContext rc, AccessDecision decision, String path) {
        boolean forbidden = decision.outcome() == AccessDecision.Outcome.FORBIDDEN;
        var response = rc.response().setStatusCode(forbidden ? 403 : 401)
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        if (!forbidden) {
            response.putHeader("WWW-Authenticate", "Bearer realm=\"sightline\"");
        }
        if (wantsHtml(rc) && !forbidden) {
            // A person in a browser: send them to sign in, then back here.
            QueryStringEncoder login = new QueryStringEncoder("/login");
            login.addParam("next", rc.request().uri());
            // Percent-encoding leaves no character that HTML would interpret, so the link needs no escaping.
            String href = login.toString();
            response.putHeader(HttpHeaders.CONTENT_TYPE, "text/html; charset=utf-8")
                    .putHeader("Content-Security-Policy", "default-src 'none'; style-src 'self'")
                    .end("<!doctype html><html><head><meta charset=\"utf-8\">"
                            + "<meta http-equiv=\"refresh\" content=\"0;url=" + href + "\">"
                            + "<title>Sign in · Sightline</title></head><body>"
                            + "<p>Sightline needs a token. <a href=\"" + href + "\">Sign in</a>.</p></body></html>");
            return;
        }
        response.putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end(new io.vertx.core.json.JsonObject().put("error", decision.message()).encode());
    }

    private static boolean wantsHtml(RoutingContext rc) {
        String accept = rc.request().getHeader(HttpHeaders.ACCEPT);
        return rc.request().method() == HttpMethod.GET && accept != null && accept.contains("text/html");
    }
}
