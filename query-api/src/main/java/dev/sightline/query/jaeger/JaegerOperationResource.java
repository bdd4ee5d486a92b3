package dev.sightline.query.jaeger;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sightline.query.errors.BadParameterException;
import dev.sightline.store.StoreOverloadedException;
import dev.sightline.store.model.SpanKind;
import dev.sightline.store.read.RollupReader;
import dev.sightline.store.rollup.OperationInfo;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** A service's operations with their span kinds, as Jaeger's {@code /api/operations} lists them. */
@Path("/jaeger/api/operations")
@Produces(MediaType.APPLICATION_JSON)
public class JaegerOperationResource {

    private final RollupReader rollups;

    public JaegerOperationResource(RollupReader rollups) {
        this.rollups = rollups;
    }

    /** One entry per (name, kind); {@code spanKind} "" when the sender left it unspecified. */
    @GET
    @Operation(summary = "Operations of a service with their span kinds (Jaeger)",
            description = "service is required; spanKind (server, client, producer, consumer, internal) filters")
    public ObjectNode operations(@QueryParam("service") String service, @QueryParam("spanKind") String spanKind) {
        String name = JaegerParams.required("service", service);
        SpanKind kind = JaegerParams.spanKind("spanKind", spanKind);
        ArrayNode data = JsonNodeFactory.instance.arrayNode();
        for (OperationInfo op : rollups.operations(name)) {
            if (kind == null || op.kind() == kind) {
                ObjectNode o = data.addObject();
                o.put("name", op.name());
                o.put("spanKind", JaegerJson.spanKind(op.kind()));
            }
        }
        return JaegerJson.envelope(data, data.size());
    }

    @ServerExceptionMapper
    Response badParameter(BadParameterException e) {
        return JaegerErrors.badParameter(e);
    }

    @ServerExceptionMapper
    Response unavailable(StoreOverloadedException e) {
        return JaegerErrors.unavailable(e);
    }
}
