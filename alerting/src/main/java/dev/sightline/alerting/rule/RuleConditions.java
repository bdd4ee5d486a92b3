package dev.sightline.alerting.rule;

import dev.sightline.alerting.alert.AlertDefinition;
import dev.sightline.alerting.alert.AlertKind;
import dev.sightline.alerting.alert.Violation;
import dev.sightline.query.metrics.RangeQueryEngine;
import dev.sightline.query.metrics.ServiceSaturation;
import dev.sightline.store.read.RollupReader;
import dev.sightline.store.read.ServiceCatalog;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Turns alert rules into {@link AlertDefinition}s the evaluator runs. The conditions of one round share what they
 * read: the first condition evaluated at a new {@code now} starts a {@link RuleEvaluationRound}, and every condition
 * evaluated at that same {@code now} uses it, so the golden signals of all services over a window are read once per
 * round however many rules use that window. Only the latest round is kept.
 *
 * <p>Golden signals are read from the rollups directly, with the query API's semantics (see {@link WindowSignals});
 * saturation through the query API's {@link ServiceSaturation}; metric queries through its
 * {@link RangeQueryEngine}, as an instant query at now.
 */
public final class RuleConditions {
    private final RollupReader rollups;
    private final ServiceCatalog catalog;
    private final ServiceSaturation saturation;
    private final RangeQueryEngine metrics;
    private final AtomicReference<RuleEvaluationRound> round = new AtomicReference<>();

    public RuleConditions(RollupReader rollups, ServiceCatalog catalog, ServiceSaturation saturation,
                          RangeQueryEngine metrics) {
        this.rollups = rollups;
        this.catalog = catalog;
        this.saturation = saturation;
        this.metrics = metrics;
    }

    /** The rule as the evaluator sees it: kind RULE, no SLO, a condition over this object's shared rounds. */
    public AlertDefinition definition(AlertRule rule) {
        return new AlertDefinition(rule.name(), AlertKind.RULE, rule.forDuration(), rule.keepFiringFor(),
                rule.labels(), rule.annotations(), rule.runbook(), rule.origin(), null, now -> violations(rule, now));
    }

    public List<AlertDefinition> definitions(Collection<AlertRule> rules) {
        List<AlertDefinition> out = new ArrayList<>(rules.size());
        for (AlertRule r : rules) {
            out.add(definition(r));
        }
        return out;
    }

    /** The series of {@code rule} that violate it at {@code now}; throws when the data cannot be read. */
    public List<Violation> violations(AlertRule rule, Instant now) {
        List<Violation> out = new ArrayList<>();
        for (SeriesValue s : ExpressionEvaluator.evaluate(rule.expression(), rule.minRequests(), roundAt(now))) {
            if (s.violating()) {
                out.add(new Violation(s.labels(), s.value(), s.annotations(), s.evidence()));
            }
        }
        return out;
    }

    /**
     * Every series of {@code expression} at {@code now}, violating or not: a preview for someone writing a rule.
     * Runs on a round of its own, so it neither uses nor disturbs the evaluator's.
     */
    public List<SeriesValue> evaluate(RuleExpression expression, long minRequests, Instant now) {
        return ExpressionEvaluator.evaluate(expression, minRequests, newRound(now));
    }

    RuleEvaluationRound roundAt(Instant now) {
        RuleEvaluationRound current = round.get();
        if (current != null && current.now().equals(now)) {
            return current;
        }
        return round.updateAndGet(r -> r != null && r.now().equals(now) ? r : newRound(now));
    }

    private RuleEvaluationRound newRound(Instant now) {
        return new RuleEvaluationRound(now, rollups, catalog, saturation, metrics);
    }
}
