package dev.sightline.alerting.silence;

import dev.sightline.alerting.alert.AlertInstance;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Alertmanager's inhibit rule: a firing alert matching {@code sourceMatchers} holds back the notifications of every
 * alert matching {@code targetMatchers} that has the same values for {@code equalLabels} (a label missing on both
 * counts as equal, as in Alertmanager).
 *
 * <p>An alert's kind is not one of its labels, so matchers here also see the pseudo-label {@value #KIND_LABEL}
 * ({@code slo_page}, {@code slo_ticket}, {@code rule}); it is never added to the alert's real labels.
 */
public record InhibitRule(List<Matcher> sourceMatchers, List<Matcher> targetMatchers, List<String> equalLabels) {
    public static final String KIND_LABEL = "__kind__";

    public InhibitRule {
        sourceMatchers = List.copyOf(sourceMatchers);
        targetMatchers = List.copyOf(targetMatchers);
        equalLabels = List.copyOf(equalLabels);
        if (sourceMatchers.isEmpty() || targetMatchers.isEmpty()) {
            throw new IllegalArgumentException("an inhibit rule needs source and target matchers");
        }
    }

    /**
     * The rule: a firing SLO page for a service holds back that service's symptom (rule) alerts. A rule
     * alert without a {@code service} label is never held back by it.
     */
    public static InhibitRule sloPageHoldsBackServiceSymptoms() {
        return new InhibitRule(List.of(Matcher.equal(KIND_LABEL, "slo_page")),
                List.of(Matcher.equal(KIND_LABEL, "rule"), Matcher.regex("service", ".+")),
                List.of("service"));
    }

    boolean isSource(AlertInstance alert) {
        return alert.isFiring() && all(sourceMatchers, view(alert));
    }

    boolean isTarget(AlertInstance alert) {
        return all(targetMatchers, view(alert));
    }

    /** The values of {@code equalLabels}, a missing label as the empty string: source and target must agree. */
    List<String> equalKey(AlertInstance alert) {
        return equalLabels.stream().map(l -> alert.labels().getOrDefault(l, "")).toList();
    }

    private static boolean all(List<Matcher> matchers, Map<String, String> labels) {
        for (Matcher m : matchers) {
            if (!m.matches(labels)) {
                return false;
            }
        }
        return true;
    }

    private static Map<String, String> view(AlertInstance alert) {
        Map<String, String> labels = new HashMap<>(alert.labels());
        labels.put(KIND_LABEL, Objects.requireNonNull(alert.kind(), "kind").name().toLowerCase(Locale.ROOT));
        return labels;
    }
}
