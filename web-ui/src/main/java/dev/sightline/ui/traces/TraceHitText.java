package dev.sightline.ui.traces;

import dev.sightline.store.query.TraceHit;
import io.quarkus.qute.TemplateExtension;

/**
 * Text of a search hit for the trace lists ({@code {hit.spans}}, {@code {hit.duration}}): {@code fmt:count} takes a
 * long, and Qute does not widen the hit's int span count to call it; durations as {@link MillisText} writes them,
 * because a list may have a thousand.
 */
@TemplateExtension
public final class TraceHitText {
    private TraceHitText() {
    }

    static String spans(TraceHit hit) {
        return MillisText.count(hit.spanCount());
    }

    static String duration(TraceHit hit) {
        return MillisText.of(hit.durationNanos());
    }
}
