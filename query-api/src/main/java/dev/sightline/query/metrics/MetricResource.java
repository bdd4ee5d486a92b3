package dev.sightline.query.metrics;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sightline.query.Params;
import dev.sightline.query.errors.BadParameterException;
import dev.sightline.query.json.ModelJson;
import dev.sightline.store.query.TimeRange;
import dev.sightline.store.read.MetricReader;
import dev.sightline.store.read.MetricSeries;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

/** Metric names, raw series and range queries; every parameter is described in docs/api.md ("Metrics"). */
@Path("/api/metrics")
@Produces(MediaType.APPLICATION_JSON)
public class MetricResource {

    /** A cap on one series answer, so no query can build an unbounded response. */
    static final int MAX_POINTS = 100_000;
    static final int DEFAULT_NAMES = 1_000;
    static final int MAX_NAMES = 10_000;
    static final int DEFAULT_SERIES = 1_000;
    static final int MAX_SERIES = 10_000;
    private static final String MATCH = "label matcher(s), Prometheus style, e.g. http.route=\"/a\" or "
            + "service.name=~\"check.*\"; repeatable, all must match";
    /** Range of a range query without start. */
    static final Duration DEFAULT_RANGE = Duration.ofHours(1);

    private final MetricReader metrics;
    private final MetricCatalog catalog;
    private final MetricLimits limits;
    private final Clock clock;

    public MetricResource(MetricReader metrics, MetricCatalog catalog, MetricQuerySettings settings, Clock clock) {
        this.metrics = metrics;
        this.catalog = catalog;
        this.limits = settings.limits();
        this.clock = clock;
    }

    /** Metric names, sorted, each with its type, unit and description (see {@link MetricCatalog}). */
    @GET
    @Operation(summary = "Metric names",
            description = "Every metric name, sorted, with the type, unit, description and temporality of its newest "
                    + "series (null when no point of it was found).")
    public ObjectNode names(
            @Parameter(description = "most names, 1–10000, default 1000") @QueryParam("limit") String limit) {
        int max = Params.limit("limit", limit, DEFAULT_NAMES, MAX_NAMES);
        List<String> all = metrics.metricNames();
        List<String> names = all.size() > max ? all.subList(0, max) : all;
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        ArrayNode array = body.putArray("metrics");
        for (MetricCatalog.MetricInfo info : catalog.describe(names, all)) {
            ObjectNode n = array.addObject();
            n.put("name", info.name());
            n.put("type", info.type());
            n.put("unit", info.unit());
            n.put("description", info.description());
            n.put("aggregationTemporality", info.temporality());
            n.put("isMonotonic", info.monotonic());
        }
        body.put("truncated", all.size() > names.size());
        return body;
    }

    /**
     * The raw series of one metric selected by the label matchers, with their points in [start, end); times default
     * to all retained data. {@code truncated} is true when series were left out past {@code limit} or the point cap.
     */
    @GET
    @Path("/series")
    @Operation(summary = "Raw series of a metric",
            description = "Every series of one metric selected by the label matchers, with its stored points.")
    public ObjectNode series(
            @Parameter(description = "metric name", required = true) @QueryParam("name") String name,
            @Parameter(description = MATCH) @QueryParam("match") List<String> match,
            @Parameter(description = "RFC 3339 or epoch ms; default: all retained data") @QueryParam("start")
            String start,
            @Parameter(description = "RFC 3339 or epoch ms, exclusive; default: all retained data")
            @QueryParam("end") String end,
            @Parameter(description = "most series, 1–10000, default 1000") @QueryParam("limit") String limit) {
        String metric = MetricParams.name(name);
        List<LabelMatcher> matchers = MetricParams.matchers(match);
        int maxSeries = Params.limit("limit", limit, DEFAULT_SERIES, MAX_SERIES);
        Long from = Params.epochNanos("start", start);
        Long to = Params.epochNanos("end", end);
        long fromNanos = from == null ? Long.MIN_VALUE : from;
        long toNanos = to == null ? Long.MAX_VALUE : to;
        if (fromNanos >= toNanos) {
            throw new BadParameterException("end", "must be after start");
        }
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("name", metric);
        ArrayNode array = body.putArray("series");
        int points = 0;
        boolean truncated = false;
        for (MetricSeries s : metrics.seriesByName(metric, fromNanos, toNanos)) {
            if (!matchers.isEmpty() && !matchesAll(matchers, s)) {
                continue;
            }
            if (array.size() >= maxSeries || points + s.points().size() > MAX_POINTS) {
                truncated = true;
                break;
            }
            points += s.points().size();
            array.add(ModelJson.series(s));
        }
        body.put("truncated", truncated);
        return body;
    }

    /**
     * A PromQL-style range query: {@code fn} of the metric's series at every {@code step} from start to end,
     * optionally added up {@code by} labels. See {@link RangeQueryEngine}.
     */
    @GET
    @Path("/query_range")
    @Operation(summary = "Range query",
            description = "A function of a metric's series at every step from start to end, as PromQL evaluates a "
                    + "range query: latest value, rate or increase of counters, histogram quantiles; optionally "
                    + "added up by labels. Exemplars of the points used come with each series.")
    public ObjectNode queryRange(
            @Parameter(description = "metric name", required = true) @QueryParam("name") String name,
            @Parameter(description = MATCH) @QueryParam("match") List<String> match,
            @Parameter(description = "RFC 3339 or epoch ms; default end - 1h") @QueryParam("start") String start,
            @Parameter(description = "RFC 3339 or epoch ms; default now") @QueryParam("end") String end,
            @Parameter(description = "e.g. 15s, 1m; a bare number is seconds; default: about 250 points")
            @QueryParam("step") String step,
            @Parameter(description = "value, rate, increase or quantile; default by type") @QueryParam("fn") String fn,
            @Parameter(description = "the quantile for fn=quantile, 0 to 1") @QueryParam("q") String q,
            @Parameter(description = "rate window; default max(step, 5m)") @QueryParam("window") String window,
            @Parameter(description = "how far back fn=value looks; default 5m") @QueryParam("lookback")
            String lookback,
            @Parameter(description = "labels to add series up by, comma-separated, e.g. service.name,http.route; "
                    + "() adds all series into one")
            @QueryParam("by") String by) {
        String metric = MetricParams.name(name);
        List<LabelMatcher> matchers = MetricParams.matchers(match);
        TimeRange range = Params.timeRange("start", start, "end", end, nowNanos(), DEFAULT_RANGE, limits.maxRange());
        RangeQuery query = new RangeQuery(metric, matchers, MetricParams.fn(fn), MetricParams.quantile(q),
                range.fromEpochNanos(), range.toEpochNanos(), MetricParams.step(step, range.durationNanos()),
                MetricParams.duration("window", window), MetricParams.duration("lookback", lookback),
                MetricParams.by(by));
        return MetricJson.rangeResult(engine().run(query));
    }

    private RangeQueryEngine engine() {
        return new RangeQueryEngine(metrics, limits);
    }

    private static boolean matchesAll(List<LabelMatcher> matchers, MetricSeries s) {
        return SeriesSelection.matchesAll(matchers, SeriesLabels.of(s));
    }

    private long nowNanos() {
        return TimeRange.epochNanos(clock.instant());
    }
}
