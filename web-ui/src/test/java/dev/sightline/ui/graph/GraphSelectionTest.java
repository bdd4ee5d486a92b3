package dev.sightline.ui.graph;

import dev.sightline.query.signals.Latency;
import dev.sightline.query.signals.ServiceGraph;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class GraphSelectionTest {

    private static ServiceGraph.Edge edge(String caller, String callee, long calls) {
        return edge(caller, callee, calls, false);
    }

    private static ServiceGraph.Edge edge(String caller, String callee, long calls, boolean virtual) {
        return new ServiceGraph.Edge(caller, callee, virtual, calls, calls / 60.0, 0, 0.0,
                new Latency(calls, 1.0, 2.0, 3.0, 4.0));
    }

    private static ServiceGraph.Node node(String name) {
        return new ServiceGraph.Node(name, false);
    }

    /** a → b → c → d → e, and e → postgresql (a peer). */
    private static ServiceGraph.Graph chain() {
        return new ServiceGraph.Graph(List.of(node("a"), node("b"), node("c"), node("d"), node("e"),
                new ServiceGraph.Node("postgresql", true)), List.of(edge("a", "b", 5), edge("b", "c", 4),
                edge("c", "d", 3), edge("d", "e", 2), edge("e", "postgresql", 1, true)));
    }

    @Test
    void aSmallGraphIsDrawnWholeWithItsIdleServices() {
        ServiceGraph.Graph g = new ServiceGraph.Graph(List.of(node("a"), node("b"), node("idle")),
                List.of(edge("a", "b", 1)));
        GraphSelection s = GraphSelection.whole(g, 80, 200);
        assertThat(s.capped()).isFalse();
        assertThat(s.nodes()).extracting(ServiceGraph.Node::name).containsExactly("a", "b", "idle");
        assertThat(s.edges()).hasSize(1);
        assertThat(s.hiddenNodes()).isZero();
    }

    @Test
    void pastTheNodeCapTheBusiestEdgesAreDrawn() {
        List<ServiceGraph.Node> nodes = new ArrayList<>();
        List<ServiceGraph.Edge> edges = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            nodes.add(node("svc-" + i));
            nodes.add(node("api-" + i));
            edges.add(edge("api-" + i, "svc-" + i, i + 1));
        }
        ServiceGraph.Graph g = new ServiceGraph.Graph(nodes, edges);
        GraphSelection s = GraphSelection.whole(g, 10, 200);
        assertThat(s.capped()).isTrue();
        assertThat(s.nodes()).hasSize(10);
        // The five busiest pairs: calls 100, 99, 98, 97, 96.
        assertThat(s.edges()).extracting(ServiceGraph.Edge::calls).containsExactly(100L, 99L, 98L, 97L, 96L);
        assertThat(s.viewEdges()).hasSize(100);
        assertThat(s.viewEdges().get(0).calls()).isEqualTo(100);
        assertThat(s.hiddenEdges()).isEqualTo(95);
        assertThat(s.hiddenNodes()).isEqualTo(190);
    }

    @Test
    void edgesBetweenNodesAlreadyDrawnStillFitAtTheCap() {
        // a ⇄ b is busy, c → d less so: with room for two nodes, a → b and b → a are both drawn.
        ServiceGraph.Graph g = new ServiceGraph.Graph(List.of(node("a"), node("b"), node("c"), node("d")),
                List.of(edge("a", "b", 10), edge("c", "d", 5), edge("b", "a", 1)));
        GraphSelection s = GraphSelection.whole(g, 2, 200);
        assertThat(s.edges()).extracting(e -> e.caller() + ">" + e.callee()).containsExactly("a>b", "b>a");
    }

    @Test
    void theEdgeCapAlsoApplies() {
        ServiceGraph.Graph g = new ServiceGraph.Graph(List.of(node("a"), node("b"), node("c")),
                List.of(edge("a", "b", 3), edge("b", "c", 2), edge("a", "c", 1)));
        GraphSelection s = GraphSelection.whole(g, 80, 2);
        assertThat(s.capped()).isTrue();
        assertThat(s.edges()).extracting(ServiceGraph.Edge::calls).containsExactly(3L, 2L);
    }

    @Test
    void focusShowsTheNeighbourhoodUpToTheDepth() {
        GraphSelection one = GraphSelection.around(chain(), "c", 1, 80, 200);
        assertThat(one.nodes()).extracting(ServiceGraph.Node::name).containsExactly("b", "c", "d");
        assertThat(one.edges()).extracting(e -> e.caller() + ">" + e.callee()).containsExactlyInAnyOrder("b>c", "c>d");
        assertThat(one.capped()).isFalse();

        GraphSelection two = GraphSelection.around(chain(), "c", 2, 80, 200);
        assertThat(two.nodes()).extracting(ServiceGraph.Node::name).containsExactly("a", "b", "c", "d", "e");
        GraphSelection three = GraphSelection.around(chain(), "c", 3, 80, 200);
        assertThat(three.nodes()).extracting(ServiceGraph.Node::name).contains("postgresql");
    }

    @Test
    void aPeerCanBeTheFocusAndStaysAPeer() {
        GraphSelection s = GraphSelection.around(chain(), "postgresql", 1, 80, 200);
        assertThat(s.nodes()).containsExactly(node("e"), new ServiceGraph.Node("postgresql", true));
    }

    @Test
    void aFocusWithoutCallsIsDrawnAlone() {
        ServiceGraph.Graph g = new ServiceGraph.Graph(List.of(node("lonely"), node("a"), node("b")),
                List.of(edge("a", "b", 1)));
        GraphSelection s = GraphSelection.around(g, "lonely", 2, 80, 200);
        assertThat(s.nodes()).extracting(ServiceGraph.Node::name).containsExactly("lonely");
        assertThat(s.edges()).isEmpty();
    }

    @Test
    void aBusyNeighbourhoodKeepsTheFocusAndItsDirectNeighboursFirst() {
        // hub calls 50 services; each of those calls a busier service of its own (2 hops away).
        List<ServiceGraph.Node> nodes = new ArrayList<>(List.of(node("hub")));
        List<ServiceGraph.Edge> edges = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            nodes.add(node("near-" + i));
            nodes.add(node("far-" + i));
            edges.add(edge("hub", "near-" + i, 1));
            edges.add(edge("near-" + i, "far-" + i, 1000));
        }
        GraphSelection s = GraphSelection.around(new ServiceGraph.Graph(nodes, edges), "hub", 2, 30, 200);
        assertThat(s.capped()).isTrue();
        assertThat(s.nodes()).hasSize(30).extracting(ServiceGraph.Node::name).contains("hub")
                .allMatch(n -> n.equals("hub") || n.startsWith("near-"));
        assertThat(s.viewNodes()).isEqualTo(101);
    }
}
