package dev.sightline.query.jaeger;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sightline.query.Params;
import dev.sightline.query.errors.BadParameterException;
import dev.sightline.query.filter.JaegerTags;
import dev.sightline.store.StoreOverloadedException;
import dev.sightline.store.model.TraceId;
import dev.sightline.store.query.AttributeCondition;
import dev.sightline.store.query.AttributeFilter;
import dev.sightline.store.query.TimeRange;
import dev.sightline.store.query.TraceHit;
import dev.sightline.store.query.TraceQuery;
import dev.sightline.store.read.Trace;
import dev.sightline.store.read.TraceReader;
import dev.sightline.store.read.TraceSearcher;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Traces by ID and trace search in Jaeger's query-service JSON, for Jaeger UI and Grafana's Jaeger data source. */
@Path("/jaeger/api/traces")
@Produces(MediaType.APPLICATION_JSON)
public class JaegerTraceResource {
    static final int DEFAULT_LIMIT = 20;
    /** The most the Jaeger UI's search form lets a user ask for. */
    static final int MAX_LIMIT = 1500;
    /** What Jaeger searches when neither start nor a lookback is given. */
    static final Duration DEFAULT_LOOKBACK = Duration.ofDays(2);

    private final TraceReader traces;
    private final TraceSearcher searcher;
    private final Clock clock;

    public JaegerTraceResource(TraceReader traces, TraceSearcher searcher, Clock clock) {
        this.traces = traces;
        this.searcher = searcher;
        this.clock = clock;
    }

    @GET
    @Path("/{traceID}")
    @Operation(summary = "A trace by ID (Jaeger)",
            description = "1 to 32 hex characters, left-padded with zeros; 404 in Jaeger's error envelope when absent")
    public Response trace(@PathParam("traceID") String traceIdHex) {
        TraceId id = JaegerParams.traceId("traceID", traceIdHex);
        Optional<Trace> trace = find(id);
        if (trace.isEmpty()) {
            return JaegerErrors.error(404, "trace not found");
        }
        // Jaeger answers total 0 for traces; clients read only data.
        return Response.ok(JaegerJson.envelope(
                JsonNodeFactory.instance.arrayNode().add(JaegerJson.trace(trace.get())), 0)).build();
    }

    /**
     * Jaeger's trace search: traces with a span of {@code service} that matches every given criterion at once.
     * Times are microseconds since the epoch, durations Go durations. With {@code traceID}s, those traces instead
     * (the service is then not needed), a missing one listed under {@code errors}.
     */
    @GET
    @Operation(summary = "Search traces (Jaeger)",
            description = "service (required), operation, tags ({\"k\":\"v\"} JSON) or tag (k:v), start/end in µs, "
                    + "lookback (e.g. 1h, used when start is absent; default 2d), minDuration/maxDuration (e.g. "
                    + "100ms, 1.2s), limit (default 20, at most 1500); or traceID (repeatable)")
    public ObjectNode search(@QueryParam("service") String service,
                             @QueryParam("operation") String operation,
                             @QueryParam("tag") List<String> tag,
                             @QueryParam("tags") List<String> tags,
                             @QueryParam("start") String start,
                             @QueryParam("end") String end,
                             @QueryParam("lookback") String lookback,
                             @QueryParam("minDuration") String minDuration,
                             @QueryParam("maxDuration") String maxDuration,
                             @QueryParam("limit") String limit,
                             @QueryParam("traceID") List<String> traceIds) {
        List<String> ids = traceIds == null ? List.of() : traceIds.stream().filter(s -> !s.isBlank()).toList();
        if (!ids.isEmpty()) {
            return byIds(ids);
        }
        TimeRange range = range(start, end, lookback);
        AttributeFilter filter = JaegerTags.parse(tag, tags);
        int max = Params.limit("limit", limit, DEFAULT_LIMIT, MAX_LIMIT);
        Duration min = Params.duration("minDuration", minDuration, TimeUnit.MILLISECONDS);
        Duration most = Params.duration("maxDuration", maxDuration, TimeUnit.MILLISECONDS);
        if (min != null && most != null && most.compareTo(min) < 0) {
            throw new BadParameterException("maxDuration", "should be greater than 'minDuration'");
        }
        String serviceName = JaegerParams.required("service", service);

        // Jaeger's error=true tag is the translation of an ERROR status; a span attribute seldom carries it.
        boolean errorsOnly = false;
        List<AttributeCondition> conditions = new ArrayList<>();
        for (List<AttributeCondition> group : filter.anyOf()) {
            for (AttributeCondition c : group) {
                if (c.key().equals("error") && c.operator() == AttributeCondition.Operator.EQUALS
                        && c.value().equals("true")) {
                    errorsOnly = true;
                } else {
                    conditions.add(c);
                }
            }
        }
        TraceQuery query = new TraceQuery(range, serviceName,
                operation == null || operation.isBlank() ? null : operation, AttributeFilter.allOf(conditions),
                min == null ? null : min.toNanos(), most == null ? null : most.toNanos(), errorsOnly, max, null);

        ArrayNode data = JsonNodeFactory.instance.arrayNode();
        for (TraceHit hit : searcher.searchTraces(query).items()) {
            find(hit.traceId()).ifPresent(t -> data.add(JaegerJson.trace(t)));
        }
        return JaegerJson.envelope(data, 0);
    }

    private ObjectNode byIds(List<String> ids) {
        List<TraceId> parsed = ids.stream().map(id -> JaegerParams.traceId("traceID", id)).toList();
        ArrayNode data = JsonNodeFactory.instance.arrayNode();
        ArrayNode errors = JsonNodeFactory.instance.arrayNode();
        for (TraceId id : parsed) {
            find(id).ifPresentOrElse(t -> data.add(JaegerJson.trace(t)),
                    () -> errors.add(JaegerJson.traceNotFound(id)));
        }
        return JaegerJson.envelope(data, 0, errors);
    }

    /**
     * {@code end} (µs, inclusive) defaults to now; {@code start} (µs) to {@code end} minus {@code lookback}, which
     * the Jaeger UI sends as 1h, 2d... or "custom" when it sends start itself.
     */
    private TimeRange range(String start, String end, String lookback) {
        Long endNanos = JaegerParams.epochNanos("end", end, "microseconds", 1_000L);
        Long startNanos = JaegerParams.epochNanos("start", start, "microseconds", 1_000L);
        // Bounds saturate rather than wrap: µs times near the ends of a long are odd, not an overflow.
        long to = endNanos == null ? clock.millis() * 1_000_000L
                : endNanos > Long.MAX_VALUE - 1_000L ? Long.MAX_VALUE : endNanos + 1_000L;
        long from;
        if (startNanos != null) {
            from = startNanos;
        } else {
            Duration back = lookback == null || lookback.isBlank() || lookback.trim().equals("custom")
                    ? DEFAULT_LOOKBACK : Params.duration("lookback", lookback, TimeUnit.MILLISECONDS);
            long backNanos = back.toNanos();
            from = to < Long.MIN_VALUE + backNanos ? Long.MIN_VALUE : to - backNanos;
        }
        if (to < from) {
            throw new BadParameterException("end", "must not be before 'start'");
        }
        return new TimeRange(from, to);
    }

    private Optional<Trace> find(TraceId id) {
        return traces.findTrace(id).filter(t -> !t.spans().isEmpty());
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
