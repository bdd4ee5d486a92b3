package dev.sightline.ui.alerts;

import dev.sightline.ui.web.CrossSiteGuard;
import dev.sightline.alerting.silence.SilenceStore;
import dev.sightline.ui.web.PageException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.net.URI;
import java.util.UUID;
import java.util.regex.Pattern;

/** Ending a silence from an alert's page (as {@code DELETE /api/silences/{id}} does), then back to that page. */
@Path("/silences")
@Produces(MediaType.TEXT_HTML)
public class SilencesPage {
    /** Only an alert fingerprint goes into the redirect: a free-form "back" URL would be an open redirect. */
    private static final Pattern FINGERPRINT = Pattern.compile("[0-9a-f]{16}");

    private final SilenceStore silences;

    public SilencesPage(SilenceStore silences) {
        this.silences = silences;
    }

    @POST
    @Path("{id}/expire")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(hidden = true)
    public Response expire(@PathParam("id") String id, @FormParam("alert") String alert,
                           @HeaderParam("Sec-Fetch-Site") String fetchSite, @HeaderParam("Origin") String origin,
                           @HeaderParam("Host") String host) {
        CrossSiteGuard.check(fetchSite, origin, host);
        UUID uuid;
        try {
            uuid = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw PageException.badParameter("id", "“" + id + "” is not a silence ID (a UUID)");
        }
        if (silences.expire(uuid).isEmpty()) {
            throw PageException.notFound("No silence " + id + ". Expired silences are kept 5 days.");
        }
        String back = alert != null && FINGERPRINT.matcher(alert).matches() ? "/alerts/" + alert : "/alerts";
        return Response.seeOther(URI.create(back)).build();
    }
}
