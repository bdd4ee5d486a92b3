package dev.sightline.query.signals;

import dev.sightline.store.query.TimeRange;
import dev.sightline.store.read.RollupReader;
import dev.sightline.store.read.ServiceCatalog;
import dev.sightline.store.read.ServiceInfo;
import dev.sightline.store.rollup.EdgeRollup;
import dev.sightline.store.rollup.LatencySketch;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The dependency graph over a window, from the per-minute edge rollups. */
@ApplicationScoped
public class ServiceGraph {
    private final RollupReader rollups;
    private final ServiceCatalog catalog;

    public ServiceGraph(RollupReader rollups, ServiceCatalog catalog) {
        this.rollups = rollups;
        this.catalog = catalog;
    }

    /** A node: a service that sends telemetry, or ({@code virtual}) a peer only named by its callers' spans. */
    public record Node(String name, boolean virtual) {
    }

    /** Calls from caller to callee, seen from the caller's CLIENT/PRODUCER spans. */
    public record Edge(String caller, String callee, boolean virtualCallee, long calls, double callsPerSecond,
                       long errors, Double errorRatio, Latency latency) {
    }

    public record Graph(List<Node> nodes, List<Edge> edges) {
        public Graph {
            nodes = List.copyOf(nodes);
            edges = List.copyOf(edges);
        }
    }

    private record EdgeKey(String caller, String callee, boolean virtualCallee) {
    }

    private static final class EdgeAccumulator {
        long calls;
        long errors;
        final LatencySketch latency = LatencySketch.empty();
    }

    public Graph graph(TimeRange range) {
        Window w = Window.of(range);
        Map<EdgeKey, EdgeAccumulator> edges = new LinkedHashMap<>();
        for (EdgeRollup r : rollups.edgeRollups(w.fromMinute(), w.toMinute())) {
            EdgeAccumulator acc = edges.computeIfAbsent(new EdgeKey(r.caller(), r.callee(), r.virtualCallee()),
                    k -> new EdgeAccumulator());
            acc.calls += r.calls();
            acc.errors += r.errors();
            acc.latency.merge(r.latency());
        }
        Map<String, Node> nodes = new TreeMap<>();
        for (ServiceInfo s : catalog.services()) {
            nodes.put(s.name(), new Node(s.name(), false));
        }
        List<Edge> out = new ArrayList<>(edges.size());
        edges.forEach((k, acc) -> {
            nodes.putIfAbsent(k.caller(), new Node(k.caller(), false));
            nodes.putIfAbsent(k.callee(), new Node(k.callee(), k.virtualCallee()));
            out.add(new Edge(k.caller(), k.callee(), k.virtualCallee(), acc.calls, acc.calls / w.seconds(),
                    acc.errors, acc.calls == 0 ? null : (double) acc.errors / acc.calls, Latency.of(acc.latency)));
        });
        out.sort(java.util.Comparator.comparing(Edge::caller).thenComparing(Edge::callee));
        return new Graph(new ArrayList<>(nodes.values()), out);
    }
}
