package dev.sightline.alerting.slo;

import dev.sightline.alerting.alert.AlertDefinition;
import dev.sightline.alerting.engine.AlertDefinitionSource;

import java.time.Instant;
import java.util.List;

/**
 * The SLOs' part of an evaluation round: reloads the SLO file if it changed, brings the tracker up to date with
 * the active SLOs, then lists their burn-rate alerts, whose conditions read what it just computed.
 */
public final class SloAlertSource implements AlertDefinitionSource {
    private final SloRegistry registry;
    private final SloTracker tracker;
    private final BurnRateAlerts alerts;

    public SloAlertSource(SloRegistry registry, SloTracker tracker, BurnRateAlerts alerts) {
        this.registry = registry;
        this.tracker = tracker;
        this.alerts = alerts;
    }

    @Override
    public List<AlertDefinition> definitions(Instant now) {
        registry.reloadIfChanged();
        List<SloDefinition> slos = registry.active();
        tracker.update(slos, now);
        return alerts.definitions(slos);
    }
}
