package dev.sightline.ui.graph;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;

/**
 * A layered ("Sugiyama") drawing of a directed graph, callers left of callees, computed on the server so the page
 * needs no script:
 * <ol>
 *   <li>cycles are broken by reversing the back edges of a depth-first search that starts from the sources (calls
 *       that go "backwards" are then drawn right to left, still pointing at their callee);</li>
 *   <li>each node's layer is the longest path to it from a source;</li>
 *   <li>an edge spanning several layers gets a dummy point in each layer between, so it is routed around the
 *       nodes there and takes part in the ordering;</li>
 *   <li>nodes are ordered within their layer by alternating downward and upward barycentre sweeps, keeping the
 *       order with the fewest crossings seen.</li>
 * </ol>
 * Deterministic: the same input (nodes in the same order) always gives the same picture.
 */
public final class LayeredLayout {
    public static final double NODE_WIDTH = 200;
    public static final double NODE_HEIGHT = 34;
    /** Room between layers for the edge labels. */
    public static final double GAP_X = 210;
    public static final double ROW = 56;
    public static final double PAD = 16;
    /** Where a reversed edge runs beside its opposite, so "A calls B" and "B calls A" do not overlap. */
    static final double REVERSED_OFFSET = 9;
    static final int SWEEPS = 16;
    /** Sweeps without a better order before giving up: they rarely find one later, and each costs a count. */
    static final int PATIENCE = 4;

    /** An edge between two nodes, by their index. */
    public record Link(int from, int to) {
    }

    public record Point(double x, double y) {
    }

    /** A node's place: its layer (column), its order within the layer, and its box's top-left corner. */
    public record Placed(int layer, int order, double x, double y) {
        public double centerY() {
            return y + NODE_HEIGHT / 2;
        }
    }

    /**
     * How one link is drawn, from its caller's side to its callee's side; empty for a link from a node to itself.
     *
     * @param reversed drawn right to left, against the layers (the link closed a cycle)
     */
    public record Route(List<Point> points, boolean reversed) {
        public Route {
            points = List.copyOf(points);
        }

        /** An SVG path: a horizontal-tangent curve between each pair of points. */
        public String path() {
            if (points.isEmpty()) {
                return "";
            }
            StringBuilder d = new StringBuilder();
            Point p = points.get(0);
            d.append('M').append(r(p.x())).append(',').append(r(p.y()));
            for (int i = 1; i < points.size(); i++) {
                Point q = points.get(i);
                double mx = (p.x() + q.x()) / 2;
                d.append(" C").append(r(mx)).append(',').append(r(p.y())).append(' ').append(r(mx)).append(',')
                        .append(r(q.y())).append(' ').append(r(q.x())).append(',').append(r(q.y()));
                p = q;
            }
            return d.toString();
        }

        /**
         * Where the label goes: the middle of the route. The curves are symmetric, so the midpoint of a segment's
         * ends is on the curve.
         */
        public Point labelAt() {
            if (points.isEmpty()) {
                return new Point(0, 0);
            }
            int segments = points.size() - 1;
            int s = segments / 2;
            Point a = points.get(s);
            Point b = points.get(Math.min(points.size() - 1, s + 1));
            return new Point(r((a.x() + b.x()) / 2), r((a.y() + b.y()) / 2));
        }
    }

    /** The drawing: size, one place per node (input order), one route per link (input order). */
    public record Result(double width, double height, int layers, List<Placed> nodes, List<Route> routes,
                         int crossings) {
        public Result {
            nodes = List.copyOf(nodes);
            routes = List.copyOf(routes);
        }
    }

    private LayeredLayout() {
    }

