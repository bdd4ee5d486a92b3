package dev.sightline.query.metrics;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sightline.query.Params;
import dev.sightline.query.errors.BadParameterException;
import dev.sightline.store.query.TimeRange;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

import java.time.Clock;
import java.time.Duration;

/** The saturation golden signal of one service (see {@link ServiceSaturation}). */
@Path("/api/services/{service}/saturation")
@Produces(MediaType.APPLICATION_JSON)
public class ServiceSaturationResource {
    /** Range looked at without start: the latest value is what matters. */
    static final Duration DEFAULT_RANGE = Duration.ofHours(1);

    private final ServiceSaturation saturation;
    private final MetricLimits limits;
    private final Clock clock;

    public ServiceSaturationResource(ServiceSaturation saturation, MetricQuerySettings settings, Clock clock) {
        this.saturation = saturation;
        this.limits = settings.limits();
        this.clock = clock;
    }

    @GET
    @Operation(summary = "Saturation of a service",
            description = "The latest value of each OpenTelemetry semantic-convention saturation metric the service "
                    + "sends (CPU, memory, connection pools, queues), for its most saturated instance; noData when "
                    + "it sends none.")
    public ObjectNode saturation(
            @Parameter(description = "service.name") @PathParam("service") String service,
            @Parameter(description = "RFC 3339 or epoch ms; default end - 1h") @QueryParam("start") String start,
            @Parameter(description = "RFC 3339 or epoch ms; default now") @QueryParam("end") String end) {
        if (service == null || service.isBlank()) {
            throw new BadParameterException("service", "is required: the service.name of the service");
        }
        long nowNanos = TimeRange.epochNanos(clock.instant());
        var range = Params.timeRange("start", start, "end", end, nowNanos, DEFAULT_RANGE, limits.maxRange());
        ObjectNode body = MetricJson.saturation(saturation.saturation(service, range));
        body.put("service", service);
        return body;
    }
}
