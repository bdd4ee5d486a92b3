package dev.sightline.query.traces;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sightline.query.Params;
import dev.sightline.query.errors.ApiError;
import dev.sightline.query.json.ModelJson;
import dev.sightline.store.model.LogRecord;
import dev.sightline.store.model.Scoped;
import dev.sightline.store.model.Span;
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

import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

@Path("/api/traces")
@Produces(MediaType.APPLICATION_JSON)
public class TraceResource {

    private final TraceReader traces;
    private final LogReader logs;

    public TraceResource(TraceReader traces, LogReader logs) {
        this.traces = traces;
        this.logs = logs;
    }

    /** The trace with every span, its resource and scope; 404 when no span of it is stored. */
    @GET
    @Path("/{traceId}")
    public Response trace(@PathParam("traceId") String traceIdHex) {
        TraceId id = Params.traceId("traceId", traceIdHex);
        Optional<Trace> trace = traces.findTrace(id);
        if (trace.isEmpty() || trace.get().spans().isEmpty()) {
            return Response.status(404).entity(new ApiError("no trace " + id.toHex(), null)).build();
        }
        List<Scoped<Span>> spans = trace.get().spans();
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("traceId", id.toHex());
        long start = Long.MAX_VALUE;
        long end = Long.MIN_VALUE;
        TreeSet<String> services = new TreeSet<>();
        ArrayNode spanArray = JsonNodeFactory.instance.arrayNode();
        for (Scoped<Span> s : spans) {
            start = Math.min(start, s.item().startEpochNanos());
            end = Math.max(end, s.item().endEpochNanos());
            services.add(s.resource().serviceName());
            spanArray.add(ModelJson.span(s));
        }
        body.put("startTimeUnixNano", Long.toString(start));
        body.put("endTimeUnixNano", Long.toString(end));
        body.put("durationNanos", Long.toString(end - start));
        body.put("spanCount", spans.size());
        ArrayNode serviceArray = body.putArray("services");
        services.forEach(serviceArray::add);
        body.set("spans", spanArray);
        return Response.ok(body).build();
    }

    /** Every log record of the trace, oldest first; an empty list when there are none. */
    @GET
    @Path("/{traceId}/logs")
    public ObjectNode logs(@PathParam("traceId") String traceIdHex) {
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
