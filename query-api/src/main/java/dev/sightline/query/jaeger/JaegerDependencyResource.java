package dev.sightline.query.jaeger;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sightline.query.Params;
import dev.sightline.query.errors.BadParameterException;
import dev.sightline.store.StoreOverloadedException;
import dev.sightline.store.read.RollupReader;
import dev.sightline.store.rollup.EdgeRollup;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The service graph as Jaeger's {@code /api/dependencies} gives it (Jaeger UI's System Architecture, Grafana's node
 * graph): calls per (caller, callee) summed over the per-minute edge rollups of the window. A peer that sends no
 * spans of its own (a database, an external API) is a callee under the name the store gave it.
 */
@Path("/jaeger/api/dependencies")
@Produces(MediaType.APPLICATION_JSON)
public class JaegerDependencyResource {
    /** Jaeger's default window. */
    static final Duration DEFAULT_LOOKBACK = Duration.ofDays(1);

    private final RollupReader rollups;
    private final Clock clock;

    public JaegerDependencyResource(RollupReader rollups, Clock clock) {
        this.rollups = rollups;
        this.clock = clock;
    }

    private record Edge(String parent, String child) implements Comparable<Edge> {
        @Override
        public int compareTo(Edge o) {
            int c = parent.compareTo(o.parent);
            return c != 0 ? c : child.compareTo(o.child);
        }
    }

    @GET
    @Operation(summary = "Service dependencies (Jaeger)",
            description = "endTs (epoch ms, default now) and lookback (ms, or a duration such as 1h; default 24h) "
                    + "bound the window, to the minute; service keeps the edges it is on either end of")
    public ObjectNode dependencies(@QueryParam("endTs") String endTs, @QueryParam("lookback") String lookback,
                                   @QueryParam("service") String service) {
        Long endNanos = JaegerParams.epochNanos("endTs", endTs, "milliseconds", 1_000_000L);
        long endMillis = endNanos == null ? clock.millis() : endNanos / 1_000_000L;
        Duration back = Params.duration("lookback", lookback, TimeUnit.MILLISECONDS);
        long backMillis = (back == null ? DEFAULT_LOOKBACK : back).toMillis();
        // Rollups are per minute: the window widens to whole minutes, the one endTs falls in included.
        long fromMinute = Math.floorDiv(endMillis - backMillis, 60_000L);
        long toMinute = Math.floorDiv(endMillis, 60_000L) + 1;

        Map<Edge, Long> calls = new TreeMap<>();
        for (EdgeRollup e : rollups.edgeRollups(fromMinute, toMinute)) {
            if (service == null || service.isBlank() || service.equals(e.caller()) || service.equals(e.callee())) {
                calls.merge(new Edge(e.caller(), e.callee()), e.calls(), Long::sum);
            }
        }
        ArrayNode data = JsonNodeFactory.instance.arrayNode();
        calls.forEach((edge, count) -> {
            ObjectNode d = data.addObject();
            d.put("parent", edge.parent());
            d.put("child", edge.child());
            d.put("callCount", count);
        });
        // Jaeger answers total 0 here.
        return JaegerJson.envelope(data, 0);
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
