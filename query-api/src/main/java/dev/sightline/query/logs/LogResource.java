package dev.sightline.query.logs;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sightline.query.errors.BadParameterException;
import dev.sightline.query.json.ModelJson;
import dev.sightline.store.model.LogRecord;
import dev.sightline.store.model.Scoped;
import dev.sightline.store.read.LogReader;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

@Path("/api/logs")
@Produces(MediaType.APPLICATION_JSON)
public class LogResource {

    static final int MAX_LIMIT = 1000;
    /** How many stored batches one request may read: keeps this endpoint cheap whatever the service. */
    static final int MAX_BATCHES_SCANNED = 2000;

    private final LogReader logs;

    public LogResource(LogReader logs) {
        this.logs = logs;
    }

    /** The newest log records, optionally of one service, newest first. */
    @GET
    public ObjectNode recent(@QueryParam("service") String service,
                             @QueryParam("limit") @DefaultValue("100") String limitParam) {
        int limit;
        try {
            limit = Integer.parseInt(limitParam.trim());
        } catch (NumberFormatException e) {
            throw new BadParameterException("limit", "must be a whole number from 1 to " + MAX_LIMIT);
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new BadParameterException("limit", "must be a whole number from 1 to " + MAX_LIMIT);
        }
        String serviceName = service == null || service.isBlank() ? null : service;
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        ArrayNode array = body.putArray("logs");
        for (Scoped<LogRecord> r : logs.recentLogs(serviceName, limit, MAX_BATCHES_SCANNED)) {
            array.add(ModelJson.log(r));
        }
        return body;
    }
}
