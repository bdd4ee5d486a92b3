package dev.sightline.alerting.rule;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sightline.alerting.config.ConfigException;
import dev.sightline.alerting.config.ConfigProblem;
import dev.sightline.query.Params;
import dev.sightline.query.errors.ApiError;
import dev.sightline.query.errors.BadParameterException;
import dev.sightline.query.metrics.LabelMatcher;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

@Path("/api/rules")
@Produces(MediaType.APPLICATION_JSON)
public class RuleResource {
    static final String YAML = "application/yaml";
    /** Series returned by the evaluate preview; enough to write a rule, not a query API. */
    static final int MAX_PREVIEW_SERIES = 1000;

    private final RuleRegistry registry;
    private final RuleConditions conditions;
    private final Clock clock;

    public RuleResource(RuleRegistry registry, RuleConditions conditions, Clock clock) {
        this.registry = registry;
        this.conditions = conditions;
        this.clock = clock;
    }

    @GET
    @Operation(summary = "List alert rules",
            description = "Every active rule: the rule file's, then those added through the API, in the rule file's "
                    + "field names, with origin (file:line) and source (file or api).")
    public ObjectNode list() {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        ArrayNode rules = body.putArray("rules");
        Set<String> inFile = registry.fileNames();
        registry.active().forEach(r -> rules.add(RuleJson.rule(r, inFile.contains(r.name()) ? "file" : "api")));
        return body;
    }

    @GET
    @Path("/config")
    @Operation(summary = "Rule file status",
            description = "The configured rule file, how many rules are active, and the problem that made the last "
                    + "change of the file be refused (null when it loaded; the previous rules stay active meanwhile).")
    public ObjectNode config() {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        Optional<java.nio.file.Path> file = registry.file();
        if (file.isPresent()) {
            body.put("file", file.get().toString());
        } else {
            body.putNull("file");
        }
        ConfigProblem problem = registry.problem();
        if (problem != null) {
            body.set("problem", RuleJson.problem(problem));
        } else {
            body.putNull("problem");
        }
        body.put("count", registry.active().size());
        return body;
    }

    @GET
    @Path("/evaluate")
    @Operation(summary = "Evaluate a rule expression",
            description = "Evaluates an expression as a rule would at the given time (default now) and returns every "
                    + "series with its value and whether it violates the threshold, plus the evidence query of the "
                    + "violating ones. 400 names the column of a syntax error.")
    public ObjectNode evaluate(
            @Parameter(description = "rule expression, e.g. error_ratio{service=\"checkout\"}[5m] > 5%")
            @QueryParam("expr") String expr,
            @Parameter(description = "golden signals: leave out series with fewer requests in the window; default 1")
            @QueryParam("min_requests") String minRequests,
            @Parameter(description = "RFC 3339 or epoch ms; default now") @QueryParam("time") String time) {
        if (expr == null || expr.isBlank()) {
            throw new BadParameterException("expr", "is required, e.g. error_ratio[5m] > 5%");
        }
        RuleExpression expression;
        try {
            expression = RuleExpression.parse(expr);
        } catch (InvalidExpressionException e) {
            throw new BadParameterException("expr", "invalid expression at column " + e.column() + ": "
                    + e.reason());
        }
        long min = AlertRule.DEFAULT_MIN_REQUESTS;
        if (minRequests != null && !minRequests.isBlank()) {
            try {
                min = Long.parseLong(minRequests.trim());
            } catch (NumberFormatException e) {
                min = -1;
            }
            if (min < 0) {
                throw new BadParameterException("min_requests", "must be a whole number of 0 or more");
            }
        }
        Long nanos = Params.epochNanos("time", time);
        Instant at = nanos == null ? clock.instant() : Instant.ofEpochSecond(0, nanos);
        List<SeriesValue> series;
        try {
            series = conditions.evaluate(expression, min, at);
        } catch (LabelMatcher.TooExpensiveException e) {
            throw new BadParameterException("expr", e.getMessage());
        } catch (BadParameterException e) {
            // The metric engine names its own parameters (window, q); here they are all parts of the expression.
            throw new BadParameterException("expr", e.getMessage());
        }
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("expr", expression.text());
        body.put("time", at.toString());
        body.put("violating", series.stream().filter(SeriesValue::violating).count());
        body.put("truncated", series.size() > MAX_PREVIEW_SERIES);
        ArrayNode out = body.putArray("series");
        // Violating series first: they are what the user is looking for.
        series.stream().sorted((a, b) -> Boolean.compare(b.violating(), a.violating()))
                .limit(MAX_PREVIEW_SERIES).forEach(s -> out.add(RuleJson.series(s)));
        return body;
    }

    @GET
    @Path("/{name}")
    @Operation(summary = "Get an alert rule", description = "One active rule by name; 404 when there is none.")
    public Response get(@Parameter(description = "the rule's alert name") @PathParam("name") String name) {
        return registry.find(name)
                .map(r -> Response.ok(RuleJson.rule(r, source(name))).build())
                .orElseGet(() -> notFound(name));
    }

    @PUT
    @Path("/{name}")
    @Consumes({MediaType.APPLICATION_JSON, YAML, "application/x-yaml", "text/yaml", MediaType.TEXT_PLAIN})
    @Operation(summary = "Add or replace an alert rule",
            description = "One rule in the rule file's item shape (alert, expr, for, keep_firing_for, min_requests, "
                    + "labels, annotations, runbook), as YAML or JSON; alert must equal the name in the path. "
                    + "Checked like the rule file: 400 with {\"error\": \"api:<name>:<line>: <reason>\"}; 409 when "
                    + "the rule file defines the name. Stored, and evaluated from the next round.")
    public Response put(@Parameter(description = "the rule's alert name") @PathParam("name") String name,
                        String body) {
        if (registry.isInFile(name)) {
            return conflict(name);
        }
        try {
            AlertRule rule = registry.put(name, body == null ? "" : body);
            return Response.ok(RuleJson.rule(rule, "api")).build();
        } catch (ConfigException e) {
            return Response.status(400).type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(new ApiError(e.getMessage(), null)).build();
        }
    }

    @DELETE
    @Path("/{name}")
    @Operation(summary = "Delete an alert rule",
            description = "Removes a rule added through the API (204); 409 for a rule of the rule file, 404 when "
                    + "there is none.")
    public Response delete(@Parameter(description = "the rule's alert name") @PathParam("name") String name) {
        if (registry.delete(name)) {
            return Response.noContent().build();
        }
        return registry.isInFile(name) ? conflict(name) : notFound(name);
    }

    private String source(String name) {
        return registry.isInFile(name) ? "file" : "api";
    }

    private Response conflict(String name) {
        return Response.status(409).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ApiError("rule '" + name + "' is defined in "
                        + registry.file().map(java.nio.file.Path::toString).orElse("the rule file")
                        + "; change it there", null)).build();
    }

    private static Response notFound(String name) {
        return Response.status(404).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ApiError("no rule named '" + name + "'", null)).build();
    }
}
