package dev.sightline.alerting.alert;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Moves alert instances through pending → firing → resolved the way Prometheus' rule manager does:
 * <ul>
 *   <li>a series that starts violating becomes PENDING, and FIRING once it has violated for the definition's
 *       {@code for} (at once when that is zero);</li>
 *   <li>a PENDING series that stops violating is forgotten: it never fired, nobody was told;</li>
 *   <li>a FIRING series that stops violating stays FIRING for {@code keep_firing_for}, then becomes RESOLVED and
 *       is kept for {@link #resolvedRetention} so the resolved notification and the UI can show it; violating
 *       again in that time starts a new PENDING instance;</li>
 *   <li>a definition whose condition could not be evaluated keeps its instances as they are (a store that is
 *       still replaying is not a recovery); a definition that is gone resolves its firing instances.</li>
 * </ul>
 * Not thread-safe: the evaluation loop is its only writer; readers get copies from {@link #instances()}.
 */
public final class AlertLifecycle {
    private final Duration resolvedRetention;
    private final String externalUrl;
    /** By fingerprint. */
    private final Map<String, AlertInstance> instances = new LinkedHashMap<>();
    /** The last violation's evidence query per fingerprint, for finding exemplars when it fires. */
    private final Map<String, EvidenceQuery> evidenceQueries = new HashMap<>();

    /** What a round changed: instances that went FIRING (to look for evidence) and every instance now. */
    public record Round(List<AlertInstance> newlyFiring, List<AlertInstance> instances) {
    }

    public AlertLifecycle(Duration resolvedRetention, String externalUrl, Collection<AlertInstance> restored) {
        this.resolvedRetention = resolvedRetention;
        this.externalUrl = externalUrl.endsWith("/") ? externalUrl.substring(0, externalUrl.length() - 1)
                : externalUrl;
        for (AlertInstance i : restored) {
            instances.put(i.fingerprint(), i);
        }
    }

    public List<AlertInstance> instances() {
        return List.copyOf(instances.values());
    }

    public EvidenceQuery evidenceQuery(String fingerprint) {
        return evidenceQueries.get(fingerprint);
    }

    /** Replaces an instance's evidence (found after it fired). */
    public void attachEvidence(String fingerprint, List<EvidenceTrace> evidence) {
        instances.computeIfPresent(fingerprint, (k, i) -> i.withEvidence(evidence));
    }

    /** Applies one round's outcomes at {@code now}; definitions not among them are gone. */
    public Round update(List<DefinitionOutcome> outcomes, Instant now) {
        Set<String> defined = new HashSet<>();
        Set<String> undecided = new HashSet<>();
        Set<String> violating = new HashSet<>();
        List<AlertInstance> newlyFiring = new ArrayList<>();

        for (DefinitionOutcome o : outcomes) {
            AlertDefinition def = o.definition();
            defined.add(def.name());
            if (o.error() != null) {
                undecided.add(def.name());
                continue;
            }
            for (Violation v : o.violations()) {
                Map<String, String> labels = labelsOf(def, v);
                String fp = Fingerprint.of(labels);
                if (!violating.add(fp)) {
                    continue; // two violations with the same labels: the first decides
                }
                if (v.evidence() != null) {
                    evidenceQueries.put(fp, v.evidence());
                }
                Map<String, String> annotations = annotationsOf(def, v, labels);
                AlertInstance current = instances.get(fp);
                AlertInstance next;
                if (current == null || current.state() == AlertState.RESOLVED) {
                    next = new AlertInstance(fp, def.name(), def.kind(), def.slo(), AlertState.PENDING, labels,
                            annotations, v.value(), now, null, null, now, List.of());
                } else {
                    next = current.seenAgain(v.value(), annotations, now);
                }
                if (next.state() == AlertState.PENDING
                        && !now.isBefore(next.activeAt().plus(def.forDuration()))) {
                    next = next.withState(AlertState.FIRING, now, null);
                    newlyFiring.add(next);
                }
                instances.put(fp, next);
            }
        }

        Map<String, AlertDefinition> byName = new HashMap<>();
        for (DefinitionOutcome o : outcomes) {
            byName.put(o.definition().name(), o.definition());
        }
        var it = instances.entrySet().iterator();
        while (it.hasNext()) {
            var e = it.next();
            AlertInstance i = e.getValue();
            if (violating.contains(e.getKey()) || undecided.contains(i.name())) {
                continue;
            }
            switch (i.state()) {
                case PENDING -> {
                    it.remove();
                    evidenceQueries.remove(e.getKey());
                }
                case FIRING -> {
                    AlertDefinition def = byName.get(i.name());
                    Duration keep = defined.contains(i.name()) && def != null ? def.keepFiringFor() : Duration.ZERO;
                    if (now.isBefore(i.lastViolation().plus(keep))) {
                        continue;
                    }
                    e.setValue(i.withState(AlertState.RESOLVED, i.firedAt(), now));
                }
                case RESOLVED -> {
                    if (!now.isBefore(i.resolvedAt().plus(resolvedRetention))) {
                        it.remove();
                        evidenceQueries.remove(e.getKey());
                    }
                }
            }
        }
        return new Round(newlyFiring, instances());
    }

    /** {@code alertname}, then the violation's labels, then the definition's (which win, as in Prometheus). */
    static Map<String, String> labelsOf(AlertDefinition def, Violation v) {
        Map<String, String> labels = new TreeMap<>(v.labels());
        labels.putAll(def.labels());
        labels.put("alertname", def.name());
        return labels;
    }

    private Map<String, String> annotationsOf(AlertDefinition def, Violation v, Map<String, String> labels) {
        Map<String, String> out = new TreeMap<>();
        def.annotations().forEach((k, t) -> out.put(k, AnnotationTemplate.render(t, labels, v.value())));
        out.putAll(v.annotations());
        out.put("runbook_url", externalUrl + "/runbooks/" + def.runbook());
        out.putIfAbsent("summary", defaultSummary(def, labels, v.value()));
        return out;
    }

    private static String defaultSummary(AlertDefinition def, Map<String, String> labels, double value) {
        String service = labels.get("service");
        return def.name() + (service != null ? " for " + service : "") + " (value "
                + AnnotationTemplate.format(value) + ")";
    }
}
