package dev.sightline.alerting.notify;

import dev.sightline.alerting.silence.Matcher;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReceiverTest {

    @Test
    void defaultsAreAlertmanagers() {
        Receiver r = Receiver.of("team", "https://hooks.example.com/T000/B000/XXXX");
        assertThat(r.groupBy()).containsExactly("alertname");
        assertThat(r.groupWait()).isEqualTo(Duration.ofSeconds(30));
        assertThat(r.groupInterval()).isEqualTo(Duration.ofMinutes(5));
        assertThat(r.repeatInterval()).isEqualTo(Duration.ofHours(4));
        assertThat(r.sendResolved()).isTrue();
        assertThat(r.maxAlerts()).isZero();
        assertThat(r.hmacSecret()).isNull();
        assertThat(r.timeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(r.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(r.allowPrivateAddresses()).as("non-public addresses are refused unless allowed").isFalse();
        assertThat(r.matchers()).isEmpty();
    }

    @Test
    void refusesUrlsThatAreNotHttpNamingTheReceiver() {
        assertThatThrownBy(() -> Receiver.of("ops", "ftp://example.com/x"))
                .hasMessage("receiver \"ops\": url must start with http:// or https://, not 'ftp:'");
        assertThatThrownBy(() -> Receiver.of("ops", "hooks.example.com/x"))
                .hasMessageContaining("receiver \"ops\": url must start with http:// or https://");
        assertThatThrownBy(() -> Receiver.of("ops", "http://exa mple.com/t0ken")).hasMessageContaining("is not a URL")
                .as("the URL may hold a token: not repeated").message().doesNotContain("t0ken");
        assertThatThrownBy(() -> Receiver.of("ops", "https://bot:t0ken@hooks.example.com/x"))
                .hasMessageContaining("must not contain a user name or password")
                .message().doesNotContain("t0ken");
        assertThatThrownBy(() -> Receiver.of("ops", " ")).hasMessage("receiver \"ops\": url is required");
        assertThatThrownBy(() -> Receiver.of("ops", "http:///path")).hasMessageContaining("no host");
    }

    @Test
    void refusesBadOptions() {
        Receiver r = Receiver.of("ops", "http://localhost:9000/hook");
        assertThatThrownBy(() -> r.withGrouping(null, null, Duration.ZERO, null))
                .hasMessageContaining("group_interval must be positive");
        assertThatThrownBy(() -> r.withGrouping(List.of("...", "service"), null, null, null))
                .hasMessageContaining("cannot be combined");
        assertThatThrownBy(() -> r.withDelivery(true, -1, null, null, null)).hasMessageContaining("max_alerts");
        assertThatThrownBy(() -> r.withDelivery(true, 0, null, Map.of("Content-Type", "text/plain"), null))
                .hasMessageContaining("header 'Content-Type' cannot be set");
        assertThatThrownBy(() -> r.withDelivery(true, 0, null, Map.of("X-Token", "a\r\nX-Evil: 1"), null))
                .hasMessageContaining("header 'X-Token' has a value with a line break")
                .message().doesNotContain("Evil");
        assertThatThrownBy(() -> r.withConnection(Duration.ZERO, false)).hasMessageContaining("connect_timeout");
        assertThat(r.withGrouping(null, Duration.ZERO, null, null).groupWait()).isZero();
    }

    @Test
    void maskedUrlShowsSchemeHostAndPortOnly() {
        assertThat(Receiver.of("slack", "https://hooks.slack.com/services/T000/B000/secret?token=x").maskedUrl())
                .isEqualTo("https://hooks.slack.com/…");
        assertThat(Receiver.of("local", "http://localhost:9000/hook?x=1").maskedUrl())
                .isEqualTo("http://localhost:9000/…");
        Receiver signed = Receiver.of("s", "https://h.example.com/p4th?q=v").withDelivery(true, 0, "hmac-k3y",
                Map.of("Authorization", "Bearer b34rer"), null);
        assertThat(signed.toString()).isEqualTo("Receiver[s https://h.example.com/…]");
    }

    @Test
    void matchersChooseTheAlerts() {
        Receiver pages = Receiver.of("pager", "http://localhost/h").withMatchers(Matcher.parseList("severity=\"page\""));
        assertThat(pages.accepts(Map.of("severity", "page"))).isTrue();
        assertThat(pages.accepts(Map.of("severity", "ticket"))).isFalse();
        assertThat(Receiver.of("all", "http://localhost/h").accepts(Map.of())).isTrue();
    }

    @Test
    void groupKeyIsAlertmanagersRouteKeyAndLabelSet() {
        Receiver r = Receiver.of("pager", "http://localhost/h").withMatchers(List.of(Matcher.equal("severity", "page"),
                Matcher.regex("service", "a|b")));
        assertThat(GroupKey.of(r, Map.of("service", "a", "alertname", "X")))
                .isEqualTo("{}/{severity=\"page\",service=~\"a|b\"}:{alertname=\"X\", service=\"a\"}");
        assertThat(GroupKey.labelSet(Map.of("msg", "say \"hi\"\n\\"))).isEqualTo("{msg=\"say \\\"hi\\\"\\n\\\\\"}");
        assertThat(GroupKey.of(Receiver.of("r", "http://localhost/h"), Map.of())).isEqualTo("{}/{}:{}");
    }
}
