package dev.sightline.query.search;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sightline.query.errors.BadParameterException;
import dev.sightline.query.json.ModelJson;
import dev.sightline.store.query.Correlation;
import dev.sightline.store.read.CorrelationReader;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

@Path("/api/correlations")
@Produces(MediaType.APPLICATION_JSON)
public class CorrelationResource {
    static final int MAX_ID_LENGTH = 512;

    private final CorrelationReader correlations;

    public CorrelationResource(CorrelationReader correlations) {
        this.correlations = correlations;
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "Everything one correlation ID reaches",
            description = "Every trace with a span that carries the ID under one of the correlation keys, and every "
                    + "log record that carries it or belongs to one of those traces, oldest first.")
    public ObjectNode correlate(@PathParam("id") String id) {
        if (id == null || id.isBlank() || id.length() > MAX_ID_LENGTH) {
            throw new BadParameterException("id", "must be 1 to " + MAX_ID_LENGTH + " characters");
        }
        Correlation c = correlations.correlate(id);
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("id", c.id());
        ArrayNode keys = body.putArray("keys");
        correlations.correlationKeys().forEach(keys::add);
        ArrayNode traces = body.putArray("traces");
        c.traces().forEach(h -> traces.add(SearchJson.hit(h)));
        ArrayNode logs = body.putArray("logs");
        c.logs().forEach(l -> logs.add(ModelJson.log(l)));
        body.put("complete", c.complete());
        return body;
    }
}
