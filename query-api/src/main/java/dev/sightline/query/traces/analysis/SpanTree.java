package dev.sightline.query.traces.analysis;

import dev.sightline.store.model.Span;
import dev.sightline.store.model.SpanId;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The parent/child structure of a trace, made a forest whatever the input: spans are addressed by their index in
 * the input list, and one virtual node (index {@code size()}) is the parent of every root, so the roots are
 * handled like any other siblings.
 */
final class SpanTree {
    private final int n;
    private final long[] start;
    private final long[] end;
    private final int[] parent;
    /** Children of node p are at [offset[p], offset[p + 1]) of {@link #byStart} and of {@link #byEndDescending}. */
    private final int[] offset;
    private final int[] byStart;
    private final int[] byEndDescending;
    private final int[] displayOrder;
    private final int[] depth;
    private final long[] clippedStart;
    private final long[] clippedEnd;
    private final boolean[] detached;
    private final List<String> warnings;

    private SpanTree(List<Span> spans) {
        n = spans.size();
        start = new long[n];
        end = new long[n];
        warnings = new ArrayList<>();
        int backwards = 0;
        for (int i = 0; i < n; i++) {
            start[i] = spans.get(i).startEpochNanos();
            end[i] = Math.max(start[i], spans.get(i).endEpochNanos());
            if (spans.get(i).endEpochNanos() < start[i]) {
                backwards++;
            }
        }
        if (backwards > 0) {
            warnings.add(count(backwards, "span ends", "spans end") + " before starting: taken as zero-length");
        }
        parent = resolveParents(spans);
        Integer[] sorted = indices(Comparator.<Integer>comparingLong(i -> start[i]).thenComparingInt(i -> i));
        breakCycles(sorted, spans);
        offset = new int[n + 2];
        for (int i = 0; i < n; i++) {
            offset[parentOf(i) + 1]++;
        }
        for (int p = 0; p <= n; p++) {
            offset[p + 1] += offset[p];
        }
        byStart = group(sorted);
        displayOrder = new int[n];
        depth = new int[n + 1];
        clippedStart = new long[n + 1];
        clippedEnd = new long[n + 1];
        detached = new boolean[n + 1];
        walkInDisplayOrder();
        // The critical path walks the clipped intervals, so it needs them in that order.
        Comparator<Integer> byEnd = Comparator.comparingLong(i -> clippedEnd[i]);
        Comparator<Integer> byClippedStart = Comparator.comparingLong(i -> clippedStart[i]);
        byEndDescending = group(indices(byEnd.reversed().thenComparing(byClippedStart.reversed())
                .thenComparingInt(i -> i)));
    }

    static SpanTree of(List<Span> spans) {
        return new SpanTree(spans);
    }

    /** Each span's parent index, -1 for a root; the first span of a duplicated ID is the one children attach to. */
    private int[] resolveParents(List<Span> spans) {
        Map<SpanId, Integer> firstWithId = new HashMap<>(Math.max(16, n * 2));
        int duplicates = 0;
        for (int i = 0; i < n; i++) {
            if (firstWithId.putIfAbsent(spans.get(i).spanId(), i) != null) {
                duplicates++;
            }
        }
        if (duplicates > 0) {
            warnings.add(count(duplicates, "span has", "spans have") + " the ID of an earlier span: children "
                    + "attach to the first");
        }
        int[] parents = new int[n];
        int orphans = 0;
        for (int i = 0; i < n; i++) {
            SpanId parentId = spans.get(i).parentSpanId();
            Integer p = parentId == null ? null : firstWithId.get(parentId);
            parents[i] = p == null ? -1 : p;
            if (parentId != null && p == null) {
                orphans++;
            }
        }
        if (orphans > 0) {
            warnings.add(count(orphans, "span's parent is", "spans' parents are") + " not in the trace: shown as "
                    + (orphans == 1 ? "a root" : "roots"));
        }
        return parents;
    }

    /**
     * Cuts every loop of parent references (A's parent is B, B's is A; or a span its own parent) at its
     * earliest-starting span, which becomes a root. Each span is walked once: O(n).
     */
    private void breakCycles(Integer[] byStartTime, List<Span> spans) {
        final byte unknown = 0;
        final byte onWalk = 1;
        final byte done = 2;
        byte[] state = new byte[n];
        int[] rank = new int[n];
        for (int r = 0; r < n; r++) {
            rank[byStartTime[r]] = r;
        }
        int[] walk = new int[n];
        List<String> cuts = new ArrayList<>();
        for (int from : byStartTime) {
            int length = 0;
            int j = from;
            while (j >= 0 && state[j] == unknown) {
                state[j] = onWalk;
                walk[length++] = j;
                j = parent[j];
            }
            if (j >= 0 && state[j] == onWalk) {
                int cut = j;
                for (int k = length - 1; walk[k] != j; k--) {
                    if (rank[walk[k]] < rank[cut]) {
                        cut = walk[k];
                    }
                }
                parent[cut] = -1;
                cuts.add(spans.get(cut).spanId().toHex());
            }
            for (int k = 0; k < length; k++) {
                state[walk[k]] = done;
            }
        }
        if (!cuts.isEmpty()) {
            String shown = String.join(", ", cuts.subList(0, Math.min(3, cuts.size())))
                    + (cuts.size() > 3 ? ", ..." : "");
            warnings.add(count(cuts.size(), "loop", "loops") + " of parent references (a span its own ancestor) "
                    + "cut at the earliest span of each, shown as a root: " + shown);
        }
    }

