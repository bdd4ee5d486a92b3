package dev.sightline.alerting.engine;

import dev.sightline.alerting.alert.AlertDefinition;
import dev.sightline.alerting.alert.AlertInstance;
import dev.sightline.alerting.alert.AlertLifecycle;
import dev.sightline.alerting.alert.AlertState;
import dev.sightline.alerting.alert.AlertStateStore;
import dev.sightline.alerting.alert.DefinitionOutcome;
import dev.sightline.alerting.alert.EvidenceTrace;
import dev.sightline.alerting.alert.Violation;
import dev.sightline.alerting.evidence.EvidenceFinder;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One evaluation round, in order: every source brings its data up to date and lists its definitions; every
 * condition is evaluated at the same instant; the {@link AlertLifecycle} moves instances; alerts that just fired
 * get their evidence; silences and inhibition are applied; the firing and resolved alerts that are not suppressed
 * go to the notifier; the instances are saved. Rounds are run by {@link EvaluationLoop} (or a test, with any
 * clock); they never overlap.
 */
public final class AlertingEngine {
    private static final Logger LOG = Logger.getLogger(AlertingEngine.class);

    private final List<AlertDefinitionSource> sources;
    private final AlertLifecycle lifecycle;
    private final AlertStateStore stateStore;
    private final EvidenceFinder evidence;
    private final AlertSuppressor suppressor;
    private final NotificationSink notifications;
    /** Each source's last good list, used when it fails, so a failing source does not resolve its alerts. */
    private final Map<AlertDefinitionSource, List<AlertDefinition>> lastDefinitions = new LinkedHashMap<>();
    private volatile RoundReport last = RoundReport.NONE;

    public AlertingEngine(List<AlertDefinitionSource> sources, AlertStateStore stateStore, Duration resolvedRetention,
                          String externalUrl, EvidenceFinder evidence, AlertSuppressor suppressor,
                          NotificationSink notifications) {
        this.sources = List.copyOf(sources);
        this.stateStore = stateStore;
        this.lifecycle = new AlertLifecycle(resolvedRetention, externalUrl, stateStore.load());
        this.evidence = evidence;
        this.suppressor = suppressor;
        this.notifications = notifications;
    }

    public RoundReport lastRound() {
        return last;
    }

    public synchronized RoundReport evaluate(Instant now) {
        long started = System.nanoTime();
        Map<String, String> errors = new LinkedHashMap<>();
        List<DefinitionOutcome> outcomes = new ArrayList<>();
        Set<String> names = new HashSet<>();
        List<AlertDefinition> definitions = definitions(now, errors);
        if (definitions == null) {
            // A source has never answered (the store is still replaying after a restart): without its definitions
            // the lifecycle would take its restored alerts for removed ones and resolve them.
            List<AlertView> kept = lifecycle.instances().stream().map(i -> new AlertView(i, Suppression.NONE))
                    .toList();
            RoundReport skipped = new RoundReport(now, Duration.ofNanos(System.nanoTime() - started), 0, kept,
                    errors);
            last = skipped;
            return skipped;
        }
        for (AlertDefinition def : definitions) {
            if (!names.add(def.name())) {
                errors.put(def.name() + " (" + def.origin() + ")", "another alert has this name; ignored");
                continue;
            }
            outcomes.add(evaluate(def, now, errors));
        }

        AlertLifecycle.Round round = lifecycle.update(outcomes, now);
        for (AlertInstance fired : round.newlyFiring()) {
            List<EvidenceTrace> found = evidence.find(lifecycle.evidenceQuery(fired.fingerprint()), now);
            lifecycle.attachEvidence(fired.fingerprint(), found);
        }
        List<AlertInstance> instances = lifecycle.instances();

        Map<String, Suppression> suppressed = suppress(instances, now);
        List<AlertView> views = new ArrayList<>(instances.size());
        List<AlertInstance> notifiable = new ArrayList<>();
        for (AlertInstance i : instances) {
            Suppression s = suppressed.getOrDefault(i.fingerprint(), Suppression.NONE);
            views.add(new AlertView(i, s));
            if (i.state() != AlertState.PENDING && !s.suppressed()) {
                notifiable.add(i);
            }
        }
        try {
            notifications.process(notifiable, now);
        } catch (RuntimeException e) {
            LOG.errorf(e, "notifying %d alert(s) failed", notifiable.size());
        }
        try {
            stateStore.save(instances);
        } catch (RuntimeException e) {
            LOG.errorf(e, "alert state not saved; a restart now would forget this round");
        }
        RoundReport report = new RoundReport(now, Duration.ofNanos(System.nanoTime() - started), outcomes.size(),
                views, errors);
        last = report;
        return report;
    }

    private Map<String, Suppression> suppress(List<AlertInstance> instances, Instant now) {
        try {
            return suppressor.check(instances, now);
        } catch (RuntimeException e) {
            // Better a notification too many than a page swallowed because the silence table could not be read.
            LOG.errorf(e, "silences and inhibition not applied this round");
            return Map.of();
        }
    }

    /** Every source's definitions; null when a source failed that has never answered. */
    private List<AlertDefinition> definitions(Instant now, Map<String, String> errors) {
        List<AlertDefinition> all = new ArrayList<>();
        boolean complete = true;
        for (AlertDefinitionSource source : sources) {
            List<AlertDefinition> defs;
            try {
                defs = source.definitions(now);
                lastDefinitions.put(source, defs);
            } catch (RuntimeException e) {
                complete &= lastDefinitions.containsKey(source);
                defs = lastDefinitions.getOrDefault(source, List.of());
                errors.put(source.getClass().getSimpleName(), "definitions not refreshed: " + e.getMessage());
                // Expected while the store replays its log after a start: one line, the stack trace at debug.
                LOG.warnf("alert definitions of %s not refreshed%s: %s", source.getClass().getSimpleName(),
                        lastDefinitions.containsKey(source) ? "; using the previous ones" : "", e.getMessage());
                LOG.debug("not refreshed", e);
            }
            all.addAll(defs);
        }
        return complete ? all : null;
    }

    private static DefinitionOutcome evaluate(AlertDefinition def, Instant now, Map<String, String> errors) {
        try {
            List<Violation> violations = def.condition().evaluate(now);
            return DefinitionOutcome.evaluated(def, violations);
        } catch (RuntimeException e) {
            String reason = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
            errors.put(def.name(), reason);
            LOG.debugf(e, "alert %s not evaluated", def.name());
            return DefinitionOutcome.failed(def, reason);
        }
    }
}
