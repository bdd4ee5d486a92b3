package dev.sightline.alerting.alert;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Something that can fire, as the evaluator sees it: a rule, or one of the burn-rate alerts generated for an SLO.
 *
 * @param name          the {@code alertname} label; unique among definitions
 * @param forDuration   how long a series must violate before it fires (zero: at once)
 * @param keepFiringFor how long a firing series keeps firing after it stops violating (zero: resolves at once)
 * @param labels        added to every instance's labels ({@code severity}, team routing)
 * @param annotations   templates ({@code {{ $labels.service }}}, {@code {{ $value }}}), {@code summary} and
 *                      {@code description} among them
 * @param runbook       name of a runbook in the runbook catalog; every definition has one
 * @param origin        where it was defined, for messages: {@code rules.yaml:12}, {@code api}, {@code slo checkout}
 * @param slo           the SLO a burn-rate alert belongs to, null for rules
 */
public record AlertDefinition(String name, AlertKind kind, Duration forDuration, Duration keepFiringFor,
                              Map<String, String> labels, Map<String, String> annotations, String runbook,
                              String origin, String slo, AlertCondition condition) {
    public AlertDefinition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(runbook, "runbook");
        Objects.requireNonNull(condition, "condition");
        forDuration = forDuration == null ? Duration.ZERO : forDuration;
        keepFiringFor = keepFiringFor == null ? Duration.ZERO : keepFiringFor;
        labels = Map.copyOf(labels);
        annotations = Map.copyOf(annotations);
    }
}
