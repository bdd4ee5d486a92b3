package dev.sightline.query.services;

import dev.sightline.store.read.ServiceCatalog;
import dev.sightline.store.read.ServiceInfo;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.util.List;

@Path("/api/services")
@Produces(MediaType.APPLICATION_JSON)
public class ServiceResource {

    private final ServiceCatalog catalog;

    public ServiceResource(ServiceCatalog catalog) {
        this.catalog = catalog;
    }

    public record ServiceList(List<ServiceInfo> services) {
    }

    /** Every service seen in any signal, by name. */
    @GET
    @Operation(summary = "Services",
            description = "Every service seen in any signal (traces, metrics, logs), by name, with the signals it "
                    + "sent.")
    public ServiceList services() {
        return new ServiceList(catalog.services());
    }
}
