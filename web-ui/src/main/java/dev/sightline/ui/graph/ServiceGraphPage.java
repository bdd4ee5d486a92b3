package dev.sightline.ui.graph;

import dev.sightline.query.signals.ServiceGraph;
import dev.sightline.store.query.TimeRange;
import dev.sightline.ui.web.PageException;
import dev.sightline.ui.web.PageQuery;
import dev.sightline.ui.web.UiParams;
import dev.sightline.ui.web.UiRange;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * The dependency graph over the range, laid out on the server as SVG, and every edge of the view in a table
 * below it. {@code service} focuses on one service's neighbourhood ({@code depth} calls away, 1 to 3); without it,
 * a graph past {@value GraphSelection#MAX_NODES} nodes shows its busiest edges and says so.
 *
 * <p>Cost: the graph is read from per-minute edge rollups of every service (there are no merged hours for edges),
 * so it grows with the range: the default is the last hour, and a day takes about half a second with the query
 * benchmark's data. Longer ranges are cut to their last {@link #MAX_RANGE}, and the page says so.
 */
@Path("/service-graph")
@Produces(MediaType.TEXT_HTML)
public class ServiceGraphPage {
    static final int TABLE_PAGE = 100;
    /** The longest stretch of edge rollups one page reads (see the class comment). */
    static final Duration MAX_RANGE = Duration.ofHours(24);

    @CheckedTemplate(basePath = "graph")
    static class Templates {
        static native TemplateInstance graph(GraphView view);
    }

    /** What the graph page shows; {@code table} is the current page of the view's edges, busiest first. */
    public record GraphView(UiRange range, PageQuery query, String focus, int depth, GraphSelection selection,
                            GraphPicture picture, long services, long peers, List<ServiceGraph.Edge> table,
                            int page, int pages, long clippedToHours) {
        public int maxNodes() {
            return GraphSelection.MAX_NODES;
        }

        public List<Integer> depths() {
            return List.of(1, 2, 3);
        }

        public String nodeLink(String name, boolean virtual) {
            return GraphPicture.link(new ServiceGraph.Node(name, virtual), query.rangeQuery());
        }

        public String label(ServiceGraph.Edge e) {
            return GraphPicture.edgeLabel(e);
        }

        public String errorClass(ServiceGraph.Edge e) {
            return GraphPicture.errorClass(e.errorRatio());
        }
    }

    private final ServiceGraph graph;
    private final Clock clock;

    public ServiceGraphPage(ServiceGraph graph, Clock clock) {
        this.graph = graph;
        this.clock = clock;
    }

    @GET
    @Operation(hidden = true)
    public TemplateInstance graph(@QueryParam("range") String range, @QueryParam("start") String start,
                                  @QueryParam("end") String end, @QueryParam("service") String service,
                                  @QueryParam("depth") String depth, @QueryParam("page") String page,
                                  @Context UriInfo uri) {
        UiRange r = UiRange.of(range, start, end, clock);
        String focus = UiParams.text(service);
        int hops = UiParams.limit("depth", depth, 1, GraphSelection.MAX_DEPTH);
        PageQuery query = PageQuery.of(uri);
        TimeRange read = r.range();
        long clipped = 0;
        if (r.length().compareTo(MAX_RANGE) > 0) {
            read = new TimeRange(read.toEpochNanos() - MAX_RANGE.toNanos(), read.toEpochNanos());
            clipped = MAX_RANGE.toHours();
        }
        ServiceGraph.Graph g = graph.graph(read);
        GraphSelection selection;
        if (focus == null) {
            selection = GraphSelection.whole(g, GraphSelection.MAX_NODES, GraphSelection.MAX_EDGES);
        } else {
            if (g.nodes().stream().noneMatch(n -> n.name().equals(focus))) {
                throw PageException.notFound("No service or peer named “" + focus + "” in the service graph.");
            }
            selection = GraphSelection.around(g, focus, hops, GraphSelection.MAX_NODES, GraphSelection.MAX_EDGES);
        }
        GraphPicture picture = GraphPicture.of(selection, focus, query.rangeQuery());
        List<ServiceGraph.Edge> all = selection.viewEdges();
        int pages = Math.max(1, (all.size() + TABLE_PAGE - 1) / TABLE_PAGE);
        int current = Math.min(UiParams.limit("page", page, 1, Integer.MAX_VALUE), pages);
        List<ServiceGraph.Edge> table = all.subList((current - 1) * TABLE_PAGE,
                Math.min(all.size(), current * TABLE_PAGE));
        long peers = selection.nodes().stream().filter(ServiceGraph.Node::virtual).count();
        return Templates.graph(new GraphView(r, query, focus, hops, selection, picture,
                selection.nodes().size() - peers, peers, List.copyOf(table), current, pages, clipped));
    }
}
