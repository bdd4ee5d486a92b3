package dev.sightline.query.traces.analysis;

/**
 * The critical path as Jaeger UI and Uber's CRISP compute it: start at the end of the trace and walk backwards;
 * at each point in time, descend into the child of the current span that finished last at or before that point
 * (the work the span was waiting for); the time between that child's end and the point belongs to the span
 * itself; when no child is left, the time back to the span's start belongs to the span, and the walk goes up to
 * its parent at the span's start. Children are taken clipped to their (clipped) parent, and a child wholly
 * outside its parent is not on the path (Jaeger UI drops such children too).
 *
 * <p>The walk starts at a virtual root over all roots, so several roots (spans whose parent never arrived) are
 * chained like sequential children of the missing parent: the latest-ending root is on the path, and so are the
 * roots that ended before it started; time when no root ran belongs to no span.
 *
 * <p>"At or before" (where Jaeger UI says "before") lets a child that ends exactly when the next one starts stay on
 * the path. Each node's children are scanned once, latest end first, through a cursor that only moves forward:
 * the walk is O(n) after the sort and ends even with zero-length spans.
 */
final class CriticalPath {
    private final boolean[] onPath;
    private final long[] nanos;
    private final long total;

    private CriticalPath(SpanTree tree) {
        int n = tree.size();
        onPath = new boolean[n];
        nanos = new long[n + 1];
        int[] cursor = new int[n + 1];
        for (int node = 0; node <= n; node++) {
            cursor[node] = tree.childrenFrom(node);
        }
        int node = tree.virtualRoot();
        long point = tree.clippedEnd(node);
        while (true) {
            int child = lastChildEndingBy(tree, cursor, node, point);
            if (child >= 0) {
                credit(node, Durations.between(tree.clippedEnd(child), point));
                node = child;
                point = tree.clippedEnd(child);
                onPath[child] = true;
            } else {
                credit(node, Durations.between(tree.clippedStart(node), point));
                if (node == tree.virtualRoot()) {
                    break;
                }
                point = tree.clippedStart(node);
                node = tree.parentOf(node);
            }
        }
        long sum = 0;
        for (int i = 0; i < n; i++) {
            sum = Durations.add(sum, nanos[i]);
        }
        total = sum;
    }

    static CriticalPath of(SpanTree tree) {
        return new CriticalPath(tree);
    }

    /** Children ending after {@code point} are passed for good: the point only moves back within one node. */
    private static int lastChildEndingBy(SpanTree tree, int[] cursor, int node, long point) {
        while (cursor[node] < tree.childrenTo(node)) {
            int child = tree.childByEndDescending(cursor[node]++);
            if (tree.clippedEnd(child) <= point && !tree.detached(child)) {
                return child;
            }
        }
        return -1;
    }

    private void credit(int node, long duration) {
        nanos[node] = Durations.add(nanos[node], duration);
    }

    boolean isOnPath(int node) {
        return onPath[node];
    }

    long nanosIn(int node) {
        return nanos[node];
    }

    long totalNanos() {
        return total;
    }
}
