package dev.sightline.alerting.slo;

import java.time.Duration;
import java.util.Map;

/** SLO definitions for tests. */
final class Slos {
    private Slos() {
    }

    static SloDefinition availability(String name, String service, String operation, double objective,
                                      Duration window) {
        return new SloDefinition(name, service, operation, SliKind.AVAILABILITY, objective, null, window,
                SloDefinition.DEFAULT_MIN_EVENTS, Map.of(), null, BurnRatePolicy.DEFAULT);
    }

    static SloDefinition latency(String name, String service, String operation, Duration threshold,
                                 double objective, Duration window) {
        return new SloDefinition(name, service, operation, SliKind.LATENCY, objective, threshold, window,
                SloDefinition.DEFAULT_MIN_EVENTS, Map.of(), null, BurnRatePolicy.DEFAULT);
    }
}
