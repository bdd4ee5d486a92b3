package dev.sightline.query.jaeger;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sightline.query.errors.BadParameterException;
import dev.sightline.store.StoreOverloadedException;
import dev.sightline.store.model.Signal;
import dev.sightline.store.read.RollupReader;
import dev.sightline.store.read.ServiceCatalog;
import dev.sightline.store.read.ServiceInfo;
import dev.sightline.store.rollup.OperationInfo;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.TreeSet;

/** The services Jaeger clients can search: those seen in traces (a logs-only service has no spans to show). */
@Path("/jaeger/api/services")
@Produces(MediaType.APPLICATION_JSON)
public class JaegerServiceResource {

    private final ServiceCatalog catalog;
    private final RollupReader rollups;

    public JaegerServiceResource(ServiceCatalog catalog, RollupReader rollups) {
        this.catalog = catalog;
        this.rollups = rollups;
    }

    @GET
    @Operation(summary = "Services seen in traces (Jaeger)", description = "Sorted names in Jaeger's envelope")
    public ObjectNode services() {
        TreeSet<String> names = new TreeSet<>();
        for (ServiceInfo s : catalog.services()) {
            if (s.signals().contains(Signal.TRACES)) {
                names.add(s.name());
            }
        }
        ArrayNode data = JsonNodeFactory.instance.arrayNode();
        names.forEach(data::add);
        return JaegerJson.envelope(data, names.size());
    }

    /** The Jaeger UI's older operations call: names only, every span kind, each name once. */
    @GET
    @Path("/{service}/operations")
    @Operation(summary = "Operation names of a service (Jaeger)",
            description = "Span names of every kind, each once, sorted; empty for an unknown service")
    public ObjectNode operations(@PathParam("service") String service) {
        TreeSet<String> names = new TreeSet<>();
        for (OperationInfo op : rollups.operations(service)) {
            names.add(op.name());
        }
        ArrayNode data = JsonNodeFactory.instance.arrayNode();
        names.forEach(data::add);
        return JaegerJson.envelope(data, names.size());
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
