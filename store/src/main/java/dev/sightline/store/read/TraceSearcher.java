package dev.sightline.store.read;

import dev.sightline.store.query.Page;
import dev.sightline.store.query.TraceHit;
import dev.sightline.store.query.TraceQuery;

public interface TraceSearcher {

    /** Traces matching the query, the most recently stored first, at most {@code limit} per page. */
    Page<TraceHit> searchTraces(TraceQuery query);
}
