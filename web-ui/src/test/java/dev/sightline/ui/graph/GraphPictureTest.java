package dev.sightline.ui.graph;

import dev.sightline.query.signals.Latency;
import dev.sightline.query.signals.ServiceGraph;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class GraphPictureTest {
    private static final String HOSTILE = "<script>window.__pwned=1</script>";

    private static ServiceGraph.Edge edge(String caller, String callee, boolean virtual, long calls, long errors) {
        return new ServiceGraph.Edge(caller, callee, virtual, calls, calls / 3600.0, errors,
                calls == 0 ? null : (double) errors / calls, new Latency(calls, 10.0, 48.0, 60.0, 70.0));
    }

    @Test
    void servicesLinkToTheirPagesAndPeersToTheGraphAroundThem() {
        // Nodes come sorted by name, as ServiceGraph gives them.
        ServiceGraph.Graph g = new ServiceGraph.Graph(List.of(new ServiceGraph.Node(HOSTILE, false),
                new ServiceGraph.Node("postgresql/orders", true), new ServiceGraph.Node("web", false)),
                List.of(edge("web", HOSTILE, false, 20, 5), edge(HOSTILE, "postgresql/orders", true, 20, 0)));
        GraphPicture p = GraphPicture.of(GraphSelection.whole(g, 80, 200), "web", "?range=6h");
        assertThat(p.nodes()).extracting(GraphPicture.NodeShape::link).containsExactly(
                "/services/%3Cscript%3Ewindow.__pwned%3D1%3C%2Fscript%3E?range=6h",
                "/service-graph?range=6h&service=postgresql%2Forders",
                "/services/web?range=6h");
        assertThat(p.nodes()).extracting(GraphPicture.NodeShape::cssClass)
                .containsExactly("node service", "node peer", "node service focus");
        assertThat(p.nodes().get(1).radius()).isEqualTo(LayeredLayout.NODE_HEIGHT / 2);
        // Callers left of callees: web, then the hostile service, then the database.
        assertThat(p.nodes().get(2).x()).isLessThan(p.nodes().get(0).x());
        assertThat(p.nodes().get(0).x()).isLessThan(p.nodes().get(1).x());
        assertThat(GraphPicture.link(new ServiceGraph.Node("db", true), "")).isEqualTo("/service-graph?service=db");
    }

    @Test
    void edgesSayRateErrorsAndP95AndAreColouredByTheirErrorRatio() {
        ServiceGraph.Edge failing = edge("web", "api", false, 20, 5);
        assertThat(GraphPicture.edgeLabel(failing)).isEqualTo("0.3/min · 25.0 % · p95 48 ms");
        assertThat(GraphPicture.errorClass(null)).isEqualTo("err-none");
        assertThat(GraphPicture.errorClass(0.0)).isEqualTo("err-none");
        assertThat(GraphPicture.errorClass(0.005)).isEqualTo("err-low");
        assertThat(GraphPicture.errorClass(0.01)).isEqualTo("err-warn");
        assertThat(GraphPicture.errorClass(0.05)).isEqualTo("err-crit");
        ServiceGraph.Graph g = new ServiceGraph.Graph(List.of(), List.of(failing, edge("api", "api", false, 3, 0)));
        GraphPicture p = GraphPicture.of(GraphSelection.whole(g, 80, 200), null, "");
        // The call of a service to itself has no line to draw; the table still lists it.
        assertThat(p.edges()).singleElement().satisfies(e -> {
            assertThat(e.label()).isEqualTo("0.3/min · 25.0 % · p95 48 ms");
            assertThat(e.errorClass()).isEqualTo("err-crit");
            assertThat(e.marker()).isEqualTo("url(#arrow-err-crit)");
            assertThat(e.title()).startsWith("web → api\n20 calls, 5 failed");
            assertThat(e.path()).startsWith("M");
        });
    }

    @Test
    void longNamesAreCutInTheBoxOnly() {
        String name = "a-very-long-service-name-that-goes-on";
        assertThat(GraphPicture.label(name)).hasSize(GraphPicture.MAX_LABEL).endsWith("…");
        assertThat(GraphPicture.label("short")).isEqualTo("short");
    }
}
