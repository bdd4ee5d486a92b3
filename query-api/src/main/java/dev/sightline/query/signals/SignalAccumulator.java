package dev.sightline.query.signals;

import dev.sightline.store.rollup.LatencySketch;
import dev.sightline.store.rollup.SpanRollup;

/** Merges minute rollups into one {@link Signals}: counts add, sketches merge (never averages of percentiles). */
final class SignalAccumulator {
    private long requests;
    private long errors;
    private final LatencySketch ok = LatencySketch.empty();
    private final LatencySketch failed = LatencySketch.empty();

    void add(SpanRollup r) {
        requests += r.requests();
        errors += r.errors();
        ok.merge(r.ok());
        failed.merge(r.failed());
    }

    Signals result(String service, String operation, double seconds) {
        LatencySketch all = ok.copy();
        all.merge(failed);
        return new Signals(service, operation, requests, requests / seconds, errors,
                requests == 0 ? null : (double) errors / requests, Latency.of(all), Latency.of(ok),
                Latency.of(failed), requests == 0);
    }
}
