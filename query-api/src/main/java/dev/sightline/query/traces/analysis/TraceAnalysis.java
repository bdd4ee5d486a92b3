package dev.sightline.query.traces.analysis;

import dev.sightline.store.model.Scoped;
import dev.sightline.store.model.Span;

import java.util.ArrayList;
import java.util.List;

/**
 * Self time, critical path, depth and display order of a trace's spans.
 *
 * <p>Built for what real traces contain: spans whose parent never arrived become roots, children outside their
 * parent (clock skew, asynchronous work) are clipped to it, a span ID seen twice keeps the first span as the one
 * children attach to, and a loop of parent references is cut. Everything is iterative and O(n log n), so a
 * 10,000-span trace (or a 10,000-deep chain) costs milliseconds and no stack. The user-facing rules are in {@code docs/api.md}.
 *
 * @param inDisplayOrder    one timing per span analysed, parents before their children, siblings by start time
 *                          (ties in the order given)
 * @param criticalPathNanos the length of the critical path: the sum of every span's {@code criticalPathNanos}
 * @param warnings          what was odd about the trace and how it was handled, for a person to read
 */
public record TraceAnalysis(List<SpanTiming> inDisplayOrder, long criticalPathNanos, List<String> warnings) {

    public TraceAnalysis {
        inDisplayOrder = List.copyOf(inDisplayOrder);
        warnings = List.copyOf(warnings);
    }

    public static TraceAnalysis of(List<Scoped<Span>> spans) {
        SpanTree tree = SpanTree.of(spans.stream().map(Scoped::item).toList());
        long[] selfTimes = SelfTimes.of(tree);
        CriticalPath path = CriticalPath.of(tree);
        List<SpanTiming> timings = new ArrayList<>(tree.size());
        for (int i : tree.displayOrder()) {
            timings.add(new SpanTiming(i, spans.get(i).item().spanId(), selfTimes[i], path.isOnPath(i),
                    path.nanosIn(i), tree.depth(i)));
        }
        return new TraceAnalysis(timings, path.totalNanos(), tree.warnings());
    }
}
