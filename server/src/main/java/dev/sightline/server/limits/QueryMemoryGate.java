package dev.sightline.server.limits;

import dev.sightline.collector.ingest.CollectorConfig;
import dev.sightline.collector.limits.MemoryGuard;
import dev.sightline.query.errors.ApiError;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Over the memory guard's hard limit, query API requests (native and Jaeger) are refused with 503 and
 * {@code Retry-After} before they start: a wide search or a long metric range is what would push a heap that is
 * already nearly full into an out-of-memory error. Health, metrics and the UI's static assets stay served, so an
 * operator can still see what is going on.
 */
public class QueryMemoryGate {

    private final MemoryGuard memory;
    private final long retryAfterSeconds;

    public QueryMemoryGate(MemoryGuard memory, CollectorConfig config) {
        this.memory = memory;
        this.retryAfterSeconds = Math.max(1, config.retryAfterSeconds());
    }

    @ServerRequestFilter(preMatching = true)
    public Response refuseQueriesWhenShortOfMemory(ContainerRequestContext request) {
        if (!memory.refusesQueries()) {
            return null;
        }
        String path = request.getUriInfo().getPath();
        if (!path.startsWith("/api/") && !path.startsWith("/jaeger/api/")) {
            return null;
        }
        return Response.status(503).type(MediaType.APPLICATION_JSON_TYPE)
                .header("Retry-After", retryAfterSeconds)
                .entity(new ApiError("the server is short of memory; retry later", null)).build();
    }
}
