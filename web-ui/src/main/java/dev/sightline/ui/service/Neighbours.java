package dev.sightline.ui.service;

import dev.sightline.query.signals.ServiceGraph;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The service's neighbours in the service graph, busiest first: who calls it and what it calls. At most
 * {@value #MAX_SHOWN} of each are listed (a hub may have hundreds); the graph page shows the rest.
 *
 * @param hours how many hours of the range they were read over (see {@link ServicePage#NEIGHBOUR_RANGE}), or 0
 *              for the whole range
 */
public record Neighbours(List<Neighbour> callers, int moreCallers, List<Neighbour> callees, int moreCallees,
                         long hours) {
    static final int MAX_SHOWN = 50;

    static Neighbours of(ServiceGraph.Graph graph, String service, String rangeQuery, long hours) {
        List<Neighbour> callers = new ArrayList<>();
        List<Neighbour> callees = new ArrayList<>();
        for (ServiceGraph.Edge e : graph.edges()) {
            if (e.callee().equals(service)) {
                callers.add(Neighbour.caller(e, rangeQuery));
            }
            if (e.caller().equals(service)) {
                callees.add(Neighbour.callee(e, rangeQuery));
            }
        }
        Comparator<Neighbour> busiest = Comparator.comparingLong(Neighbour::calls).reversed()
                .thenComparing(Neighbour::name);
        callers.sort(busiest);
        callees.sort(busiest);
        return new Neighbours(first(callers), Math.max(0, callers.size() - MAX_SHOWN), first(callees),
                Math.max(0, callees.size() - MAX_SHOWN), hours);
    }

    private static List<Neighbour> first(List<Neighbour> all) {
        return List.copyOf(all.subList(0, Math.min(MAX_SHOWN, all.size())));
    }

    public boolean none() {
        return callers.isEmpty() && callees.isEmpty();
    }
}