    public static Result of(int nodeCount, List<Link> links) {
        for (Link l : links) {
            if (l.from() < 0 || l.from() >= nodeCount || l.to() < 0 || l.to() >= nodeCount) {
                throw new IllegalArgumentException("link " + l + " names a node outside 0.." + (nodeCount - 1));
            }
        }
        boolean[] reversed = breakCycles(nodeCount, links);
        int[] layer = layers(nodeCount, links, reversed);

        // Vertices: the nodes, then one dummy per layer crossed by a long link.
        List<Integer> vertexLayer = new ArrayList<>();
        for (int v = 0; v < nodeCount; v++) {
            vertexLayer.add(layer[v]);
        }
        List<int[]> chains = new ArrayList<>(links.size());
        List<int[]> segments = new ArrayList<>();
        for (int i = 0; i < links.size(); i++) {
            Link l = links.get(i);
            if (l.from() == l.to()) {
                chains.add(new int[0]);
                continue;
            }
            int a = reversed[i] ? l.to() : l.from();
            int b = reversed[i] ? l.from() : l.to();
            int[] chain = new int[layer[b] - layer[a] + 1];
            chain[0] = a;
            for (int k = 1; k < chain.length - 1; k++) {
                chain[k] = vertexLayer.size();
                vertexLayer.add(layer[a] + k);
            }
            chain[chain.length - 1] = b;
            for (int k = 0; k + 1 < chain.length; k++) {
                segments.add(new int[] {chain[k], chain[k + 1]});
            }
            chains.add(chain);
        }
        int vertices = vertexLayer.size();
        int layerCount = nodeCount == 0 ? 0 : Arrays.stream(layer).max().orElse(0) + 1;
        List<List<Integer>> order = new ArrayList<>();
        for (int L = 0; L < layerCount; L++) {
            order.add(new ArrayList<>());
        }
        for (int v = 0; v < vertices; v++) {
            order.get(vertexLayer.get(v)).add(v);
        }
        List<List<Integer>> preds = new ArrayList<>();
        List<List<Integer>> succs = new ArrayList<>();
        for (int v = 0; v < vertices; v++) {
            preds.add(new ArrayList<>());
            succs.add(new ArrayList<>());
        }
        for (int[] s : segments) {
            succs.get(s[0]).add(s[1]);
            preds.get(s[1]).add(s[0]);
        }
        int crossings = reduceCrossings(order, preds, succs, segments, vertexLayer, vertices);

        // Coordinates: layers side by side, each centred on the tallest.
        int rows = order.stream().mapToInt(List::size).max().orElse(0);
        double[] vx = new double[vertices];
        double[] vy = new double[vertices];
        int[] pos = new int[vertices];
        for (int L = 0; L < layerCount; L++) {
            List<Integer> col = order.get(L);
            double top = PAD + (rows - col.size()) * ROW / 2;
            for (int k = 0; k < col.size(); k++) {
                int v = col.get(k);
                pos[v] = k;
                vx[v] = PAD + L * (NODE_WIDTH + GAP_X);
                vy[v] = top + k * ROW;
            }
        }
        List<Placed> placed = new ArrayList<>(nodeCount);
        for (int v = 0; v < nodeCount; v++) {
            placed.add(new Placed(layer[v], pos[v], r(vx[v]), r(vy[v])));
        }
        List<Route> routes = new ArrayList<>(links.size());
        for (int i = 0; i < links.size(); i++) {
            int[] chain = chains.get(i);
            if (chain.length == 0) {
                routes.add(new Route(List.of(), false));
                continue;
            }
            double dy = reversed[i] ? REVERSED_OFFSET : 0;
            List<Point> points = new ArrayList<>();
            points.add(new Point(r(vx[chain[0]] + NODE_WIDTH), r(vy[chain[0]] + NODE_HEIGHT / 2 + dy)));
            for (int k = 1; k < chain.length - 1; k++) {
                // Through a dummy's column straight, where a node of that layer would be.
                double y = r(vy[chain[k]] + NODE_HEIGHT / 2 + dy);
                points.add(new Point(r(vx[chain[k]]), y));
                points.add(new Point(r(vx[chain[k]] + NODE_WIDTH), y));
            }
            int last = chain[chain.length - 1];
            points.add(new Point(r(vx[last]), r(vy[last] + NODE_HEIGHT / 2 + dy)));
            if (reversed[i]) {
                Collections.reverse(points);
            }
            routes.add(new Route(points, reversed[i]));
        }
        double width = layerCount == 0 ? 2 * PAD : 2 * PAD + layerCount * NODE_WIDTH + (layerCount - 1) * GAP_X;
        double height = 2 * PAD + Math.max(1, rows) * ROW - (ROW - NODE_HEIGHT);
        return new Result(r(width), r(height), layerCount, placed, routes, crossings);
    }

    /**
     * Marks the links to reverse so the rest is acyclic: the back edges of a depth-first search that visits the
     * sources (nodes nothing calls) first, so the links that follow the natural flow keep their direction.
     */
    static boolean[] breakCycles(int n, List<Link> links) {
        List<List<Integer>> out = new ArrayList<>();
        for (int v = 0; v < n; v++) {
            out.add(new ArrayList<>());
        }
        int[] indegree = new int[n];
        for (int i = 0; i < links.size(); i++) {
            Link l = links.get(i);
            if (l.from() != l.to()) {
                out.get(l.from()).add(i);
                indegree[l.to()]++;
            }
        }
        List<Integer> roots = new ArrayList<>();
        for (int v = 0; v < n; v++) {
            if (indegree[v] == 0) {
                roots.add(v);
            }
        }
        for (int v = 0; v < n; v++) {
            if (indegree[v] != 0) {
                roots.add(v);
            }
        }
        boolean[] reversed = new boolean[links.size()];
        int[] state = new int[n]; // 0 new, 1 on the stack, 2 done
        for (int root : roots) {
            if (state[root] != 0) {
                continue;
            }
            Deque<int[]> stack = new ArrayDeque<>();
            stack.push(new int[] {root, 0});
            state[root] = 1;
            while (!stack.isEmpty()) {
                int[] top = stack.peek();
                List<Integer> edges = out.get(top[0]);
                if (top[1] >= edges.size()) {
                    state[top[0]] = 2;
                    stack.pop();
                    continue;
                }
                int li = edges.get(top[1]++);
                int w = links.get(li).to();
                if (state[w] == 1) {
                    reversed[li] = true;
                } else if (state[w] == 0) {
                    state[w] = 1;
                    stack.push(new int[] {w, 0});
                }
            }
        }
        return reversed;
    }

