package dev.sightline.alerting.silence;

import dev.sightline.alerting.alert.AlertInstance;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which alerts are held back by another firing alert ({@link InhibitRule}). Like Alertmanager, an alert never
 * inhibits itself, and a silenced source still inhibits: the silence mutes its notification, not its meaning.
 */
public final class Inhibition {
    private final List<InhibitRule> rules;

    public Inhibition(List<InhibitRule> rules) {
        this.rules = List.copyOf(rules);
    }

    /** With the one built-in rule, {@link InhibitRule#sloPageHoldsBackServiceSymptoms()}. */
    public static Inhibition defaults() {
        return new Inhibition(List.of(InhibitRule.sloPageHoldsBackServiceSymptoms()));
    }

    public List<InhibitRule> rules() {
        return rules;
    }

    public boolean inhibited(AlertInstance alert, Collection<AlertInstance> all) {
        return inhibitedBy(all).containsKey(alert.fingerprint());
    }

    /**
     * Every inhibited alert among {@code all}, by fingerprint, with the fingerprint of an alert that holds it back;
     * in one pass per rule (sources indexed by their equal-label values) rather than comparing every pair, for
     * rounds with thousands of alerts.
     */
    public Map<String, String> inhibitedBy(Collection<AlertInstance> all) {
        Map<String, String> out = new HashMap<>();
        for (InhibitRule rule : rules) {
            Map<List<String>, Set<String>> sources = new HashMap<>();
            for (AlertInstance a : all) {
                if (rule.isSource(a)) {
                    sources.computeIfAbsent(rule.equalKey(a), k -> new TreeSet<>()).add(a.fingerprint());
                }
            }
            if (sources.isEmpty()) {
                continue;
            }
            for (AlertInstance a : all) {
                if (!out.containsKey(a.fingerprint()) && rule.isTarget(a)) {
                    for (String source : sources.getOrDefault(rule.equalKey(a), Set.of())) {
                        if (!source.equals(a.fingerprint())) {
                            out.put(a.fingerprint(), source);
                            break;
                        }
                    }
                }
            }
        }
        return out;
    }
}
