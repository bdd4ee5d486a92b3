package dev.sightline.query.search;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sightline.query.Params;
import dev.sightline.query.errors.BadParameterException;
import dev.sightline.query.filter.FilterExpressions;
import dev.sightline.store.query.Page;
import dev.sightline.store.query.TimeRange;
import dev.sightline.store.query.TraceHit;
import dev.sightline.store.query.TraceQuery;
import dev.sightline.store.read.TraceSearcher;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

import java.time.Clock;

@Path("/api/traces")
@Produces(MediaType.APPLICATION_JSON)
public class TraceSearchResource {
    static final int DEFAULT_LIMIT = 20;
    static final int MAX_LIMIT = 1000;

    private final TraceSearcher searcher;
    private final Clock clock;

    public TraceSearchResource(TraceSearcher searcher, Clock clock) {
        this.searcher = searcher;
        this.clock = clock;
    }

    @GET
    @Operation(summary = "Search traces",
            description = "Traces with a span that started in the range and matches every given criterion at once "
                    + "(service, operation, attribute filter, duration, error). Most recently stored first; "
                    + "follow nextCursor for more. complete=false means the scan budget ran out first.")
    public ObjectNode search(
            @Parameter(description = "RFC 3339 or epoch ms; with end absent too: all retained data")
            @QueryParam("start") String start,
            @Parameter(description = "RFC 3339 or epoch ms; default now") @QueryParam("end") String end,
            @Parameter(description = "service.name of the matching span") @QueryParam("service") String service,
            @Parameter(description = "span name") @QueryParam("operation") String operation,
            @Parameter(description = "attribute filter, e.g. http.route=/cart and (tenant=acme or error)")
            @QueryParam("filter") String filter,
            @Parameter(description = "e.g. 250ms, 1.5s; a bare number is milliseconds")
            @QueryParam("minDuration") String minDuration,
            @Parameter(description = "e.g. 2s") @QueryParam("maxDuration") String maxDuration,
            @Parameter(description = "true: only spans that failed (status ERROR, or HTTP 5xx on a SERVER span)")
            @QueryParam("error") String error,
            @Parameter(description = "hits per page, 1–1000, default 20") @QueryParam("limit") String limit,
            @Parameter(description = "nextCursor of the previous page") @QueryParam("cursor") String cursor) {
        TimeRange range = SearchParams.range(start, end, clock);
        Long min = SearchParams.durationNanos("minDuration", minDuration);
        Long max = SearchParams.durationNanos("maxDuration", maxDuration);
        if (min != null && max != null && max < min) {
            throw new BadParameterException("maxDuration", "must not be less than minDuration");
        }
        TraceQuery query = new TraceQuery(range, SearchParams.blankToNull(service),
                SearchParams.blankToNull(operation), FilterExpressions.parse("filter", filter), min, max,
                SearchParams.bool("error", error), Params.limit("limit", limit, DEFAULT_LIMIT, MAX_LIMIT),
                SearchParams.blankToNull(cursor));
        Page<TraceHit> page;
        try {
            page = searcher.searchTraces(query);
        } catch (IllegalArgumentException e) {
            throw new BadParameterException("cursor", "is not a cursor this search returned");
        }
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        ArrayNode traces = body.putArray("traces");
        page.items().forEach(h -> traces.add(SearchJson.hit(h)));
        SearchJson.paging(body, page);
        return body;
    }
}
