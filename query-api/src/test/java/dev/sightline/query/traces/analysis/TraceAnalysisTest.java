package dev.sightline.query.traces.analysis;

import dev.sightline.store.model.InstrumentationScope;
import dev.sightline.store.model.Resource;
import dev.sightline.store.model.Scoped;
import dev.sightline.store.model.Span;
import dev.sightline.store.model.SpanId;
import dev.sightline.store.model.SpanKind;
import dev.sightline.store.model.SpanStatus;
import dev.sightline.store.model.TraceId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hand-built traces with the answer worked out on paper; the times are small numbers of nanoseconds so each
 * expected value can be checked by eye against the picture in the test's comment.
 */
class TraceAnalysisTest {
    private static final TraceId TRACE = new TraceId(1, 2);

    static Span span(long id, Long parent, long start, long end) {
        return new Span(TRACE, new SpanId(id), "", parent == null ? null : new SpanId(parent), 0, "s" + id,
                SpanKind.INTERNAL, start, end, List.of(), 0, List.of(), 0, List.of(), 0, SpanStatus.UNSET);
    }

    static TraceAnalysis analyze(Span... spans) {
        return analyze(List.of(spans));
    }

    static TraceAnalysis analyze(List<Span> spans) {
        return TraceAnalysis.of(spans.stream()
                .map(s -> new Scoped<>(Resource.EMPTY, new InstrumentationScope("t", "", List.of(), 0, ""), s))
                .toList());
    }

    /** Timings by span ID in hex's last digits (tests use small IDs). */
    static Map<Long, SpanTiming> byId(TraceAnalysis a) {
        return a.inDisplayOrder().stream().collect(Collectors.toMap(t -> t.spanId().value(), Function.identity(),
                (x, y) -> x));
    }

    static List<Long> displayIds(TraceAnalysis a) {
        return a.inDisplayOrder().stream().map(t -> t.spanId().value()).toList();
    }

    static void assertTiming(SpanTiming t, long self, boolean onPath, long pathNanos, int depth) {
        assertThat(t.selfTimeNanos()).as("self time of %s", t.spanId()).isEqualTo(self);
        assertThat(t.onCriticalPath()).as("on the critical path: %s", t.spanId()).isEqualTo(onPath);
        assertThat(t.criticalPathNanos()).as("critical path time of %s", t.spanId()).isEqualTo(pathNanos);
        assertThat(t.depth()).as("depth of %s", t.spanId()).isEqualTo(depth);
    }

    @Test
    void singleSpanIsAllSelfTimeAndTheWholeCriticalPath() {
        TraceAnalysis a = analyze(span(1, null, 0, 100));
        assertTiming(a.inDisplayOrder().get(0), 100, true, 100, 0);
        assertThat(a.criticalPathNanos()).isEqualTo(100);
        assertThat(a.warnings()).isEmpty();
    }

    @Test
    void emptyTraceHasNothingToSay() {
        TraceAnalysis a = analyze(List.of());
        assertThat(a.inDisplayOrder()).isEmpty();
        assertThat(a.criticalPathNanos()).isZero();
    }

    @Test
    void sequentialChildrenAreBothOnThePathAndTheGapsBelongToTheParent() {
        // 1 [0 ................................ 100]
        // 2    [10 ...... 40]
        // 3                    [50 ......... 90]
        Map<Long, SpanTiming> t = byId(analyze(span(1, null, 0, 100), span(2, 1L, 10, 40), span(3, 1L, 50, 90)));
        assertTiming(t.get(1L), 30, true, 30, 0);
        assertTiming(t.get(2L), 30, true, 30, 1);
        assertTiming(t.get(3L), 40, true, 40, 1);
    }

    @Test
    void childThatEndsExactlyWhenTheNextStartsStaysOnThePath() {
        Map<Long, SpanTiming> t = byId(analyze(span(1, null, 0, 100), span(2, 1L, 0, 50), span(3, 1L, 50, 100)));
        assertTiming(t.get(1L), 0, true, 0, 0);
        assertTiming(t.get(2L), 50, true, 50, 1);
        assertTiming(t.get(3L), 50, true, 50, 1);
    }

    @Test
    void parallelChildrenAreSubtractedOnceAndOnlyTheLastToFinishIsOnThePath() {
        // 1 [0 ................................ 100]
        // 2    [10 .......................... 90]
        // 3         [20 ........ 60]
        TraceAnalysis a = analyze(span(1, null, 0, 100), span(2, 1L, 10, 90), span(3, 1L, 20, 60));
        Map<Long, SpanTiming> t = byId(a);
        assertTiming(t.get(1L), 20, true, 20, 0);
        assertTiming(t.get(2L), 80, true, 80, 1);
        assertTiming(t.get(3L), 40, false, 0, 1);
        assertThat(a.criticalPathNanos()).isEqualTo(100);
    }

