package dev.sightline.alerting.rule;

import dev.sightline.alerting.alert.AlertDefinition;
import dev.sightline.alerting.engine.AlertDefinitionSource;

import java.time.Instant;
import java.util.List;

/** The rules' part of an evaluation round: reloads the rule file if it changed, then lists the rules' alerts. */
public final class RuleAlertSource implements AlertDefinitionSource {
    private final RuleRegistry registry;
    private final RuleConditions conditions;

    public RuleAlertSource(RuleRegistry registry, RuleConditions conditions) {
        this.registry = registry;
        this.conditions = conditions;
    }

    @Override
    public List<AlertDefinition> definitions(Instant now) {
        registry.reloadIfChanged();
        return conditions.definitions(registry.active());
    }
}
