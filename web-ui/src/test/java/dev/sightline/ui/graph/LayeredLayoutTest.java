package dev.sightline.ui.graph;

import dev.sightline.ui.graph.LayeredLayout.Link;
import dev.sightline.ui.graph.LayeredLayout.Placed;
import dev.sightline.ui.graph.LayeredLayout.Result;
import dev.sightline.ui.graph.LayeredLayout.Route;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LayeredLayoutTest {

    @Test
    void callersAreLeftOfTheirCallees() {
        // 0 → 1 → 2, and 0 → 3 (a database the entry point calls directly)
        Result r = LayeredLayout.of(4, List.of(new Link(0, 1), new Link(1, 2), new Link(0, 3)));
        assertThat(r.nodes()).extracting(Placed::layer).containsExactly(0, 1, 2, 1);
        assertThat(r.nodes().get(0).x()).isLessThan(r.nodes().get(1).x());
        assertThat(r.nodes().get(1).x()).isLessThan(r.nodes().get(2).x());
        for (Route route : r.routes()) {
            assertThat(route.reversed()).isFalse();
            assertThat(route.points().get(0).x()).isLessThan(route.points().get(route.points().size() - 1).x());
        }
        assertThat(r.layers()).isEqualTo(3);
        assertThat(r.width()).isEqualTo(2 * LayeredLayout.PAD + 3 * LayeredLayout.NODE_WIDTH
                + 2 * LayeredLayout.GAP_X);
    }

    @Test
    void aCycleIsBrokenByDrawingOneCallBackwardsStillEndingAtItsCallee() {
        // 0 → 1 → 2 → 0: one of the three must go right to left.
        List<Link> links = List.of(new Link(0, 1), new Link(1, 2), new Link(2, 0));
        Result r = LayeredLayout.of(3, links);
        assertThat(r.routes().stream().filter(Route::reversed).count()).isEqualTo(1);
        assertThat(r.nodes()).extracting(Placed::layer).doesNotHaveDuplicates();
        for (int i = 0; i < links.size(); i++) {
            Route route = r.routes().get(i);
            Placed callee = r.nodes().get(links.get(i).to());
            Placed caller = r.nodes().get(links.get(i).from());
            LayeredLayout.Point end = route.points().get(route.points().size() - 1);
            LayeredLayout.Point start = route.points().get(0);
            // The arrow ends on the callee's box edge that faces the caller.
            double calleeSide = caller.x() < callee.x() ? callee.x() : callee.x() + LayeredLayout.NODE_WIDTH;
            double callerSide = caller.x() < callee.x() ? caller.x() + LayeredLayout.NODE_WIDTH : caller.x();
            assertThat(end.x()).isEqualTo(calleeSide);
            assertThat(start.x()).isEqualTo(callerSide);
        }
    }

    @Test
    void twoServicesCallingEachOtherGetTwoSeparateLines() {
        Result r = LayeredLayout.of(2, List.of(new Link(0, 1), new Link(1, 0)));
        Route forward = r.routes().get(0);
        Route back = r.routes().get(1);
        assertThat(forward.reversed()).isNotEqualTo(back.reversed());
        assertThat(forward.path()).isNotEqualTo(back.path());
        assertThat(forward.labelAt()).isNotEqualTo(back.labelAt());
    }

    @Test
    void barycentreOrderingUntanglesCrossedCalls() {
        // Input order puts the callees upside down: 0 → 3 and 1 → 2 cross in index order.
        Result r = LayeredLayout.of(4, List.of(new Link(0, 3), new Link(1, 2)));
        assertThat(r.crossings()).isZero();
        assertThat(r.nodes().get(3).y()).isLessThan(r.nodes().get(2).y());
    }

    @Test
    void treesAreDrawnWithoutCrossingsWhateverTheInputOrder() {
        // A tree always has a drawing without crossings; the sweeps must find one from any shuffled order.
        Random random = new Random(42);
        for (int round = 0; round < 20; round++) {
            int n = 40;
            List<Integer> shuffled = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                shuffled.add(i);
            }
            java.util.Collections.shuffle(shuffled, random);
            List<Link> links = new ArrayList<>();
            for (int child = 1; child < n; child++) {
                int parent = random.nextInt(child);
                links.add(new Link(shuffled.get(parent), shuffled.get(child)));
            }
            Result r = LayeredLayout.of(n, links);
            assertThat(r.crossings()).as("round %d", round).isZero();
            assertThat(geometricCrossings(r, links)).as("round %d", round).isZero();
        }
    }

    @Test
    void orderingNeverEndsWithMoreCrossingsThanTheInputOrder() {
        Random random = new Random(7);
        for (int round = 0; round < 30; round++) {
            // Two layers, random calls: the input order's crossings are the baseline to beat or match.
            int left = 8;
            int right = 8;
            List<Link> links = new ArrayList<>();
            for (int a = 0; a < left; a++) {
                for (int b = 0; b < right; b++) {
                    if (random.nextInt(4) == 0) {
                        links.add(new Link(a, left + b));
                    }
                }
            }
            int inputOrder = 0;
            for (int i = 0; i < links.size(); i++) {
                for (int j = i + 1; j < links.size(); j++) {
                    Link s = links.get(i);
                    Link t = links.get(j);
                    if ((long) (s.from() - t.from()) * (s.to() - t.to()) < 0) {
                        inputOrder++;
                    }
                }
            }
            Result r = LayeredLayout.of(left + right, links);
            assertThat(r.crossings()).isLessThanOrEqualTo(inputOrder);
            assertThat(geometricCrossings(r, links)).isEqualTo(r.crossings());
        }
    }

    @Test
    void aLongCallIsRoutedAroundTheNodesOfTheLayersItCrosses() {
        // 0 → 1 → 2 and 0 → 2: the long call passes layer 1 through a point of its own, not through node 1.
        Result r = LayeredLayout.of(3, List.of(new Link(0, 1), new Link(1, 2), new Link(0, 2)));
        Route longCall = r.routes().get(2);
        assertThat(longCall.points()).hasSize(4);
        double passing = longCall.points().get(1).y();
        assertThat(passing).isNotEqualTo(r.nodes().get(1).centerY());
        assertThat(longCall.points().get(1).x()).isEqualTo(r.nodes().get(1).x());
        // Its label sits in the middle, on the straight part through layer 1.
        assertThat(longCall.labelAt().x()).isEqualTo(r.nodes().get(1).x() + LayeredLayout.NODE_WIDTH / 2);
    }

    @Test
    void layersAreCentredOnTheTallest() {
        // Layer 0 has one node, layer 1 three: the single node sits level with the middle one.
        Result r = LayeredLayout.of(4, List.of(new Link(0, 1), new Link(0, 2), new Link(0, 3)));
        List<Double> ys = r.nodes().subList(1, 4).stream().map(Placed::y).sorted().toList();
        assertThat(r.nodes().get(0).y()).isEqualTo(ys.get(1));
        assertThat(r.height()).isEqualTo(2 * LayeredLayout.PAD + 2 * LayeredLayout.ROW + LayeredLayout.NODE_HEIGHT);
    }

    @Test
    void pathsAreCurvesBetweenTheRoutePointsAndLabelsSitMidway() {
        Result r = LayeredLayout.of(2, List.of(new Link(0, 1)));
        Route route = r.routes().get(0);
        LayeredLayout.Point a = route.points().get(0);
        LayeredLayout.Point b = route.points().get(1);
        assertThat(route.path()).isEqualTo("M" + a.x() + "," + a.y() + " C" + (a.x() + b.x()) / 2 + "," + a.y() + " "
                + (a.x() + b.x()) / 2 + "," + b.y() + " " + b.x() + "," + b.y());
        assertThat(route.labelAt()).isEqualTo(new LayeredLayout.Point((a.x() + b.x()) / 2, (a.y() + b.y()) / 2));
    }

    @Test
    void isolatedNodesAndSelfCallsAreHandled() {
        Result r = LayeredLayout.of(3, List.of(new Link(1, 1)));
        assertThat(r.nodes()).extracting(Placed::layer).containsExactly(0, 0, 0);
        assertThat(r.routes().get(0).points()).isEmpty();
        assertThat(r.routes().get(0).path()).isEmpty();
        assertThat(LayeredLayout.of(0, List.of()).nodes()).isEmpty();
        assertThatThrownBy(() -> LayeredLayout.of(2, List.of(new Link(0, 2))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theSameGraphAlwaysGivesTheSamePicture() {
        List<Link> links = List.of(new Link(0, 4), new Link(1, 3), new Link(2, 3), new Link(0, 2), new Link(4, 1),
                new Link(3, 0));
        assertThat(LayeredLayout.of(5, links)).isEqualTo(LayeredLayout.of(5, links));
    }

    /**
     * Crossings counted from the drawing itself (segment end rows between neighbouring layers), to check that
     * the count the layout reports is what the picture shows.
     */
    private static int geometricCrossings(Result r, List<Link> links) {
        List<double[]> segments = new ArrayList<>();
        for (int i = 0; i < links.size(); i++) {
            List<LayeredLayout.Point> p = r.routes().get(i).points();
            for (int k = 0; k + 1 < p.size(); k++) {
                if (p.get(k).x() != p.get(k + 1).x()) {
                    double x0 = Math.min(p.get(k).x(), p.get(k + 1).x());
                    double y0 = p.get(k).x() < p.get(k + 1).x() ? p.get(k).y() : p.get(k + 1).y();
                    double y1 = p.get(k).x() < p.get(k + 1).x() ? p.get(k + 1).y() : p.get(k).y();
                    if (Math.abs(p.get(k).x() - p.get(k + 1).x()) == LayeredLayout.GAP_X) {
                        segments.add(new double[] {x0, y0, y1});
                    }
                }
            }
        }
        int count = 0;
        for (int i = 0; i < segments.size(); i++) {
            for (int j = i + 1; j < segments.size(); j++) {
                double[] s = segments.get(i);
                double[] t = segments.get(j);
                if (s[0] == t[0] && (s[1] - t[1]) * (s[2] - t[2]) < 0) {
                    count++;
                }
            }
        }
        return count;
    }
}
