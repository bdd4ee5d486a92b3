package dev.sightline.query.search;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sightline.store.query.Page;
import dev.sightline.store.query.TraceHit;

import java.time.Instant;

/** JSON of search results; int64 nanoseconds as strings, as ModelJson writes them (JavaScript loses precision). */
public final class SearchJson {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private SearchJson() {
    }

    public static ObjectNode hit(TraceHit h) {
        ObjectNode n = F.objectNode();
        n.put("traceId", h.traceId().toHex());
        n.put("rootServiceName", h.rootService());
        n.put("rootName", h.rootName());
        n.put("startTimeUnixNano", Long.toString(h.startEpochNanos()));
        n.put("startTime", instant(h.startEpochNanos()));
        n.put("durationNanos", Long.toString(h.durationNanos()));
        n.put("durationMs", h.durationNanos() / 1e6);
        n.put("spanCount", h.spanCount());
        n.put("errorCount", h.errorCount());
        ArrayNode services = n.putArray("services");
        h.services().forEach(services::add);
        return n;
    }

    /** The paging fields every list answer has. */
    public static void paging(ObjectNode body, Page<?> page) {
        if (page.nextCursor() != null) {
            body.put("nextCursor", page.nextCursor());
        } else {
            body.putNull("nextCursor");
        }
        body.put("complete", page.complete());
        body.put("recordsScanned", page.recordsScanned());
    }

    static String instant(long epochNanos) {
        return Instant.ofEpochSecond(Math.floorDiv(epochNanos, 1_000_000_000L), Math.floorMod(epochNanos,
                1_000_000_000L)).toString();
    }
}
