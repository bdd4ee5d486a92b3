package dev.sightline.query.signals;

import dev.sightline.query.Params;
import dev.sightline.query.errors.BadParameterException;
import dev.sightline.query.metrics.Saturation;
import dev.sightline.query.metrics.ServiceSaturation;
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
import java.util.List;
import java.util.concurrent.TimeUnit;

@Path("/api/signals")
@Produces(MediaType.APPLICATION_JSON)
public class SignalsResource {
    static final Duration DEFAULT_RANGE = Duration.ofHours(1);
    /** Rollups are kept 35 days by default; a 30-day SLO window must fit. */
    static final Duration MAX_RANGE = Duration.ofDays(35);

    private final GoldenSignals signals;
    private final ServiceSaturation saturation;
    private final Clock clock;

    public SignalsResource(GoldenSignals signals, ServiceSaturation saturation, Clock clock) {
        this.signals = signals;
        this.saturation = saturation;
        this.clock = clock;
    }

    public record ServiceList(long startEpochMillis, long endEpochMillis, List<Signals> services) {
    }

    /**
     * A service's golden signals; saturation is the latest reading of its own metrics (OTel semantic
     * conventions) in the range, with {@code noData} when it sends none.
     */
    public record ServiceAnswer(Signals total, List<Signals> operations, Saturation saturation) {
    }

    public record SeriesAnswer(String service, String operation, long stepSeconds, List<SignalPoint> points) {
    }

    static TimeRange range(Clock clock, String start, String end) {
        return Params.timeRange("start", start, "end", end, clock.millis() * 1_000_000L, DEFAULT_RANGE, MAX_RANGE);
    }

    private TimeRange range(String start, String end) {
        return range(clock, start, end);
    }

    @GET
    @Operation(summary = "Golden signals of every service",
            description = "Traffic, errors and latency percentiles (all, successful, failed) of SERVER and CONSUMER "
                    + "spans per service over the range (default: the last hour). noData marks services without "
                    + "requests in the range.")
    public ServiceList services(@Parameter(description = "RFC 3339 or epoch ms; default end - 1h")
                                @QueryParam("start") String start,
                                @Parameter(description = "RFC 3339 or epoch ms; default now")
                                @QueryParam("end") String end) {
        TimeRange r = range(start, end);
        return new ServiceList(r.fromEpochNanos() / 1_000_000, r.toEpochNanos() / 1_000_000, signals.services(r));
    }

    @GET
    @Path("/{service}")
    @Operation(summary = "Golden signals of one service and of each of its operations, and its saturation")
    public ServiceAnswer service(@PathParam("service") String service, @QueryParam("start") String start,
                                 @QueryParam("end") String end) {
        TimeRange r = range(start, end);
        ServiceSignals s = signals.service(service, r);
        return new ServiceAnswer(s.total(), s.operations(), saturation.saturation(service, r));
    }

    @GET
    @Path("/{service}/series")
    @Operation(summary = "Golden signals of a service (or one operation) per step, for charts")
    public SeriesAnswer series(@PathParam("service") String service,
                               @Parameter(description = "span name; all operations when absent")
                               @QueryParam("operation") String operation,
                               @QueryParam("start") String start, @QueryParam("end") String end,
                               @Parameter(description = "step, whole minutes (e.g. 1m, 5m, 1h); default 1m; "
                                       + "raised so there are at most 1440 steps")
                               @QueryParam("step") String step) {
        Duration d = Params.duration("step", step, TimeUnit.SECONDS);
        if (d != null && (d.toMinutes() < 1 || d.toNanos() % 60_000_000_000L != 0)) {
            throw new BadParameterException("step", "must be a whole number of minutes (rollups are per minute)");
        }
        int stepMinutes = d == null ? 1 : (int) Math.min(Integer.MAX_VALUE, d.toMinutes());
        String op = operation == null || operation.isBlank() ? null : operation;
        List<SignalPoint> points = signals.series(service, op, range(start, end), stepMinutes);
        long stepSeconds = points.size() > 1 ? (points.get(1).startEpochMillis() - points.get(0).startEpochMillis())
                / 1000 : stepMinutes * 60L;
        return new SeriesAnswer(service, op, stepSeconds, points);
    }
}
