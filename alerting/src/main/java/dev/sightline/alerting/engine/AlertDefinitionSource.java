package dev.sightline.alerting.engine;

import dev.sightline.alerting.alert.AlertDefinition;

import java.time.Instant;
import java.util.List;

/** Where the engine gets definitions each round: the SLOs' burn-rate alerts, the rules, Sightline's own. */
@FunctionalInterface
public interface AlertDefinitionSource {
    /**
     * The definitions active at {@code now}. Called once per round before any condition is evaluated, so a
     * source can bring its data up to date here (the SLO tracker reads the newest rollups).
     */
    List<AlertDefinition> definitions(Instant now);
}
