package dev.sightline.query.jaeger;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sightline.store.model.Signal;
import dev.sightline.store.read.ServiceCatalog;
import dev.sightline.store.read.ServiceInfo;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.TreeSet;

/** The services Jaeger clients can search: those seen in traces (a logs-only service has no spans to show). */
@Path("/jaeger/api/services")
@Produces(MediaType.APPLICATION_JSON)
public class JaegerServiceResource {

    private final ServiceCatalog catalog;

    public JaegerServiceResource(ServiceCatalog catalog) {
        this.catalog = catalog;
    }

    /** Service names, sorted, in Jaeger's envelope. */
    @GET
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
}
