package dev.sightline.ui.graph;

import dev.sightline.query.signals.ServiceGraph;
import dev.sightline.store.rollup.RollupOptions;
import dev.sightline.ui.web.Format;
import dev.sightline.ui.web.PageQuery;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The service graph as the template draws it in SVG: boxes for services (linked to their pages), stadium shapes for
 * peers that send nothing themselves (databases, external APIs; linked to the graph focused on them), and curved
 * edges coloured by their error ratio and labelled with rate, error ratio and p95. Positions come from
 * {@link LayeredLayout}; this class only decides what each shape says and links to.
 */
public record GraphPicture(double width, double height, List<NodeShape> nodes, List<EdgeShape> edges,
                           int crossings) {
    /** Names longer than this are cut in the box; the full name is its tooltip. */
    static final int MAX_LABEL = 27;

    public GraphPicture {
        nodes = List.copyOf(nodes);
        edges = List.copyOf(edges);
    }

    /**
     * @param link the service page, or for a peer the graph focused on it; never from telemetry alone (always a
     *             path of this server), so a hostile name cannot become a javascript: link
     */
    public record NodeShape(String name, String label, boolean virtual, boolean focus, double x, double y,
                            double width, double height, String link) {
        public String cssClass() {
            return (virtual ? "node peer" : "node service") + (focus ? " focus" : "");
        }

        public double textX() {
            return LayeredLayout.r(x + width / 2);
        }

        public double textY() {
            return LayeredLayout.r(y + height / 2 + (virtual ? -1 : 4));
        }

        public double kindY() {
            return LayeredLayout.r(y + height - 5);
        }

        /** Half the height: the corner radius that makes a peer's box a stadium. */
        public double radius() {
            return virtual ? height / 2 : 4;
        }
    }

    public record EdgeShape(String caller, String callee, String path, double labelX, double labelY,
                            String label, String title, String errorClass) {
        public String marker() {
            return "url(#arrow-" + errorClass + ")";
        }
    }

    public static GraphPicture of(GraphSelection selection, String focus, String rangeQuery) {
        List<ServiceGraph.Node> nodes = selection.nodes();
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < nodes.size(); i++) {
            index.put(nodes.get(i).name(), i);
        }
        List<LayeredLayout.Link> links = new ArrayList<>();
        for (ServiceGraph.Edge e : selection.edges()) {
            links.add(new LayeredLayout.Link(index.get(e.caller()), index.get(e.callee())));
        }
        LayeredLayout.Result layout = LayeredLayout.of(nodes.size(), links);
        List<NodeShape> shapes = new ArrayList<>(nodes.size());
        for (int i = 0; i < nodes.size(); i++) {
            ServiceGraph.Node n = nodes.get(i);
            LayeredLayout.Placed p = layout.nodes().get(i);
            shapes.add(new NodeShape(n.name(), label(n.name()), n.virtual(), n.name().equals(focus), p.x(), p.y(),
                    LayeredLayout.NODE_WIDTH, LayeredLayout.NODE_HEIGHT, link(n, rangeQuery)));
        }
        List<EdgeShape> edges = new ArrayList<>();
        for (int i = 0; i < selection.edges().size(); i++) {
            ServiceGraph.Edge e = selection.edges().get(i);
            LayeredLayout.Route route = layout.routes().get(i);
            if (route.points().isEmpty()) {
                continue;
            }
            LayeredLayout.Point at = route.labelAt();
            String label = edgeLabel(e);
            edges.add(new EdgeShape(e.caller(), e.callee(), route.path(), at.x(), LayeredLayout.r(at.y() - 4),
                    label, e.caller() + " → " + e.callee() + "\n" + Format.count(e.calls()) + " calls, "
                    + Format.count(e.errors()) + " failed\n" + label, errorClass(e.errorRatio())));
        }
        return new GraphPicture(layout.width(), layout.height(), shapes, edges, layout.crossings());
    }

    static String link(ServiceGraph.Node n, String rangeQuery) {
        if (n.virtual() || RollupOptions.OTHER.equals(n.name())) {
            String range = rangeQuery.isEmpty() ? "?" : rangeQuery + "&";
            return "/service-graph" + range + "service=" + PageQuery.encode(n.name());
        }
        return "/services/" + PageQuery.segment(n.name()) + rangeQuery;
    }

    static String label(String name) {
        return name.length() <= MAX_LABEL ? name : name.substring(0, MAX_LABEL - 1) + "…";
    }

    public static String edgeLabel(ServiceGraph.Edge e) {
        return Format.rate(e.callsPerSecond()) + " · " + Format.percent(e.errorRatio()) + " · p95 "
                + Format.ms(e.latency().p95Ms());
    }

    /** The colour of an edge, at the services page's health thresholds (1 % warning, 5 % critical). */
    public static String errorClass(Double ratio) {
        if (ratio == null || ratio == 0) {
            return "err-none";
        }
        if (ratio < 0.01) {
            return "err-low";
        }
        return ratio < 0.05 ? "err-warn" : "err-crit";
    }
}