    @Test
    void overlappingChildrenCountTheirUnionAndThePathSkipsTheOneStillRunning() {
        // 1 [0 ................................ 100]
        // 2    [10 .............. 60]
        // 3              [40 ................ 90]
        Map<Long, SpanTiming> t = byId(analyze(span(1, null, 0, 100), span(2, 1L, 10, 60), span(3, 1L, 40, 90)));
        assertTiming(t.get(1L), 20, true, 50, 0);
        assertTiming(t.get(3L), 50, true, 50, 1);
        assertTiming(t.get(2L), 50, false, 0, 1);
    }

    @Test
    void nestedSpansWalkDownAndBackUp() {
        // 1 [0 ................................ 100]
        // 2    [10 ........................ 90]
        // 3       [20 .... 50]
        // 4                    [60 ... 80]
        TraceAnalysis a = analyze(span(1, null, 0, 100), span(2, 1L, 10, 90), span(3, 2L, 20, 50),
                span(4, 2L, 60, 80));
        Map<Long, SpanTiming> t = byId(a);
        assertTiming(t.get(1L), 20, true, 20, 0);
        assertTiming(t.get(2L), 30, true, 30, 1);
        assertTiming(t.get(3L), 30, true, 30, 2);
        assertTiming(t.get(4L), 20, true, 20, 2);
        assertThat(a.criticalPathNanos()).isEqualTo(100);
        assertThat(displayIds(a)).containsExactly(1L, 2L, 3L, 4L);
    }

    @Test
    void childOutlivingItsParentIsClippedForThePathButKeepsItsOwnSelfTime() {
        // 1 [0 ........ 100]
        // 2        [50 .............. 150]   (asynchronous work, or a skewed clock)
        TraceAnalysis a = analyze(span(1, null, 0, 100), span(2, 1L, 50, 150));
        Map<Long, SpanTiming> t = byId(a);
        assertTiming(t.get(1L), 50, true, 50, 0);
        assertTiming(t.get(2L), 100, true, 50, 1);
        assertThat(a.criticalPathNanos()).isEqualTo(100);
        assertThat(a.warnings()).singleElement().asString().contains("outside its parent");
    }

    @Test
    void childStartingBeforeItsParentIsClippedToo() {
        TraceAnalysis a = analyze(span(1, null, 100, 200), span(2, 1L, 50, 150));
        Map<Long, SpanTiming> t = byId(a);
        assertTiming(t.get(1L), 50, true, 50, 0);
        assertTiming(t.get(2L), 100, true, 50, 1);
        assertThat(a.criticalPathNanos()).isEqualTo(100);
    }

    @Test
    void childWhollyOutsideItsParentIsNotOnThePath() {
        TraceAnalysis a = analyze(span(1, null, 0, 100), span(2, 1L, 200, 300), span(3, 2L, 210, 220));
        Map<Long, SpanTiming> t = byId(a);
        assertTiming(t.get(1L), 100, true, 100, 0);
        assertTiming(t.get(2L), 90, false, 0, 1);
        assertTiming(t.get(3L), 10, false, 0, 2);
    }

    @Test
    void orphansBecomeRootsChainedLikeChildrenOfTheMissingParent() {
        // 1 [0 ......... 100]                      root
        // 2    [10 .. 50]
        // 3                    [120 ........ 200]  parent 99 never arrived
        // 4                       [130 . 150]
        // 5                     [125 . 140]        parent 98 never arrived, runs beside 3
        TraceAnalysis a = analyze(span(1, null, 0, 100), span(2, 1L, 10, 50), span(3, 99L, 120, 200),
                span(4, 3L, 130, 150), span(5, 98L, 125, 140));
        Map<Long, SpanTiming> t = byId(a);
        assertTiming(t.get(3L), 60, true, 60, 0);
        assertTiming(t.get(4L), 20, true, 20, 1);
        assertTiming(t.get(5L), 15, false, 0, 0);
        assertTiming(t.get(1L), 60, true, 60, 0);
        assertTiming(t.get(2L), 40, true, 40, 1);
        // The 20 ns between the roots, when no stored span ran, are on no span.
        assertThat(a.criticalPathNanos()).isEqualTo(180);
        assertThat(displayIds(a)).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(a.warnings()).singleElement().asString().startsWith("2 spans' parents are not in the trace");
    }

    @Test
    void zeroLengthSpansAreOnThePathWithNoTimeAndTheWalkStillEnds() {
        // 1 [0 ............................ 100]
        // 2    [10 ........... 50]
        // 3                    |50   (zero-length, e.g. an instant marker)
        // 4                    |50
        TraceAnalysis a = analyze(span(1, null, 0, 100), span(2, 1L, 10, 50), span(3, 1L, 50, 50),
                span(4, 1L, 50, 50));
        Map<Long, SpanTiming> t = byId(a);
        assertTiming(t.get(1L), 60, true, 60, 0);
        assertTiming(t.get(2L), 40, true, 40, 1);
        assertTiming(t.get(3L), 0, true, 0, 1);
        assertTiming(t.get(4L), 0, true, 0, 1);
        assertThat(a.criticalPathNanos()).isEqualTo(100);
    }

