package dev.sightline.alerting.engine;

import dev.sightline.alerting.alert.AlertInstance;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Silences and inhibition, applied to a round's instances after the lifecycle step. */
@FunctionalInterface
public interface AlertSuppressor {

    /** The suppressed instances by fingerprint; instances not in the map are notified. */
    Map<String, Suppression> check(List<AlertInstance> all, Instant now);

    AlertSuppressor NONE = (all, now) -> Map.of();
}
