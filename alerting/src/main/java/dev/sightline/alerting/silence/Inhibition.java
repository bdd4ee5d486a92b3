package dev.sightline.alerting.silence;

import dev.sightline.alerting.alert.AlertInstance;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
        for (InhibitRule rule : rules) {
            if (!rule.isTarget(alert)) {
                continue;
            }
            List<String> key = rule.equalKey(alert);
            for (AlertInstance source : all) {
                if (!source.fingerprint().equals(alert.fingerprint()) && rule.isSource(source)
                        && rule.equalKey(source).equals(key)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * The fingerprints of every inhibited alert among {@code all}, in one pass per rule (sources indexed by their
     * equal-label values) rather than comparing every pair, for rounds with thousands of alerts.
     */
    public Set<String> inhibited(Collection<AlertInstance> all) {
        Set<String> out = new HashSet<>();
        for (InhibitRule rule : rules) {
            Map<List<String>, Set<String>> sources = new HashMap<>();
            for (AlertInstance a : all) {
                if (rule.isSource(a)) {
                    sources.computeIfAbsent(rule.equalKey(a), k -> new HashSet<>()).add(a.fingerprint());
                }
            }
            if (sources.isEmpty()) {
                continue;
            }
            for (AlertInstance a : all) {
                if (!out.contains(a.fingerprint()) && rule.isTarget(a)) {
                    Set<String> matching = sources.get(rule.equalKey(a));
                    if (matching != null && (matching.size() > 1 || !matching.contains(a.fingerprint()))) {
                        out.add(a.fingerprint());
                    }
                }
            }
        }
        return out;
    }
}
