package dev.sightline.ui.service;

import dev.sightline.query.signals.ServiceGraph;
import dev.sightline.store.rollup.RollupOptions;
import dev.sightline.ui.web.PageQuery;

/**
 * A caller or callee of the service, from the service graph: the calls between the two as the caller saw them.
 *
 * @param virtual a peer that sends no telemetry (a database, an external API), named by its callers' spans
 * @param link    the neighbour's service page, null for peers without one
 */
public record Neighbour(String name, boolean virtual, long calls, double callsPerSecond, Double errorRatio,
                        Double p95Ms, String link) {

    static Neighbour caller(ServiceGraph.Edge e, String rangeQuery) {
        return of(e.caller(), false, e, rangeQuery);
    }

    static Neighbour callee(ServiceGraph.Edge e, String rangeQuery) {
        return of(e.callee(), e.virtualCallee(), e, rangeQuery);
    }

    private static Neighbour of(String name, boolean virtual, ServiceGraph.Edge e, String rangeQuery) {
        // Callees past the store's cap are folded into "<other>", which is no service either.
        boolean linked = !virtual && !RollupOptions.OTHER.equals(name);
        return new Neighbour(name, virtual, e.calls(), e.callsPerSecond(), e.errorRatio(), e.latency().p95Ms(),
                linked ? "/services/" + PageQuery.segment(name) + rangeQuery : null);
    }

    public String kind() {
        return virtual ? "uninstrumented" : RollupOptions.OTHER.equals(name) ? "folded" : "service";
    }
}
