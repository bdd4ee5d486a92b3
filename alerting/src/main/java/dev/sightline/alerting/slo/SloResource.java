package dev.sightline.alerting.slo;

import dev.sightline.alerting.config.ConfigException;
import dev.sightline.query.errors.ApiError;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

@Path("/api/slos")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "SLOs", description = "Service level objectives, error budgets and burn rates")
public class SloResource {
    private final SloRegistry registry;
    private final SloTracker tracker;
    private final SloSuggestions suggestions;
    private final Clock clock;

    public SloResource(SloRegistry registry, SloTracker tracker, SloSuggestions suggestions, Clock clock) {
        this.registry = registry;
        this.tracker = tracker;
        this.suggestions = suggestions;
        this.clock = clock;
    }

    @GET
    @Operation(summary = "Every SLO with its error budget",
            description = "Active SLOs (file and API) with total and good events over the window, SLI, error "
                    + "budget, consumed, remaining, burn rates (5m to 3d) and time to exhaustion, as of the last "
                    + "evaluation round; without history. See docs/api.md.")
    public SloJson.StatusList list() {
        List<SloJson.Status> out = new ArrayList<>();
        for (SloDefinition d : registry.active()) {
            out.add(status(d, false));
        }
        Instant updated = tracker.updatedAt();
        return new SloJson.StatusList(updated == null ? null : updated.toEpochMilli(), out);
    }

    @GET
    @Path("/suggestions")
    @Operation(summary = "Proposed SLOs for services without one",
            description = "An availability and a latency SLO per service with requests in the last 24 h, each "
                    + "with the YAML to PUT to /api/slos/{name} to accept it.")
    public SloJson.Suggestions suggestions() {
        List<SloJson.Suggestion> out = new ArrayList<>();
        for (SloSuggestion s : suggestions.suggest(registry.active(), clock.instant())) {
            out.add(new SloJson.Suggestion(SloJson.Slo.of(s.slo(), "suggestion"), s.yaml(), s.basis()));
        }
        return new SloJson.Suggestions(out);
    }

    @GET
    @Path("/config")
    @Operation(summary = "The SLO file and its last problem",
            description = "The configured file (null when none), why it was last refused (null when it loaded; "
                    + "the previous valid SLOs stay active meanwhile) and how many SLOs are active.")
    public SloJson.Config config() {
        return new SloJson.Config(registry.file().map(java.nio.file.Path::toString).orElse(null),
                SloJson.Problem.of(registry.problem()), registry.active().size());
    }

    @GET
    @Path("/{name}")
    @Operation(summary = "One SLO with its error budget and burn-down history",
            description = "As in the list, plus history: one point per hour of the window with the budget "
                    + "remaining at its end and that hour's SLI.")
    @APIResponse(responseCode = "200", description = "The SLO")
    @APIResponse(responseCode = "404", description = "No active SLO has this name")
    public Response get(@Parameter(description = "SLO name") @PathParam("name") String name) {
        Optional<SloDefinition> d = registry.find(name);
        if (d.isEmpty()) {
            return notFound(name);
        }
        return Response.ok(status(d.get(), true)).build();
    }

    @PUT
    @Path("/{name}")
    @Consumes({MediaType.APPLICATION_JSON, "application/yaml", "application/x-yaml", "text/yaml",
            MediaType.TEXT_PLAIN})
    @Operation(summary = "Add or replace an SLO through the API",
            description = "The body is one SLO in the shape of an item of the SLO file's list, as YAML or JSON "
                    + "(field names as in the file: name, service, operation, sli, objective, threshold, window, "
                    + "min_events, labels, description, alerting). Checked like the file; stored in the alerting "
                    + "database; tracked from the next evaluation round.")
    @APIResponse(responseCode = "200", description = "Stored; the SLO as read")
    @APIResponse(responseCode = "400", description = "Invalid: {\"error\": \"api:<name>:<line>: <reason>\"}")
    @APIResponse(responseCode = "409", description = "The SLO file defines this name; change it there")
    public Response put(@Parameter(description = "SLO name; must equal the body's name") @PathParam("name")
                        String name, String body) {
        if (registry.origin(name).filter("file"::equals).isPresent()) {
            return conflict(name);
        }
        try {
            SloDefinition d = registry.put(name, body == null ? "" : body);
            return Response.ok(SloJson.Slo.of(d, "api")).build();
        } catch (ConfigException e) {
            return Response.status(400).type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(new ApiError(e.getMessage(), null)).build();
        }
    }

    @DELETE
    @Path("/{name}")
    @Operation(summary = "Remove an SLO added through the API")
    @APIResponse(responseCode = "204", description = "Removed")
    @APIResponse(responseCode = "404", description = "No SLO of this name was added through the API")
    @APIResponse(responseCode = "409", description = "The SLO file defines this name; remove it there")
    public Response delete(@Parameter(description = "SLO name") @PathParam("name") String name) {
        if (registry.isFromApi(name) && registry.delete(name)) {
            return Response.noContent().build();
        }
        if (registry.origin(name).filter("file"::equals).isPresent()) {
            return conflict(name);
        }
        return notFound(name);
    }

    private SloJson.Status status(SloDefinition d, boolean withHistory) {
        String origin = registry.origin(d.name()).orElse("api");
        SloStatus s = tracker.status(d.name()).filter(st -> st.slo().equals(d)).orElse(null);
        return SloJson.Status.of(d, origin, s, withHistory);
    }

    private static Response notFound(String name) {
        return Response.status(404).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ApiError("no SLO named '" + name + "'", null)).build();
    }

    private Response conflict(String name) {
        return Response.status(409).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ApiError("SLO '" + name + "' is defined in "
                        + registry.file().map(java.nio.file.Path::toString).orElse("the SLO file") + "; change it there", null))
                .build();
    }
}
