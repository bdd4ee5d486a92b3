package dev.sightline.query.logs;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sightline.query.search.LogSearchParams;
import dev.sightline.query.search.SearchJson;
import dev.sightline.query.json.ModelJson;
import dev.sightline.query.errors.BadParameterException;
import dev.sightline.store.model.LogRecord;
import dev.sightline.store.model.Scoped;
import dev.sightline.store.query.LogQuery;
import dev.sightline.store.query.Page;
import dev.sightline.store.read.LogSearcher;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

import java.time.Clock;

@Path("/api/logs")
@Produces(MediaType.APPLICATION_JSON)
public class LogResource {

    private final LogSearcher logs;
    private final Clock clock;

    public LogResource(LogSearcher logs, Clock clock) {
        this.logs = logs;
        this.clock = clock;
    }

    @GET
    @Operation(summary = "Search logs",
            description = "Log records matching every given criterion, newest first. Pages go by stored batch "
                    + "(follow nextCursor); complete=false means the scan budget ran out first.")
    public ObjectNode search(
            @Parameter(description = "RFC 3339 or epoch ms; with end absent too: all retained data")
            @QueryParam("start") String start,
            @Parameter(description = "RFC 3339 or epoch ms; default now") @QueryParam("end") String end,
            @Parameter(description = "service.name") @QueryParam("service") String service,
            @Parameter(description = "lowest severity: 1–24 or TRACE, DEBUG, INFO, WARN, ERROR, FATAL")
            @QueryParam("minSeverity") String minSeverity,
            @Parameter(description = "text the body contains (case-insensitive)") @QueryParam("text") String text,
            @Parameter(description = "attribute filter, e.g. user.id=42 and !retry")
            @QueryParam("filter") String filter,
            @Parameter(description = "32 hex characters") @QueryParam("traceId") String traceId,
            @Parameter(description = "16 hex characters") @QueryParam("spanId") String spanId,
            @Parameter(description = "records per page, 1–1000, default 100") @QueryParam("limit") String limit,
            @Parameter(description = "nextCursor of the previous page") @QueryParam("cursor") String cursor) {
        LogQuery query = LogSearchParams.query(start, end, service, minSeverity, text, filter, traceId, spanId,
                limit, cursor, clock);
        Page<Scoped<LogRecord>> page;
        try {
            page = logs.searchLogs(query);
        } catch (IllegalArgumentException e) {
            throw new BadParameterException("cursor", "is not a cursor this search returned");
        }
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        ArrayNode array = body.putArray("logs");
        page.items().forEach(r -> array.add(ModelJson.log(r)));
        SearchJson.paging(body, page);
        return body;
    }
}
