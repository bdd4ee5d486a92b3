package dev.sightline.store.query;

import java.util.List;

/**
 * One page of results. {@code nextCursor} continues the search where this page stopped, null when there is no
 * more. {@code complete} is false when the search stopped at its scan budget (records read or time) before it
 * had looked at everything in range: the results are right but there may be more, and the cursor continues.
 */
public record Page<T>(List<T> items, String nextCursor, boolean complete, long recordsScanned) {
    public Page {
        items = List.copyOf(items);
    }
}
