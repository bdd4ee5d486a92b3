package dev.sightline.alerting.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sightline.alerting.silence.Matcher;
import dev.sightline.alerting.storage.AlertingDatabase;
import dev.sightline.query.errors.BadParameterException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NotificationResourceTest {
    private static final Instant T0 = Instant.parse("2026-05-01T12:00:00Z");

    @TempDir
    Path dir;

    @Test
    void receiversAreListedWithoutSecretsAndTheLogNewestFirst() throws Exception {
        try (AlertingDatabase db = AlertingDatabase.open(dir); WebhookReceiver hook = new WebhookReceiver()) {
            MutableClock clock = new MutableClock(T0);
            Receiver signed = Receiver.of("pager", hook.url() + "?token=abc")
                    .withGrouping(List.of("alertname", "service"), Duration.ZERO, null, Duration.ofMinutes(90))
                    .withDelivery(true, 0, "hmac-key", Map.of("Authorization", "Bearer xyz"), null)
                    .withMatchers(List.of(Matcher.equal("severity", "page")))
                    .withConnection(null, true);
            NotificationDispatcher d = new NotificationDispatcher(db, clock, List.of(signed),
                    NotificationSettings.defaults("http://sightline.test", "1.0"), Runnable::run,
                    new ManualScheduler(clock));
            d.process(List.of(TestAlerts.firing("HighErrorRate", Map.of("service", "a", "severity", "page"), T0),
                    TestAlerts.firing("HighErrorRate", Map.of("service", "b", "severity", "page"), T0)), T0);

            ObjectNode receivers = new ReceiverResource(d).list();
            JsonNode r = receivers.at("/receivers/0");
            assertThat(r.get("name").asText()).isEqualTo("pager");
            assertThat(r.get("url").asText()).isEqualTo("http://127.0.0.1:" + hook.url().split(":")[2]
                    .replace("/hook", "") + "/…");
            assertThat(r.get("repeatInterval").asText()).isEqualTo("1h30m");
            assertThat(r.get("groupWait").asText()).isEqualTo("0s");
            assertThat(r.get("signed").asBoolean()).isTrue();
            assertThat(r.at("/matchers/0").asText()).isEqualTo("severity=\"page\"");
            assertThat(receivers.toString()).doesNotContain("token").doesNotContain("hmac-key")
                    .doesNotContain("Bearer").contains("Authorization");

            NotificationResource resource = new NotificationResource(d);
            JsonNode log = resource.list("pager", "1");
            assertThat(log.get("notifications")).hasSize(1);
            JsonNode entry = log.at("/notifications/0");
            assertThat(entry.get("outcome").asText()).isEqualTo("delivered");
            assertThat(entry.get("httpStatus").asInt()).isEqualTo(200);
            assertThat(entry.get("attempt").asInt()).isEqualTo(1);
            assertThat(entry.get("at").asText()).isEqualTo(T0.toString());
            assertThat(resource.list(null, null).get("notifications")).hasSize(2);

            assertThatThrownBy(() -> resource.list("nobody", null)).isInstanceOfSatisfying(
                    BadParameterException.class, e -> assertThat(e.parameter()).isEqualTo("receiver"));
            assertThatThrownBy(() -> resource.list(null, "0")).isInstanceOfSatisfying(
                    BadParameterException.class, e -> assertThat(e.parameter()).isEqualTo("limit"));
            d.close();
        }
    }
}
