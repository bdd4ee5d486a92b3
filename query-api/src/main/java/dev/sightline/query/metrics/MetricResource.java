package dev.sightline.query.metrics;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sightline.query.Params;
import dev.sightline.query.errors.BadParameterException;
import dev.sightline.query.json.ModelJson;
import dev.sightline.store.read.MetricReader;
import dev.sightline.store.read.MetricSeries;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import java.util.List;

@Path("/api/metrics")
@Produces(MediaType.APPLICATION_JSON)
public class MetricResource {

    /** A cap on one answer, so no query can build an unbounded response. */
    static final int MAX_POINTS = 100_000;

    private final MetricReader metrics;

    public MetricResource(MetricReader metrics) {
        this.metrics = metrics;
    }

    public record MetricNames(List<String> metrics) {
    }

    @GET
    public MetricNames names() {
        return new MetricNames(metrics.metricNames());
    }

    /**
     * Every series of one metric with its points in [start, end); times are RFC 3339 or epoch millis and
     * default to all retained data. {@code truncated} is true when points were left out past the cap.
     */
    @GET
    @Path("/series")
    public ObjectNode series(@QueryParam("name") String name, @QueryParam("start") String start,
                             @QueryParam("end") String end) {
        if (name == null || name.isBlank()) {
            throw new BadParameterException("name", "is required: the metric name");
        }
        Long from = Params.epochNanos("start", start);
        Long to = Params.epochNanos("end", end);
        long fromNanos = from == null ? Long.MIN_VALUE : from;
        long toNanos = to == null ? Long.MAX_VALUE : to;
        if (fromNanos >= toNanos) {
            throw new BadParameterException("end", "must be after start");
        }
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("name", name);
        ArrayNode array = body.putArray("series");
        int points = 0;
        boolean truncated = false;
        for (MetricSeries s : metrics.seriesByName(name, fromNanos, toNanos)) {
            if (points + s.points().size() > MAX_POINTS) {
                truncated = true;
                break;
            }
            points += s.points().size();
            array.add(ModelJson.series(s));
        }
        body.put("truncated", truncated);
        return body;
    }
}