    @Test
    void zeroLengthTraceHasAZeroLengthPath() {
        TraceAnalysis a = analyze(span(1, null, 5, 5), span(2, 1L, 5, 5));
        assertTiming(byId(a).get(1L), 0, true, 0, 0);
        assertTiming(byId(a).get(2L), 0, true, 0, 1);
        assertThat(a.criticalPathNanos()).isZero();
    }

    @Test
    void spanEndingBeforeItStartsIsTakenAsZeroLength() {
        TraceAnalysis a = analyze(span(1, null, 0, 100), span(2, 1L, 60, 40));
        assertTiming(byId(a).get(2L), 0, true, 0, 1);
        assertTiming(byId(a).get(1L), 100, true, 100, 0);
        assertThat(a.warnings()).singleElement().asString().contains("before starting");
    }

    @Test
    void duplicateSpanIdKeepsBothSpansAndChildrenAttachToTheFirst() {
        TraceAnalysis a = analyze(span(1, null, 0, 100), span(2, 1L, 10, 60), span(2, 1L, 10, 60),
                span(3, 2L, 20, 30));
        assertThat(a.inDisplayOrder()).extracting(SpanTiming::index).containsExactly(0, 1, 3, 2);
        assertThat(a.inDisplayOrder()).extracting(SpanTiming::depth).containsExactly(0, 1, 2, 1);
        assertThat(a.inDisplayOrder()).extracting(SpanTiming::selfTimeNanos).containsExactly(50L, 40L, 10L, 50L);
        assertThat(a.criticalPathNanos()).isEqualTo(100);
        assertThat(a.warnings()).singleElement().asString().contains("the ID of an earlier span");
    }

    @Test
    void loopOfParentsIsCutAtItsEarliestSpan() {
        // 1's parent is 3, 3's is 2, 2's is 1: no root at all. 4 hangs off the loop.
        TraceAnalysis a = analyze(span(2, 1L, 10, 90), span(1, 3L, 0, 100), span(3, 2L, 20, 80),
                span(4, 3L, 30, 40));
        assertThat(displayIds(a)).containsExactly(1L, 2L, 3L, 4L);
        assertThat(a.inDisplayOrder()).extracting(SpanTiming::depth).containsExactly(0, 1, 2, 3);
        assertThat(a.criticalPathNanos()).isEqualTo(100);
        assertThat(a.warnings()).singleElement().asString().contains("loop").contains("0000000000000001");
    }

    @Test
    void spanThatIsItsOwnParentIsARoot() {
        TraceAnalysis a = analyze(span(1, 1L, 0, 100), span(2, 1L, 10, 20));
        assertTiming(byId(a).get(1L), 90, true, 90, 0);
        assertTiming(byId(a).get(2L), 10, true, 10, 1);
    }

    @Test
    void displayOrderPutsParentsFirstAndSiblingsByStartTimeWhateverTheInputOrder() {
        TraceAnalysis a = analyze(span(5, 2L, 30, 35), span(3, 1L, 50, 60), span(2, 1L, 20, 40),
                span(4, 2L, 25, 28), span(1, null, 0, 100), span(6, 1L, 20, 22));
        assertThat(displayIds(a)).containsExactly(1L, 2L, 4L, 5L, 6L, 3L);
        assertThat(a.inDisplayOrder()).extracting(SpanTiming::index).containsExactly(4, 2, 3, 0, 5, 1);
    }

    @Test
    @Timeout(10)
    void chainOfTenThousandSpansNeedsNoDeepStack() {
        int n = 10_000;
        List<Span> spans = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            spans.add(span(i, i == 1 ? null : (long) i - 1, i, 3L * n - i));
        }
        TraceAnalysis a = analyze(spans);
        assertThat(a.inDisplayOrder()).hasSize(n);
        SpanTiming deepest = a.inDisplayOrder().get(n - 1);
        assertThat(deepest.depth()).isEqualTo(n - 1);
        assertThat(a.inDisplayOrder()).allMatch(SpanTiming::onCriticalPath);
        assertThat(a.criticalPathNanos()).isEqualTo(3L * n - 2);
        assertThat(deepest.selfTimeNanos()).isEqualTo(3L * n - 2 * n);
    }

    @Test
    @Timeout(10)
    void tenThousandSiblingsAreAnalysedQuickly() {
        int n = 10_000;
        List<Span> spans = new ArrayList<>();
        spans.add(span(1, null, 0, 1_000_000));
        for (int i = 2; i <= n; i++) {
            long start = (i * 7919L) % 900_000;
            spans.add(span(i, 1L, start, start + 1_000 + i % 50_000));
        }
        TraceAnalysis a = analyze(spans);
        assertThat(a.inDisplayOrder()).hasSize(n);
        assertThat(a.criticalPathNanos()).isEqualTo(1_000_000);
        assertThat(a.inDisplayOrder().get(0).depth()).isZero();
        assertThat(a.inDisplayOrder().subList(1, n)).allMatch(t -> t.depth() == 1);
    }
}
