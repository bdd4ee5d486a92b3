package dev.sightline.server.alerting;

import dev.sightline.alerting.notify.NotificationDispatcher;
import dev.sightline.alerting.notify.NotificationSettings;
import dev.sightline.alerting.notify.Receiver;
import dev.sightline.alerting.storage.AlertingDatabase;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code sightline.alerting.receivers.<name>.*} and {@code sightline.alerting.webhooks.*} read as the server reads
 * them, into receivers: non-public addresses are opted into per receiver or for all, never by default.
 */
class ReceiverSettingsTest {
    @TempDir
    Path dir;

    private static List<Receiver> receivers(Map<String, String> properties) {
        // Quarkus' duration converter, for "15s" as the server reads it.
        SmallRyeConfig config = new SmallRyeConfigBuilder().withMapping(AlertingSettings.class)
                .withConverter(Duration.class, 100, new DurationConverter())
                .withSources(new PropertiesConfigSource(properties, "test", 100)).build();
        AlertingSettings settings = config.getConfigMapping(AlertingSettings.class);
        return settings.receivers().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> AlertingTenants.receiver(e.getKey(), e.getValue(),
                        settings.webhooks().allowPrivateAddresses())).toList();
    }

    @Test
    void privateAddressesAreAllowedPerReceiverOrForAllButNotByDefault() {
        Map<String, String> p = new HashMap<>();
        p.put("sightline.alerting.receivers.local.url", "http://127.0.0.1:9093/hook");
        p.put("sightline.alerting.receivers.local.allow-private-addresses", "true");
        p.put("sightline.alerting.receivers.local.connect-timeout", "2s");
        p.put("sightline.alerting.receivers.public.url", "https://hooks.example.com/services/T0/B0/x");
        List<Receiver> perReceiver = receivers(p);
        assertThat(perReceiver).extracting(Receiver::name).containsExactly("local", "public");
        assertThat(perReceiver).extracting(Receiver::allowPrivateAddresses).containsExactly(true, false);
        assertThat(perReceiver).extracting(Receiver::connectTimeout)
                .containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(5));

        p.put("sightline.alerting.webhooks.allow-private-addresses", "true");
        assertThat(receivers(p)).extracting(Receiver::allowPrivateAddresses).containsExactly(true, true);
    }

    @Test
    void aLoopbackReceiverWithoutTheOptInStopsTheStartWithItsName() {
        List<Receiver> receivers = receivers(Map.of("sightline.alerting.receivers.ops.url",
                "http://169.254.169.254/latest/meta-data/?token=t0ken"));
        try (AlertingDatabase db = AlertingDatabase.open(dir)) {
            assertThatThrownBy(() -> NotificationDispatcher.start(db, Clock.systemUTC(), receivers,
                    NotificationSettings.defaults("http://sightline.test", "1")))
                    .hasMessageStartingWith("receiver \"ops\": host 169.254.169.254 is not a public address "
                            + "(link-local (the cloud metadata service))")
                    .message().doesNotContain("t0ken").doesNotContain("meta-data");
        }
    }

    @Test
    void aUrlWithCredentialsIsRefusedWithoutShowingThem() {
        assertThatThrownBy(() -> receivers(Map.of("sightline.alerting.receivers.ops.url",
                "https://bot:pa55word@hooks.example.com/x")))
                .hasMessageContaining("receiver \"ops\": url must not contain a user name or password")
                .message().doesNotContain("pa55word");
    }
}
