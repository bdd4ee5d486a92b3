package dev.sightline.alerting.alert;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AlertLifecycleTest {
    private static final Instant T0 = Instant.parse("2026-11-30T10:00:00Z");
    private static final Duration STEP = Duration.ofSeconds(15);

    private final List<Violation> violations = new ArrayList<>();
    private final AlertLifecycle lifecycle = new AlertLifecycle(Duration.ofMinutes(15), "http://sightline:16686/",
            List.of());

    private AlertDefinition rule(Duration forDuration, Duration keepFiringFor) {
        return new AlertDefinition("HighErrorRate", AlertKind.RULE, forDuration, keepFiringFor,
                Map.of("severity", "page"), Map.of("summary", "{{ $labels.service }} fails {{ $value }}"),
                "high-error-rate", "rules.yaml:3", null, now -> List.copyOf(violations));
    }

    private AlertLifecycle.Round round(AlertDefinition def, Instant at) {
        return lifecycle.update(List.of(DefinitionOutcome.evaluated(def, def.condition().evaluate(at))), at);
    }

    private static Violation violation(String service, double value) {
        return new Violation(Map.of("service", service), value, Map.of(), null);
    }

    @Test
    void pendingForTheForDurationThenFiringThenResolved() {
        AlertDefinition def = rule(Duration.ofMinutes(2), Duration.ZERO);
        violations.add(violation("checkout", 0.07));

        AlertLifecycle.Round r = round(def, T0);
        assertThat(r.instances()).singleElement().satisfies(i -> {
            assertThat(i.state()).isEqualTo(AlertState.PENDING);
            assertThat(i.labels()).containsEntry("alertname", "HighErrorRate").containsEntry("service", "checkout")
                    .containsEntry("severity", "page");
            assertThat(i.annotations()).containsEntry("summary", "checkout fails 0.07")
                    .containsEntry("runbook_url", "http://sightline:16686/runbooks/high-error-rate");
            assertThat(i.fingerprint()).isEqualTo(Fingerprint.of(i.labels()));
        });
        Instant justBefore = T0.plus(Duration.ofMinutes(2)).minus(STEP);
        assertThat(round(def, justBefore).instances().get(0).state()).isEqualTo(AlertState.PENDING);

        Instant at = T0.plus(Duration.ofMinutes(2));
        r = round(def, at);
        assertThat(r.newlyFiring()).hasSize(1);
        AlertInstance firing = r.instances().get(0);
        assertThat(firing.state()).isEqualTo(AlertState.FIRING);
        assertThat(firing.activeAt()).isEqualTo(T0);
        assertThat(firing.firedAt()).isEqualTo(at);
        assertThat(round(def, at.plus(STEP)).newlyFiring()).as("fires once").isEmpty();

        violations.clear();
        Instant stop = at.plus(STEP.multipliedBy(2));
        AlertInstance resolved = round(def, stop).instances().get(0);
        assertThat(resolved.state()).isEqualTo(AlertState.RESOLVED);
        assertThat(resolved.resolvedAt()).isEqualTo(stop);
        assertThat(resolved.firedAt()).isEqualTo(at);

        assertThat(round(def, stop.plus(Duration.ofMinutes(15)).minus(STEP)).instances()).hasSize(1);
        assertThat(round(def, stop.plus(Duration.ofMinutes(15))).instances()).as("kept 15 minutes").isEmpty();
    }

    @Test
    void pendingThatStopsIsForgottenWithoutFiring() {
        AlertDefinition def = rule(Duration.ofMinutes(5), Duration.ZERO);
        violations.add(violation("checkout", 0.07));
        round(def, T0);
        violations.clear();
        assertThat(round(def, T0.plus(STEP)).instances()).isEmpty();
        violations.add(violation("checkout", 0.07));
        assertThat(round(def, T0.plus(STEP.multipliedBy(2))).instances().get(0).activeAt())
                .as("a new pending period starts").isEqualTo(T0.plus(STEP.multipliedBy(2)));
    }

    @Test
    void zeroForFiresInTheFirstRound() {
        AlertDefinition def = rule(Duration.ZERO, Duration.ZERO);
        violations.add(violation("checkout", 0.07));
        AlertLifecycle.Round r = round(def, T0);
        assertThat(r.newlyFiring()).hasSize(1);
        assertThat(r.instances().get(0).firedAt()).isEqualTo(T0);
    }

    @Test
    void keepFiringForHoldsAFlappingAlert() {
        AlertDefinition def = rule(Duration.ZERO, Duration.ofMinutes(5));
        violations.add(violation("checkout", 0.07));
        round(def, T0);
        violations.clear();
        assertThat(round(def, T0.plus(Duration.ofMinutes(4))).instances().get(0).state())
                .isEqualTo(AlertState.FIRING);
        violations.add(violation("checkout", 0.08));
        AlertLifecycle.Round again = round(def, T0.plus(Duration.ofMinutes(4).plus(STEP)));
        assertThat(again.newlyFiring()).as("still the same firing alert").isEmpty();
        assertThat(again.instances().get(0).value()).isEqualTo(0.08);
        violations.clear();
        Instant last = T0.plus(Duration.ofMinutes(4).plus(STEP));
        assertThat(round(def, last.plus(Duration.ofMinutes(5)).minus(STEP)).instances().get(0).state())
                .isEqualTo(AlertState.FIRING);
        assertThat(round(def, last.plus(Duration.ofMinutes(5))).instances().get(0).state())
                .isEqualTo(AlertState.RESOLVED);
    }

    @Test
    void oneInstancePerSeries() {
        AlertDefinition def = rule(Duration.ZERO, Duration.ZERO);
        violations.add(violation("checkout", 0.07));
        violations.add(violation("cart", 0.2));
        assertThat(round(def, T0).instances()).extracting(i -> i.labels().get("service"))
                .containsExactlyInAnyOrder("checkout", "cart");
        violations.remove(1);
        List<AlertInstance> after = round(def, T0.plus(STEP)).instances();
        assertThat(after).filteredOn(i -> i.labels().get("service").equals("cart")).singleElement()
                .extracting(AlertInstance::state).isEqualTo(AlertState.RESOLVED);
        assertThat(after).filteredOn(i -> i.labels().get("service").equals("checkout")).singleElement()
                .extracting(AlertInstance::state).isEqualTo(AlertState.FIRING);
    }

    @Test
    void aConditionThatCannotBeEvaluatedKeepsTheState() {
        AlertDefinition def = rule(Duration.ZERO, Duration.ZERO);
        violations.add(violation("checkout", 0.07));
        round(def, T0);
        AlertLifecycle.Round r = lifecycle.update(List.of(DefinitionOutcome.failed(def, "store replaying")),
                T0.plus(STEP));
        assertThat(r.instances()).singleElement().extracting(AlertInstance::state).isEqualTo(AlertState.FIRING);
    }

    @Test
    void aRemovedDefinitionResolvesItsFiringAlertsAndDropsPendingOnes() {
        AlertDefinition firing = rule(Duration.ZERO, Duration.ofHours(1));
        violations.add(violation("checkout", 0.07));
        round(firing, T0);
        AlertLifecycle.Round r = lifecycle.update(List.of(), T0.plus(STEP));
        assertThat(r.instances()).singleElement().extracting(AlertInstance::state)
                .as("keep_firing_for does not outlive its rule").isEqualTo(AlertState.RESOLVED);
    }

    @Test
    void restoredInstancesContinueWhereTheyWere() {
        AlertDefinition def = rule(Duration.ofMinutes(2), Duration.ZERO);
        violations.add(violation("checkout", 0.07));
        round(def, T0);
        round(def, T0.plus(Duration.ofMinutes(2)));
        List<AlertInstance> saved = lifecycle.instances();

        AlertLifecycle restarted = new AlertLifecycle(Duration.ofMinutes(15), "http://x", saved);
        AlertLifecycle.Round r = restarted.update(List.of(DefinitionOutcome.evaluated(def, List.copyOf(violations))),
                T0.plus(Duration.ofMinutes(3)));
        assertThat(r.newlyFiring()).as("not fired again after a restart").isEmpty();
        assertThat(r.instances().get(0).firedAt()).isEqualTo(T0.plus(Duration.ofMinutes(2)));
        assertThat(r.instances().get(0).activeAt()).isEqualTo(T0);
    }
}
