package dev.sightline.query.traces;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sightline.query.Params;
import dev.sightline.query.errors.ApiError;
import dev.sightline.query.json.ModelJson;
import dev.sightline.query.traces.analysis.TraceAnalysis;
import dev.sightline.store.model.LogRecord;
import dev.sightline.store.model.Scoped;
import dev.sightline.store.model.TraceId;
import dev.sightline.store.read.LogReader;
import dev.sightline.store.read.Trace;
import dev.sightline.store.read.TraceReader;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import java.util.Optional;

@Path("/api/traces")
@Produces(MediaType.APPLICATION_JSON)
public class TraceResource {

    private final TraceReader traces;
    private final LogReader logs;

    public TraceResource(TraceReader traces, LogReader logs) {
        this.traces = traces;
        this.logs = logs;
    }

    /**
     * The trace with every span (its resource, scope, self time, critical path and depth), parents before
     * children, and the trace's logs oldest first; 404 when no span of it is stored.
     */
    @GET
    @Path("/{traceId}")
    @Operation(summary = "A trace by ID",
            description = "Every stored span of the trace with its resource and scope, in display order (parents "
                    + "before children, siblings by start time), each with selfTimeNanos, criticalPath, "
                    + "criticalPathNanos and depth; the trace's log records oldest first under logs; warnings "
                    + "about missing parents, clock skew or duplicate span IDs. See docs/api.md.")
    @APIResponse(responseCode = "200", description = "The trace")
    @APIResponse(responseCode = "400", description = "The ID is not 32 hex characters, or is all zeros")
    @APIResponse(responseCode = "404", description = "No span of the trace is stored")
    @APIResponse(responseCode = "503", description = "The store is still replaying its log; retry after Retry-After")
    public Response trace(@Parameter(description = "32 hex characters (a 16-byte W3C trace ID)", example =
            "5b8efff798038103d269b633813fc60c") @PathParam("traceId") String traceIdHex) {
        TraceId id = Params.traceId("traceId", traceIdHex);
        Optional<Trace> trace = traces.findTrace(id);
        if (trace.isEmpty() || trace.get().spans().isEmpty()) {
            return Response.status(404).entity(new ApiError("no trace " + id.toHex(), null)).build();
        }
        TraceAnalysis analysis = TraceAnalysis.of(trace.get().spans());
        return Response.ok(TraceJson.trace(trace.get(), analysis, logs.logsOfTrace(id))).build();
    }

    /** Every log record of the trace, oldest first; an empty list when there are none. */
    @GET
    @Path("/{traceId}/logs")
    @Operation(summary = "The logs of a trace",
            description = "Every stored log record carrying the trace ID, oldest first; an empty list when none.")
    @APIResponse(responseCode = "200", description = "The trace's log records")
    @APIResponse(responseCode = "400", description = "The ID is not 32 hex characters, or is all zeros")
    @APIResponse(responseCode = "503", description = "The store is still replaying its log; retry after Retry-After")
    public ObjectNode logs(@Parameter(description = "32 hex characters (a 16-byte W3C trace ID)")
                           @PathParam("traceId") String traceIdHex) {
        TraceId id = Params.traceId("traceId", traceIdHex);
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("traceId", id.toHex());
        ArrayNode array = body.putArray("logs");
        for (Scoped<LogRecord> r : logs.logsOfTrace(id)) {
            array.add(ModelJson.log(r));
        }
        return body;
    }
}
