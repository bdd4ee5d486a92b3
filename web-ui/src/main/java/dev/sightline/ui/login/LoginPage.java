package dev.sightline.ui.login;

import dev.sightline.security.AccessDecision;
import dev.sightline.security.Authenticator;
import dev.sightline.security.Scope;
import dev.sightline.ui.web.CrossSiteGuard;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.core.Context;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.net.URI;

/**
 * Sign-in for people: the token typed once goes into an HttpOnly, SameSite=Strict cookie that the access filter
 * reads like a bearer header. HttpOnly keeps it from scripts; Strict keeps other sites from sending it; Secure is
 * added when the page was reached over https (directly or through a proxy that says so).
 */
@Path("/")
@Produces(MediaType.TEXT_HTML)
public class LoginPage {
    /** The access filter reads the same name. */
    public static final String COOKIE = "sightline_token";
    private static final int COOKIE_DAYS = 30;

    @CheckedTemplate(basePath = "login")
    static class Templates {
        static native TemplateInstance login(String next, String error);
    }

    private final Authenticator authenticator;

    public LoginPage(Authenticator authenticator) {
        this.authenticator = authenticator;
    }

    @GET
    @Path("login")
    @Operation(hidden = true)
    public TemplateInstance form(@QueryParam("next") String next) {
        return Templates.login(safeNext(next), null);
    }

    @POST
    @Path("login")
    @Operation(hidden = true)
    public Response signIn(@FormParam("token") String token, @FormParam("next") String next,
                           @HeaderParam("Sec-Fetch-Site") String fetchSite, @HeaderParam("Origin") String origin,
                           @HeaderParam("Host") String host, @HeaderParam("X-Forwarded-Proto") String forwardedProto,
                           @Context UriInfo uri) {
        CrossSiteGuard.check(fetchSite, origin, host);
        String target = safeNext(next);
        AccessDecision d = authenticator.decide(token == null ? null : token.strip(), Scope.READ);
        if (!d.allowed()) {
            String error = d.outcome() == AccessDecision.Outcome.FORBIDDEN
                    ? "That token cannot browse Sightline: " + d.message() + "."
                    : "That token is not valid: it is unknown, revoked, expired or mistyped.";
            return Response.status(d.outcome() == AccessDecision.Outcome.FORBIDDEN ? 403 : 401)
                    .entity(Templates.login(target, error)).build();
        }
        boolean https = "https".equalsIgnoreCase(uri.getBaseUri().getScheme())
                || "https".equalsIgnoreCase(forwardedProto == null ? null : forwardedProto.strip());
        return Response.seeOther(URI.create(target))
                .cookie(cookie(token.strip(), COOKIE_DAYS * 86_400, https)).build();
    }

    @POST
    @Path("logout")
    @Operation(hidden = true)
    public Response signOut() {
        return Response.seeOther(URI.create("/login")).cookie(cookie("", 0, false)).build();
    }

    private static NewCookie cookie(String value, int maxAgeSeconds, boolean secure) {
        return new NewCookie.Builder(COOKIE).value(value).path("/").maxAge(maxAgeSeconds).httpOnly(true)
                .secure(secure).sameSite(NewCookie.SameSite.STRICT).build();
    }

    /** Only a path on this site: {@code //evil.example} and {@code https://…} would make sign-in an open redirect. */
    static String safeNext(String next) {
        if (next == null || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")
                || next.startsWith("/login") || next.chars().anyMatch(c -> c < 0x20)) {
            return "/services";
        }
        return next;
    }
}
