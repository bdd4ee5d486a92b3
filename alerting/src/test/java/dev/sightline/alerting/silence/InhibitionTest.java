package dev.sightline.alerting.silence;

import dev.sightline.alerting.alert.AlertInstance;
import dev.sightline.alerting.alert.AlertKind;
import dev.sightline.alerting.alert.AlertState;
import dev.sightline.alerting.alert.Fingerprint;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class InhibitionTest {
    private static final Instant T0 = Instant.parse("2026-05-01T12:00:00Z");
    private final Inhibition inhibition = Inhibition.defaults();

    static AlertInstance alert(String name, AlertKind kind, AlertState state, String service) {
        Map<String, String> labels = new HashMap<>();
        labels.put("alertname", name);
        if (service != null) {
            labels.put("service", service);
        }
        return new AlertInstance(Fingerprint.of(labels), name, kind, null, state, labels, Map.of(), 1, T0,
                state == AlertState.PENDING ? null : T0, state == AlertState.RESOLVED ? T0 : null, T0, List.of());
    }

    @Test
    void firingSloPageHoldsBackTheSameServicesRuleAlerts() {
        AlertInstance page = alert("CheckoutAvailabilityFastBurn", AlertKind.SLO_PAGE, AlertState.FIRING, "checkout");
        AlertInstance symptom = alert("HighErrorRate", AlertKind.RULE, AlertState.FIRING, "checkout");
        AlertInstance otherService = alert("HighErrorRate", AlertKind.RULE, AlertState.FIRING, "cart");
        AlertInstance ticket = alert("CheckoutSlowBurn", AlertKind.SLO_TICKET, AlertState.FIRING, "checkout");
        AlertInstance noService = alert("IngestDrops", AlertKind.RULE, AlertState.FIRING, null);
        List<AlertInstance> all = List.of(page, symptom, otherService, ticket, noService);

        assertThat(inhibition.inhibited(symptom, all)).isTrue();
        assertThat(inhibition.inhibited(otherService, all)).isFalse();
        assertThat(inhibition.inhibited(ticket, all)).as("only rule alerts are held back").isFalse();
        assertThat(inhibition.inhibited(page, all)).as("the page itself").isFalse();
        assertThat(inhibition.inhibited(noService, all)).isFalse();
        assertThat(inhibition.inhibitedBy(all)).containsExactly(java.util.Map.entry(symptom.fingerprint(),
                page.fingerprint()));
    }

    @Test
    void aPendingOrResolvedPageHoldsNothingBack() {
        AlertInstance symptom = alert("HighErrorRate", AlertKind.RULE, AlertState.FIRING, "checkout");
        for (AlertState state : List.of(AlertState.PENDING, AlertState.RESOLVED)) {
            List<AlertInstance> all = List.of(alert("FastBurn", AlertKind.SLO_PAGE, state, "checkout"), symptom);
            assertThat(inhibition.inhibited(symptom, all)).as(state.name()).isFalse();
            assertThat(inhibition.inhibitedBy(all)).as(state.name()).isEmpty();
        }
    }

    @Test
    void configuredRulesUseLabelsAndEqualLabels() {
        Inhibition custom = new Inhibition(List.of(new InhibitRule(List.of(Matcher.equal("alertname", "NodeDown")),
                List.of(Matcher.regex("alertname", "High.*")), List.of("service"))));
        AlertInstance down = alert("NodeDown", AlertKind.RULE, AlertState.FIRING, "checkout");
        AlertInstance high = alert("HighLatency", AlertKind.RULE, AlertState.FIRING, "checkout");
        AlertInstance elsewhere = alert("HighLatency", AlertKind.RULE, AlertState.FIRING, "cart");
        List<AlertInstance> all = List.of(down, high, elsewhere);
        assertThat(custom.inhibitedBy(all)).containsExactly(java.util.Map.entry(high.fingerprint(), down.fingerprint()));
        assertThat(custom.inhibited(high, all)).isTrue();
        assertThat(custom.inhibited(elsewhere, all)).isFalse();
    }
}
