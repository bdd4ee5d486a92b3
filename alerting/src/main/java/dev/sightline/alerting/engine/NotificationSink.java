package dev.sightline.alerting.engine;

import dev.sightline.alerting.alert.AlertInstance;

import java.time.Instant;
import java.util.List;

/** Receives, each round, the firing and resolved instances that are not suppressed; groups and delivers them. */
@FunctionalInterface
public interface NotificationSink {
    void process(List<AlertInstance> alerts, Instant now);

    NotificationSink NONE = (alerts, now) -> { };
}
