package dev.sightline.store.rollup;

import dev.sightline.store.model.SpanKind;

/**
 * The spans of one service, operation and kind that started in one minute: how many, how many failed (status
 * ERROR, or an HTTP status of 500 or more on a SERVER span), and their latency, split into successful and failed.
 * The sketches are the caller's copies.
 */
public record SpanRollup(String service, String operation, SpanKind kind, long epochMinute, long requests,
                         long errors, LatencySketch ok, LatencySketch failed) {

    /** Whether these spans are requests a service served: SERVER and CONSUMER spans (what golden signals count). */
    public boolean isRequest() {
        return kind == SpanKind.SERVER || kind == SpanKind.CONSUMER;
    }
}
