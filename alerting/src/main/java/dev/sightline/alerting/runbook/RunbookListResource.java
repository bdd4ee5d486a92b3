package dev.sightline.alerting.runbook;

import dev.sightline.query.errors.ApiError;
import dev.sightline.query.errors.BadParameterException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;
import java.util.Optional;

/** Runbooks for programs: the UI and anything that checks a rule's runbook before saving it. */
@Path("/api/runbooks")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Runbooks")
public class RunbookListResource {

    /** @param url the runbook's page */
    public record RunbookSummary(String name, String title, String origin, String url) {
        static RunbookSummary of(Runbook r) {
            return new RunbookSummary(r.name(), r.title(), r.origin(), "/runbooks/" + r.name());
        }
    }

    /** @param html the rendered body, an HTML fragment */
    public record RunbookDetail(String name, String title, String origin, String markdown, String html) {
    }

    private final RunbookCatalog catalog;

    public RunbookListResource(RunbookCatalog catalog) {
        this.catalog = catalog;
    }

    @GET
    @Operation(summary = "List runbooks",
            description = "Every runbook by name: the built-in ones and those of the configured runbook folder, "
                    + "which replace built-in ones of the same name. origin is \"built-in\" or the folder.")
    public RunbookList list() {
        return new RunbookList(catalog.all().stream().map(RunbookSummary::of).toList());
    }

    /** Wrapped like every other list the API answers, so fields can be added beside it. */
    public record RunbookList(List<RunbookSummary> runbooks) {
    }

    @GET
    @Path("/{name}")
    @Operation(summary = "A runbook", description = "Its Markdown source and its rendering as an HTML fragment.")
    @APIResponse(responseCode = "200", description = "The runbook")
    @APIResponse(responseCode = "400", description = "Not a runbook name")
    @APIResponse(responseCode = "404", description = "No runbook of that name")
    public Response runbook(@Parameter(description = "e.g. high-latency", example = "high-latency")
                            @PathParam("name") String name) {
        if (!Runbook.isValidName(name)) {
            throw new BadParameterException("name", Runbook.NAME_RULE);
        }
        Optional<Runbook> found = catalog.find(name);
        if (found.isEmpty()) {
            return Response.status(404).entity(new ApiError("no runbook " + name, null)).build();
        }
        Runbook r = found.get();
        return Response.ok(new RunbookDetail(r.name(), r.title(), r.origin(), r.markdown(),
                catalog.renderer().fragment(r.markdown()))).build();
    }
}
