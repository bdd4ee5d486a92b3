package dev.sightline.ui.slos;

import dev.sightline.alerting.alert.AlertState;
import dev.sightline.alerting.slo.BurnRatePolicy;
import dev.sightline.alerting.slo.SliKind;
import dev.sightline.alerting.slo.SloDefinition;
import dev.sightline.alerting.slo.SloStatus;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SloEntryTest {
    private static final Instant NOW = Instant.parse("2026-05-01T12:00:00Z");

    private static SloDefinition slo(String name, SliKind sli) {
        return new SloDefinition(name, "checkout", null, sli, 0.999,
                sli == SliKind.LATENCY ? Duration.ofMillis(500) : null, Duration.ofDays(30), 100, Map.of(), null,
                BurnRatePolicy.DEFAULT);
    }

    private static SloStatus status(SloDefinition d, double remaining, Duration exhaustion) {
        return new SloStatus(d, NOW, NOW.minus(d.window()), 100_000, 99_950, 0.9995, 100, 50, remaining,
                Map.of("1h", 2.0), exhaustion, true, List.of());
    }

    private static SloEntry entry(SloDefinition d, SloStatus s, AlertState page) {
        return new SloEntry(d, s, new SloAlert("page", "SloFastBurn:" + d.name(), true, page == null ? null : "f",
                page, false, false), new SloAlert("ticket", "SloSlowBurn:" + d.name(), false, null, null, false,
                false));
    }

    @Test
    void worstBudgetFirstAndUnevaluatedLast() {
        SloDefinition a = slo("a", SliKind.AVAILABILITY);
        SloDefinition b = slo("b", SliKind.AVAILABILITY);
        SloDefinition c = slo("c", SliKind.AVAILABILITY);
        SloDefinition d = slo("d", SliKind.AVAILABILITY);
        List<SloEntry> entries = new ArrayList<>(List.of(entry(a, null, null), entry(b, status(b, 0.5, null), null),
                entry(c, status(c, -2, null), AlertState.FIRING), entry(d, status(d, 0.5, null), null)));
        entries.sort(SloEntry.WORST_FIRST);
        assertThat(entries).extracting(SloEntry::name).containsExactly("c", "b", "d", "a");
        assertThat(entries).extracting(SloEntry::health)
                .containsExactly("health-critical", "health-ok", "health-ok", "health-idle");
    }

    @Test
    void numbersReadAsPeopleWriteThem() {
        SloDefinition latency = slo("fast", SliKind.LATENCY);
        SloEntry burning = entry(latency, status(latency, 0.8, Duration.ofSeconds(90_061)), null);
        assertThat(burning.sliKind()).isEqualTo("latency ≤ 500ms");
        assertThat(burning.objective()).isEqualTo("99.9 %");
        assertThat(burning.sli()).isEqualTo("99.950 %");
        assertThat(burning.timeToExhaustion()).isEqualTo("1d1h1m");
        assertThat(entry(latency, status(latency, -0.1, null), null).timeToExhaustion()).isEqualTo("exhausted");
        assertThat(entry(latency, status(latency, 0.9, null), null).timeToExhaustion()).isEqualTo("—");
        SloEntry unevaluated = entry(latency, null, null);
        assertThat(unevaluated.sli()).isEqualTo("—");
        assertThat(unevaluated.budgetRemaining()).isEqualTo("—");
        assertThat(unevaluated.burns()).allSatisfy(c -> assertThat(c.value()).isNull());
    }

    @Test
    void anAlertsStateReadsOffOkOrItsState() {
        assertThat(new SloAlert("page", "x", true, "f", AlertState.FIRING, false, false).label()).isEqualTo("firing");
        assertThat(new SloAlert("page", "x", true, null, null, false, false).label()).isEqualTo("ok");
        assertThat(new SloAlert("ticket", "x", false, null, null, false, false).cssClass()).isEqualTo("state-off");
    }
}
