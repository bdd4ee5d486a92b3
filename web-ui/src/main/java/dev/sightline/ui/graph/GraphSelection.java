package dev.sightline.ui.graph;

import dev.sightline.query.signals.ServiceGraph;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The part of the service graph a page draws. A picture of thousands of services helps nobody, so:
 * <ul>
 *   <li>with a focus service, its neighbourhood: the nodes at most {@code depth} calls away (either direction)
 *       and the edges among them;</li>
 *   <li>past {@code maxNodes} nodes (or {@code maxEdges} edges), the busiest edges that fit, nearest the focus
 *       first; isolated services are then left out, and {@code capped} says so.</li>
 * </ul>
 *
 * @param edges     the edges to draw
 * @param viewEdges every edge of the view (the neighbourhood, or the whole graph), busiest first, for the table
 * @param viewNodes how many nodes the view holds before the cap
 */
public record GraphSelection(List<ServiceGraph.Node> nodes, List<ServiceGraph.Edge> edges,
                             List<ServiceGraph.Edge> viewEdges, int viewNodes, boolean capped) {
    public static final int MAX_NODES = 80;
    public static final int MAX_EDGES = 200;
    public static final int MAX_DEPTH = 3;

    public GraphSelection {
        nodes = List.copyOf(nodes);
        edges = List.copyOf(edges);
        viewEdges = List.copyOf(viewEdges);
    }

    static final Comparator<ServiceGraph.Edge> BUSIEST = Comparator.comparingLong(ServiceGraph.Edge::calls)
            .reversed().thenComparing(ServiceGraph.Edge::caller).thenComparing(ServiceGraph.Edge::callee);

    /** The whole graph, or its busiest edges past the caps. */
    public static GraphSelection whole(ServiceGraph.Graph graph, int maxNodes, int maxEdges) {
        List<ServiceGraph.Edge> byCalls = new ArrayList<>(graph.edges());
        byCalls.sort(BUSIEST);
        List<ServiceGraph.Node> all = new ArrayList<>(nodesByName(graph).values());
        all.sort(Comparator.comparing(ServiceGraph.Node::name));
        if (all.size() <= maxNodes && byCalls.size() <= maxEdges) {
            return new GraphSelection(all, byCalls, byCalls, all.size(), false);
        }
        return capped(graph, byCalls, byCalls, Set.of(), all.size(), maxNodes, maxEdges);
    }

    /** The nodes at most {@code depth} calls from {@code focus} and the edges among them. */
    public static GraphSelection around(ServiceGraph.Graph graph, String focus, int depth, int maxNodes,
                                        int maxEdges) {
        Map<String, List<String>> adjacent = new HashMap<>();
        for (ServiceGraph.Edge e : graph.edges()) {
            adjacent.computeIfAbsent(e.caller(), k -> new ArrayList<>()).add(e.callee());
            adjacent.computeIfAbsent(e.callee(), k -> new ArrayList<>()).add(e.caller());
        }
        Map<String, Integer> distance = new LinkedHashMap<>();
        distance.put(focus, 0);
        Deque<String> queue = new ArrayDeque<>(List.of(focus));
        while (!queue.isEmpty()) {
            String n = queue.poll();
            int d = distance.get(n);
            if (d == depth) {
                continue;
            }
            for (String m : adjacent.getOrDefault(n, List.of())) {
                if (!distance.containsKey(m)) {
                    distance.put(m, d + 1);
                    queue.add(m);
                }
            }
        }
        List<ServiceGraph.Edge> inside = new ArrayList<>();
        for (ServiceGraph.Edge e : graph.edges()) {
            if (distance.containsKey(e.caller()) && distance.containsKey(e.callee())) {
                inside.add(e);
            }
        }
        inside.sort(BUSIEST);
        if (distance.size() <= maxNodes && inside.size() <= maxEdges) {
            Map<String, ServiceGraph.Node> known = nodesByName(graph);
            List<ServiceGraph.Node> nodes = new ArrayList<>();
            for (String name : distance.keySet()) {
                nodes.add(known.getOrDefault(name, new ServiceGraph.Node(name, false)));
            }
            nodes.sort(Comparator.comparing(ServiceGraph.Node::name));
            return new GraphSelection(nodes, inside, inside, distance.size(), false);
        }
        // Nearest first, so the focus keeps its direct neighbours; then busiest.
        List<ServiceGraph.Edge> nearest = new ArrayList<>(inside);
        nearest.sort(Comparator.comparingInt((ServiceGraph.Edge e) -> Math.min(distance.get(e.caller()),
                distance.get(e.callee()))).thenComparing(BUSIEST));
        return capped(graph, nearest, inside, Set.of(focus), distance.size(), maxNodes, maxEdges);
    }

    /** Takes edges in the given order while their nodes fit; {@code keep} is drawn whatever its edges. */
    private static GraphSelection capped(ServiceGraph.Graph graph, List<ServiceGraph.Edge> ordered,
                                         List<ServiceGraph.Edge> view, Set<String> keep, int viewNodes,
                                         int maxNodes, int maxEdges) {
        Set<String> names = new LinkedHashSet<>(keep);
        List<ServiceGraph.Edge> picked = new ArrayList<>();
        for (ServiceGraph.Edge e : ordered) {
            if (picked.size() >= maxEdges) {
                break;
            }
            int added = (names.contains(e.caller()) ? 0 : 1)
                    + (names.contains(e.callee()) || e.callee().equals(e.caller()) ? 0 : 1);
            if (names.size() + added <= maxNodes) {
                names.add(e.caller());
                names.add(e.callee());
                picked.add(e);
            }
        }
        Map<String, ServiceGraph.Node> known = nodesByName(graph);
        List<ServiceGraph.Node> nodes = new ArrayList<>();
        for (String name : names) {
            nodes.add(known.getOrDefault(name, new ServiceGraph.Node(name, false)));
        }
        nodes.sort(Comparator.comparing(ServiceGraph.Node::name));
        picked.sort(BUSIEST);
        return new GraphSelection(nodes, picked, view, viewNodes, true);
    }

    private static Map<String, ServiceGraph.Node> nodesByName(ServiceGraph.Graph graph) {
        Map<String, ServiceGraph.Node> byName = new HashMap<>();
        for (ServiceGraph.Node n : graph.nodes()) {
            byName.put(n.name(), n);
        }
        // A callee that is only named by its callers is a peer, even if a catalog race left it out of the nodes.
        for (ServiceGraph.Edge e : graph.edges()) {
            byName.putIfAbsent(e.callee(), new ServiceGraph.Node(e.callee(), e.virtualCallee()));
            byName.putIfAbsent(e.caller(), new ServiceGraph.Node(e.caller(), false));
        }
        return byName;
    }

    public int hiddenEdges() {
        return viewEdges.size() - edges.size();
    }

    public int hiddenNodes() {
        return viewNodes - nodes.size();
    }
}
