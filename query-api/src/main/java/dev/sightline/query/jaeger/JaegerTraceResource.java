package dev.sightline.query.jaeger;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.sightline.query.Params;
import dev.sightline.store.model.TraceId;
import dev.sightline.store.read.Trace;
import dev.sightline.store.read.TraceReader;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.Optional;

/** A trace by ID in Jaeger's query-service JSON, for Jaeger UI and Grafana's Jaeger data source. */
@Path("/jaeger/api/traces")
@Produces(MediaType.APPLICATION_JSON)
public class JaegerTraceResource {

    private final TraceReader traces;

    public JaegerTraceResource(TraceReader traces) {
        this.traces = traces;
    }

    /** The trace in Jaeger's envelope; 404 when no span of it is stored, 400 when the ID is not one. */
    @GET
    @Path("/{traceID}")
    public Response trace(@PathParam("traceID") String traceIdHex) {
        TraceId id = parseTraceId(traceIdHex);
        if (id == null) {
            return Response.status(400).entity(JaegerJson.error(400,
                    "traceID must be 1 to 32 hex characters, not all zeros")).build();
        }
        Optional<Trace> trace = traces.findTrace(id);
        if (trace.isEmpty() || trace.get().spans().isEmpty()) {
            return Response.status(404).entity(JaegerJson.error(404, "trace not found")).build();
        }
        // Jaeger answers total 0 for a trace by ID; clients read only data.
        return Response.ok(JaegerJson.envelope(
                JsonNodeFactory.instance.arrayNode().add(JaegerJson.trace(trace.get())), 0)).build();
    }

    /** 1 to 32 hex characters, left-padded with zeros as Jaeger does for 64-bit IDs; null when not an ID. */
    static TraceId parseTraceId(String hex) {
        if (hex == null || hex.isEmpty() || hex.length() > 32 || !hex.chars().allMatch(Params::isHex)) {
            return null;
        }
        String padded = "0".repeat(32 - hex.length()) + hex;
        try {
            return TraceId.fromHex(padded);
        } catch (IllegalArgumentException allZeros) {
            return null;
        }
    }

}