    private Integer[] indices(Comparator<Integer> order) {
        Integer[] a = new Integer[n];
        Arrays.setAll(a, i -> i);
        Arrays.sort(a, order);
        return a;
    }

    /** The nodes in the given order, grouped by parent: each parent's children keep that order. */
    private int[] group(Integer[] ordered) {
        int[] next = Arrays.copyOf(offset, n + 1);
        int[] grouped = new int[n];
        for (int i : ordered) {
            grouped[next[parentOf(i)]++] = i;
        }
        return grouped;
    }

    /**
     * Pre-order from the virtual root with an explicit stack (no recursion: a chain of 10,000 spans is a
     * legitimate, if odd, trace), setting depth and the interval clipped to the clipped parent.
     */
    private void walkInDisplayOrder() {
        int virtual = n;
        clippedStart[virtual] = Long.MIN_VALUE;
        clippedEnd[virtual] = Long.MAX_VALUE;
        depth[virtual] = -1;
        int[] stack = new int[n + 1];
        int top = 0;
        stack[top++] = virtual;
        int written = 0;
        int outside = 0;
        while (top > 0) {
            int node = stack[--top];
            if (node != virtual) {
                displayOrder[written++] = node;
                int p = parentOf(node);
                depth[node] = depth[p] + 1;
                clippedStart[node] = clamp(start[node], clippedStart[p], clippedEnd[p]);
                clippedEnd[node] = clamp(end[node], clippedStart[p], clippedEnd[p]);
                detached[node] = end[node] < clippedStart[p] || start[node] > clippedEnd[p];
                if (p != virtual && (start[node] < start[p] || end[node] > end[p])) {
                    outside++;
                }
            }
            for (int k = offset[node + 1] - 1; k >= offset[node]; k--) {
                stack[top++] = byStart[k];
            }
        }
        if (outside > 0) {
            warnings.add(count(outside, "span starts or ends", "spans start or end") + " outside "
                    + (outside == 1 ? "its parent" : "their parents") + " (clock skew or asynchronous work): "
                    + "clipped to the parent for the critical path");
        }
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (int k = offset[virtual]; k < offset[virtual + 1]; k++) {
            first = Math.min(first, start[byStart[k]]);
            last = Math.max(last, end[byStart[k]]);
        }
        clippedStart[virtual] = first;
        clippedEnd[virtual] = last;
    }

    private static long clamp(long value, long min, long max) {
        return Math.min(Math.max(value, min), max);
    }

    private static String count(int count, String one, String many) {
        return count + " " + (count == 1 ? one : many);
    }

    /** The number of spans; also the index of the virtual root. */
    int size() {
        return n;
    }

    int virtualRoot() {
        return n;
    }

    /** The parent's index, {@link #virtualRoot()} for a root. */
    int parentOf(int node) {
        return parent[node] < 0 ? n : parent[node];
    }

    long start(int node) {
        return start[node];
    }

    /** The end, never before the start. */
    long end(int node) {
        return end[node];
    }

    /** The start clipped to the parent's clipped interval; for the virtual root, the earliest start. */
    long clippedStart(int node) {
        return clippedStart[node];
    }

    /** The end clipped to the parent's clipped interval; for the virtual root, the latest end. */
    long clippedEnd(int node) {
        return clippedEnd[node];
    }

    /**
     * True when the span lies wholly outside its (clipped) parent: clipping would leave an instant at the parent's
     * edge, but the parent was not waiting for it.
     */
    boolean detached(int node) {
        return detached[node];
    }

    int childrenFrom(int node) {
        return offset[node];
    }

    int childrenTo(int node) {
        return offset[node + 1];
    }

    /** The k-th entry of the children lists ordered by start time (ties in input order). */
    int childByStart(int k) {
        return byStart[k];
    }

    /** The k-th entry of the children lists ordered by clipped end, latest first (ties: latest clipped start first). */
    int childByEndDescending(int k) {
        return byEndDescending[k];
    }

    int[] displayOrder() {
        return displayOrder.clone();
    }

    int depth(int node) {
        return depth[node];
    }

    List<String> warnings() {
        return List.copyOf(warnings);
    }
}
