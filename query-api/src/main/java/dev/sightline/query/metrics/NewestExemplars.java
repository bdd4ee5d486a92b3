package dev.sightline.query.metrics;

import dev.sightline.store.model.Exemplar;
import dev.sightline.store.model.MetricData;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The exemplars an output series shows: the newest of those sent with the points it was computed from. */
final class NewestExemplars {
    private NewestExemplars() {
    }

    /** The newest {@code max} exemplars of the members' points in (from, to], oldest first. */
    static List<Exemplar> of(List<FunctionInput> members, long from, long to, int max) {
        List<Exemplar> found = new ArrayList<>();
        Comparator<Exemplar> newestFirst = Comparator.comparingLong(Exemplar::epochNanos).reversed();
        for (FunctionInput in : members) {
            for (MetricData.Point p : in.series().points()) {
                if (p.epochNanos() <= from || p.epochNanos() > to) {
                    continue;
                }
                found.addAll(exemplarsOf(p));
                if (found.size() > 4 * Math.max(max, 16)) {
                    found.sort(newestFirst);
                    found.subList(max, found.size()).clear();
                }
            }
        }
        found.sort(newestFirst);
        List<Exemplar> kept = new ArrayList<>(found.subList(0, Math.min(max, found.size())));
        kept.sort(Comparator.comparingLong(Exemplar::epochNanos));
        return kept;
    }

    private static List<Exemplar> exemplarsOf(MetricData.Point p) {
        if (p instanceof MetricData.NumberPoint np) {
            return np.exemplars();
        }
        if (p instanceof MetricData.HistogramPoint hp) {
            return hp.exemplars();
        }
        if (p instanceof MetricData.ExponentialHistogramPoint ep) {
            return ep.exemplars();
        }
        return List.of();
    }
}
