package dev.sightline.query.traces.analysis;

/**
 * Self time: a span's duration less the union of its children's intervals, each clipped to the span. Children
 * running in parallel are subtracted once, and a child running past its parent takes only the overlap.
 */
final class SelfTimes {
    private SelfTimes() {
    }

    /** Self time per span index. */
    static long[] of(SpanTree tree) {
        long[] self = new long[tree.size()];
        for (int node = 0; node < tree.size(); node++) {
            self[node] = Durations.between(tree.start(node), tree.end(node)) - busy(tree, node);
        }
        return self;
    }

    /**
     * The time within the span during which at least one child ran: one sweep over the children in start order,
     * counting only what each adds past the covered prefix.
     */
    private static long busy(SpanTree tree, int node) {
        long from = tree.start(node);
        long to = tree.end(node);
        long covered = 0;
        long coveredUpTo = from;
        for (int k = tree.childrenFrom(node); k < tree.childrenTo(node); k++) {
            int child = tree.childByStart(k);
            long childStart = Math.max(tree.start(child), coveredUpTo);
            long childEnd = Math.min(tree.end(child), to);
            if (childEnd > childStart) {
                covered += Durations.between(childStart, childEnd);
                coveredUpTo = childEnd;
            }
        }
        return covered;
    }
}