    /** Longest path from a source, over the links as oriented after {@link #breakCycles}. */
    static int[] layers(int n, List<Link> links, boolean[] reversed) {
        List<List<Integer>> out = new ArrayList<>();
        for (int v = 0; v < n; v++) {
            out.add(new ArrayList<>());
        }
        int[] indegree = new int[n];
        for (int i = 0; i < links.size(); i++) {
            Link l = links.get(i);
            if (l.from() == l.to()) {
                continue;
            }
            int a = reversed[i] ? l.to() : l.from();
            int b = reversed[i] ? l.from() : l.to();
            out.get(a).add(b);
            indegree[b]++;
        }
        int[] layer = new int[n];
        Deque<Integer> ready = new ArrayDeque<>();
        for (int v = 0; v < n; v++) {
            if (indegree[v] == 0) {
                ready.add(v);
            }
        }
        while (!ready.isEmpty()) {
            int v = ready.poll();
            for (int w : out.get(v)) {
                layer[w] = Math.max(layer[w], layer[v] + 1);
                if (--indegree[w] == 0) {
                    ready.add(w);
                }
            }
        }
        return layer;
    }

    /**
     * Barycentre sweeps, down then up, {@value #SWEEPS} at most: each vertex of a layer is sorted by the mean
     * position of its neighbours in the layer just swept (vertices without one keep their place). The order with
     * the fewest crossings is kept; the sweeps stop at zero crossings, or after {@value #PATIENCE} sweeps in a
     * row that found no better order.
     */
    private static int reduceCrossings(List<List<Integer>> order, List<List<Integer>> preds,
                                       List<List<Integer>> succs, List<int[]> segments, List<Integer> vertexLayer,
                                       int vertices) {
        int[] pos = new int[vertices];
        positions(order, pos);
        int best = crossings(segments, pos, vertexLayer);
        List<List<Integer>> bestOrder = copy(order);
        int sinceBest = 0;
        for (int sweep = 0; sweep < SWEEPS && best > 0 && sinceBest < PATIENCE; sweep++) {
            boolean down = sweep % 2 == 0;
            int layers = order.size();
            for (int step = 1; step < layers; step++) {
                int L = down ? step : layers - 1 - step;
                List<List<Integer>> neighbours = down ? preds : succs;
                List<Integer> col = order.get(L);
                double[] key = new double[vertices];
                for (int v : col) {
                    List<Integer> ns = neighbours.get(v);
                    if (ns.isEmpty()) {
                        key[v] = pos[v];
                    } else {
                        double sum = 0;
                        for (int u : ns) {
                            sum += pos[u];
                        }
                        key[v] = sum / ns.size();
                    }
                }
                // Stable: ties keep their current order.
                col.sort(Comparator.comparingDouble(v -> key[v]));
                for (int k = 0; k < col.size(); k++) {
                    pos[col.get(k)] = k;
                }
            }
            int c = crossings(segments, pos, vertexLayer);
            if (c < best) {
                best = c;
                bestOrder = copy(order);
                sinceBest = 0;
            } else {
                sinceBest++;
            }
        }
        for (int L = 0; L < order.size(); L++) {
            order.set(L, bestOrder.get(L));
        }
        return best;
    }

    private static void positions(List<List<Integer>> order, int[] pos) {
        for (List<Integer> col : order) {
            for (int k = 0; k < col.size(); k++) {
                pos[col.get(k)] = k;
            }
        }
    }

    /** Pairs of segments between the same two layers whose ends are in opposite orders. */
    static int crossings(List<int[]> segments, int[] pos, List<Integer> vertexLayer) {
        List<List<int[]>> byLayer = new ArrayList<>();
        for (int[] s : segments) {
            int layer = vertexLayer.get(s[0]);
            while (byLayer.size() <= layer) {
                byLayer.add(new ArrayList<>());
            }
            byLayer.get(layer).add(s);
        }
        int count = 0;
        for (List<int[]> between : byLayer) {
            for (int i = 0; i < between.size(); i++) {
                int[] s = between.get(i);
                for (int j = i + 1; j < between.size(); j++) {
                    int[] t = between.get(j);
                    long a = pos[s[0]] - pos[t[0]];
                    long b = pos[s[1]] - pos[t[1]];
                    if (a * b < 0) {
                        count++;
                    }
                }
            }
        }
        return count;
    }

    private static List<List<Integer>> copy(List<List<Integer>> order) {
        List<List<Integer>> out = new ArrayList<>(order.size());
        for (List<Integer> col : order) {
            out.add(new ArrayList<>(col));
        }
        return out;
    }

    static double r(double v) {
        return Math.round(v * 10) / 10.0;
    }
}
