package dev.sightline.query.signals;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

import java.time.Clock;

@Path("/api/service-graph")
@Produces(MediaType.APPLICATION_JSON)
public class ServiceGraphResource {
    private final ServiceGraph graph;
    private final Clock clock;

    public ServiceGraphResource(ServiceGraph graph, Clock clock) {
        this.graph = graph;
        this.clock = clock;
    }

    @GET
    @Operation(summary = "Service dependency graph",
            description = "Caller → callee edges with calls, error ratio and latency percentiles over the range "
                    + "(default: the last hour), including peers that send nothing themselves (databases, external "
                    + "APIs) as virtual nodes.")
    public ServiceGraph.Graph serviceGraph(
            @Parameter(description = "RFC 3339 or epoch ms; default end - 1h") @QueryParam("start") String start,
            @Parameter(description = "RFC 3339 or epoch ms; default now") @QueryParam("end") String end) {
        return graph.graph(SignalsResource.range(clock, start, end));
    }
}
