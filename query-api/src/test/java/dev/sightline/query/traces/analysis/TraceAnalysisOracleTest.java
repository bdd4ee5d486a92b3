package dev.sightline.query.traces.analysis;

import dev.sightline.store.model.Span;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static dev.sightline.query.traces.analysis.TraceAnalysisTest.analyze;
import static dev.sightline.query.traces.analysis.TraceAnalysisTest.span;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random small traces (some with children outside their parents, orphans and zero-length spans) checked against
 * slow, obviously-correct answers: self time by counting every nanosecond, and the critical path by Jaeger UI's
 * recursive formulation, which re-filters the children at every step instead of keeping a cursor.
 */
class TraceAnalysisOracleTest {

    @RepeatedTest(300)
    void agreesWithTheSlowAnswers(RepetitionInfo repetition) {
        Random random = new Random(repetition.getCurrentRepetition());
        List<Span> spans = randomTrace(random);
        TraceAnalysis analysis = analyze(spans);
        Oracle oracle = new Oracle(spans);

        assertThat(analysis.inDisplayOrder()).hasSize(spans.size());
        long pathSum = 0;
        Map<Integer, Integer> position = new HashMap<>();
        for (int k = 0; k < analysis.inDisplayOrder().size(); k++) {
            SpanTiming t = analysis.inDisplayOrder().get(k);
            position.put(t.index(), k);
            String what = "span " + t.index() + " of " + describe(spans);
            assertThat(t.selfTimeNanos()).as("self time of " + what).isEqualTo(oracle.selfTime(t.index()));
            assertThat(t.criticalPathNanos()).as("critical path time of " + what).isEqualTo(oracle.pathNanos[t.index()]);
            assertThat(t.onCriticalPath()).as("on path: " + what).isEqualTo(oracle.onPath[t.index()]);
            pathSum += t.criticalPathNanos();
            int parent = oracle.parent[t.index()];
            if (parent >= 0) {
                assertThat(position).as("parent before child: " + what).containsKey(parent);
                assertThat(t.depth()).isEqualTo(analysis.inDisplayOrder().get(position.get(parent)).depth() + 1);
                if (t.onCriticalPath()) {
                    assertThat(oracle.onPath[parent]).as("a path span's parent is on the path: " + what).isTrue();
                }
            } else {
                assertThat(t.depth()).isZero();
            }
        }
        assertThat(analysis.criticalPathNanos()).isEqualTo(pathSum);
    }

    /** A trace in one short line: id<-parent[start,end]. */
    private static String describe(List<Span> spans) {
        StringBuilder b = new StringBuilder();
        for (Span s : spans) {
            b.append(s.spanId().value()).append("<-").append(s.parentSpanId() == null ? "" : s.parentSpanId().value())
                    .append('[').append(s.startEpochNanos()).append(',').append(s.endEpochNanos()).append("] ");
        }
        return b.toString().trim();
    }

    private static List<Span> randomTrace(Random random) {
        int n = 1 + random.nextInt(25);
        List<Span> spans = new ArrayList<>();
        long[] start = new long[n];
        long[] end = new long[n];
        for (int i = 0; i < n; i++) {
            Long parent = null;
            long from = 0;
            long to = 200;
            if (i > 0 && random.nextInt(8) != 0) {
                int p = random.nextInt(i);
                parent = (long) p + 1;
                from = start[p];
                to = end[p];
                if (random.nextInt(6) == 0) {
                    // Clock skew: let the child stray up to 30 ns outside its parent.
                    from -= 30;
                    to += 30;
                }
            } else if (i > 0) {
                parent = 1000L + i; // never sent: an orphan
            }
            start[i] = from + random.nextInt((int) (to - from + 1));
            end[i] = random.nextInt(5) == 0 ? start[i] : start[i] + random.nextInt((int) (to - start[i] + 1));
            spans.add(span(i + 1, parent, start[i], end[i]));
        }
        return spans;
    }

    /** Quadratic and recursive on purpose: only for small traces. Spans here have distinct IDs and no loops. */
    private static final class Oracle {
        final List<Span> spans;
        final int[] parent;
        final long[] clippedStart;
        final long[] clippedEnd;
        final boolean[] onPath;
        final long[] pathNanos;

        Oracle(List<Span> spans) {
            this.spans = spans;
            int n = spans.size();
            parent = new int[n];
            for (int i = 0; i < n; i++) {
                parent[i] = -1;
                for (int j = 0; j < n; j++) {
                    if (spans.get(j).spanId().equals(spans.get(i).parentSpanId())) {
                        parent[i] = j;
                    }
                }
            }
            clippedStart = new long[n];
            clippedEnd = new long[n];
            for (int i = 0; i < n; i++) {
                clip(i);
            }
            onPath = new boolean[n];
            pathNanos = new long[n];
            List<Integer> roots = new ArrayList<>();
            long last = Long.MIN_VALUE;
            for (int i = 0; i < n; i++) {
                if (parent[i] < 0) {
                    roots.add(i);
                    last = Math.max(last, spans.get(i).endEpochNanos());
                }
            }
            walk(-1, roots, last, new boolean[n]);
        }

        /** Parents come before children in these traces, so the parent is clipped already. */
        void clip(int i) {
            long s = spans.get(i).startEpochNanos();
            long e = spans.get(i).endEpochNanos();
            if (parent[i] >= 0) {
                int p = parent[i];
                s = Math.min(Math.max(s, clippedStart[p]), clippedEnd[p]);
                e = Math.min(Math.max(e, clippedStart[p]), clippedEnd[p]);
            }
            clippedStart[i] = s;
            clippedEnd[i] = e;
        }

        boolean detached(int i) {
            int p = parent[i];
            return p >= 0 && (spans.get(i).endEpochNanos() < clippedStart[p]
                    || spans.get(i).startEpochNanos() > clippedEnd[p]);
        }

        /**
         * Walks back from {@code point} through the owner's children (the roots for owner -1), crediting the gaps
         * to the owner; returns the point reached when no child is left.
         */
        long walk(int owner, List<Integer> children, long point, boolean[] visited) {
            while (true) {
                int best = -1;
                for (int c : children) {
                    if (visited[c] || detached(c) || clippedEnd[c] > point) {
                        continue;
                    }
                    if (best < 0 || clippedEnd[c] > clippedEnd[best]
                            || (clippedEnd[c] == clippedEnd[best] && clippedStart[c] > clippedStart[best])) {
                        best = c;
                    }
                }
                if (best < 0) {
                    return point;
                }
                visited[best] = true;
                onPath[best] = true;
                if (owner >= 0) {
                    pathNanos[owner] += point - clippedEnd[best];
                }
                List<Integer> grandchildren = new ArrayList<>();
                for (int j = 0; j < spans.size(); j++) {
                    if (parent[j] == best) {
                        grandchildren.add(j);
                    }
                }
                long reached = walk(best, grandchildren, clippedEnd[best], visited);
                pathNanos[best] += reached - clippedStart[best];
                point = clippedStart[best];
            }
        }

        long selfTime(int i) {
            long s = spans.get(i).startEpochNanos();
            long e = Math.max(s, spans.get(i).endEpochNanos());
            long self = 0;
            for (long t = s; t < e; t++) {
                boolean covered = false;
                for (int j = 0; j < spans.size() && !covered; j++) {
                    Span c = spans.get(j);
                    covered = parent[j] == i && c.startEpochNanos() <= t && t < c.endEpochNanos();
                }
                if (!covered) {
                    self++;
                }
            }
            return self;
        }
    }
}
