package dev.sightline.alerting.silence;

import dev.sightline.alerting.alert.AlertInstance;
import dev.sightline.alerting.alert.AlertKind;
import dev.sightline.alerting.alert.AlertState;
import dev.sightline.alerting.storage.AlertingDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static dev.sightline.alerting.silence.InhibitionTest.alert;
import static org.assertj.core.api.Assertions.assertThat;

class NotificationFilterTest {
    private static final Instant T0 = Instant.parse("2026-05-01T12:00:00Z");

    @TempDir
    Path dir;

    @Test
    void dropsSilencedAndInhibitedAlertsAndSaysWhy() {
        try (AlertingDatabase db = AlertingDatabase.open(dir)) {
            SilenceStore silences = new SilenceStore(db, Clock.fixed(T0, ZoneOffset.UTC));
            Silence cart = silences.create(new SilenceRequest(List.of(Matcher.equal("service", "cart")), null,
                    T0.plusSeconds(3600), "bob", "cart maintenance"));
            NotificationFilter filter = new NotificationFilter(silences, Inhibition.defaults());

            AlertInstance page = alert("FastBurn", AlertKind.SLO_PAGE, AlertState.FIRING, "checkout");
            AlertInstance symptom = alert("HighErrorRate", AlertKind.RULE, AlertState.FIRING, "checkout");
            AlertInstance cartAlert = alert("HighErrorRate", AlertKind.RULE, AlertState.FIRING, "cart");
            AlertInstance search = alert("HighLatency", AlertKind.RULE, AlertState.RESOLVED, "search");

            NotificationFilter.Result result = filter.apply(List.of(page, symptom, cartAlert, search), T0);

            assertThat(result.notifiable()).containsExactly(page, search);
            assertThat(result.silencedBy()).containsOnlyKeys(cartAlert.fingerprint());
            assertThat(result.silencedBy().get(cartAlert.fingerprint())).containsExactly(cart.id());
            assertThat(result.inhibited()).containsExactly(symptom.fingerprint());
            assertThat(result.isMuted(symptom.fingerprint())).isTrue();
            assertThat(result.isMuted(page.fingerprint())).isFalse();

            NotificationFilter.Result later = filter.apply(List.of(cartAlert), T0.plusSeconds(3600));
            assertThat(later.notifiable()).as("after the silence ends").containsExactly(cartAlert);
        }
    }

    @Test
    void aSilencedPageStillHoldsBackItsSymptoms() {
        try (AlertingDatabase db = AlertingDatabase.open(dir)) {
            SilenceStore silences = new SilenceStore(db, Clock.fixed(T0, ZoneOffset.UTC));
            silences.create(new SilenceRequest(List.of(Matcher.equal("alertname", "FastBurn")), null,
                    T0.plusSeconds(3600), "bob", "known outage"));
            AlertInstance page = alert("FastBurn", AlertKind.SLO_PAGE, AlertState.FIRING, "checkout");
            AlertInstance symptom = alert("HighErrorRate", AlertKind.RULE, AlertState.FIRING, "checkout");

            NotificationFilter.Result result = new NotificationFilter(silences, Inhibition.defaults())
                    .apply(List.of(page, symptom), T0);

            assertThat(result.notifiable()).isEmpty();
            assertThat(result.inhibited()).containsExactly(symptom.fingerprint());
        }
    }
}
