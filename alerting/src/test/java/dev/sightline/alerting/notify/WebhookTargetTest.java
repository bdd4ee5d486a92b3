package dev.sightline.alerting.notify;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Which webhook URLs may be reached (server-side request forgery). Hosts are IP literals, which the JVM turns into
 * addresses without asking DNS, or names answered by a resolver of the test's own.
 */
class WebhookTargetTest {
    private static final HostResolver LITERALS_ONLY = host -> {
        if (Character.digit(host.charAt(0), 16) < 0 && !host.contains(":")) {
            throw new UnknownHostException(host + " (this test resolves no names)");
        }
        return List.of(InetAddress.getAllByName(host));
    };

    private static WebhookTarget target(String url) {
        return WebhookTarget.of(URI.create(url));
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource(delimiter = '|', value = {
            "http://127.0.0.1/hook            | loopback",
            "http://127.255.0.9:8080/hook     | loopback",
            "http://[::1]/hook                | loopback",
            "http://10.1.2.3/hook             | private",
            "http://172.16.0.1/hook           | private",
            "http://172.31.255.254/hook       | private",
            "http://192.168.1.1/hook          | private",
            "http://[fc00::1]/hook            | private (unique local fc00::/7)",
            "http://[fd12:3456::1]/hook       | private (unique local fc00::/7)",
            "http://169.254.169.254/latest    | link-local (the cloud metadata service)",
            "http://169.254.1.1/hook          | link-local",
            "http://[fe80::1]/hook            | link-local",
            "http://0.0.0.0/hook              | unspecified",
            "http://[::]/hook                 | unspecified",
            "http://0.1.2.3/hook              | reserved (0.0.0.0/8)",
            "http://224.0.0.1/hook            | multicast",
            "http://[ff02::1]/hook            | multicast",
            "http://255.255.255.255/hook      | broadcast",
            "http://240.0.0.1/hook            | reserved (240.0.0.0/4)",
            "http://100.64.0.1/hook           | shared (carrier-grade NAT 100.64.0.0/10)",
            "http://198.18.0.1/hook           | reserved (benchmarking 198.18.0.0/15)",
            // IPv4-mapped: Java makes these IPv4 addresses, judged as such.
            "http://[::ffff:127.0.0.1]/hook   | loopback",
            "http://[::ffff:a9fe:a9fe]/hook   | link-local (the cloud metadata service)",
            "http://[::ffff:10.0.0.1]/hook    | private",
            // IPv4 inside IPv6: IPv4-compatible, NAT64, 6to4.
            "http://[::127.0.0.1]/hook        | loopback (IPv4 127.0.0.1 inside 0:0:0:0:0:0:7f00:1)",
            "http://[64:ff9b::a00:1]/hook     | private (IPv4 10.0.0.1 inside 64:ff9b:0:0:0:0:a00:1)",
            "http://[2002:a9fe:a9fe::1]/hook  | link-local (the cloud metadata service) (IPv4 169.254.169.254 inside "
                    + "2002:a9fe:a9fe:0:0:0:0:1)",
    })
    void nonPublicAddressesAreRefusedByDefaultAndAllowedWithTheOptIn(String url, String kind) throws Exception {
        WebhookTarget t = target(url);
        assertThatThrownBy(() -> t.address(LITERALS_ONLY, false))
                .isInstanceOf(RefusedTargetException.class)
                .hasMessageContaining("is not a public address (" + kind + ")")
                .hasMessageContaining("allow-private-addresses");
        assertThat(t.address(LITERALS_ONLY, true)).isEqualTo(InetAddress.getAllByName(t.host())[0]);
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://8.8.8.8/hook", "https://1.1.1.1:8443/x?y=z", "http://100.128.0.1/hook",
            "http://172.32.0.1/hook", "http://169.255.0.1/hook", "http://[2606:4700:4700::1111]/hook",
            "http://[2002:808:808::1]/hook", "http://192.0.2.10/hook"})
    void publicAddressesAreAccepted(String url) throws Exception {
        WebhookTarget t = target(url);
        assertThat(t.address(LITERALS_ONLY, false)).isEqualTo(InetAddress.getAllByName(t.host())[0]);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"http://2130706433/hook", "http://0177.0.0.1/hook", "http://0x7f000001/hook",
            "http://017700000001/hook", "http://127.0.0.01/hook",
            "http://127.000.000.001/hook"})
    void oddSpellingsOfAddressesAreRefusedWhenTheConfigurationIsRead(String url) {
        assertThatThrownBy(() -> Receiver.of("ops", url))
                .hasMessageStartingWith("receiver \"ops\": url host '")
                .hasMessageContaining("ambiguous way to write an IP address");
    }

    @Test
    void shortenedAddressesHaveNoHostJavaCanRead() {
        // java.net.URI reads 127.1 and 0x7f.1 as registry names without a host; InetAddress would take 127.1.
        assertThatThrownBy(() -> Receiver.of("ops", "http://127.1/hook")).hasMessageContaining("url has no host");
        assertThatThrownBy(() -> Receiver.of("ops", "http://0x7f.1/hook")).hasMessageContaining("url has no host");
        assertThatThrownBy(() -> Receiver.of("ops", "http://0x7F.0.0.1/hook")).hasMessageContaining("url has no host");
    }

    @Test
    void aNameIsJudgedByEveryAddressItResolvesTo() throws Exception {
        Map<String, List<InetAddress>> dns = Map.of(
                "hooks.example.com", List.of(InetAddress.getByName("203.0.113.7")),
                "rebound.example.com", List.of(InetAddress.getByName("169.254.169.254")),
                "mixed.example.com", List.of(InetAddress.getByName("203.0.113.7"), InetAddress.getByName("10.0.0.7")));
        HostResolver resolver = host -> {
            List<InetAddress> a = dns.get(host);
            if (a == null) {
                throw new UnknownHostException(host);
            }
            return a;
        };
        assertThat(target("https://hooks.example.com/x").address(resolver, false).getHostAddress())
                .isEqualTo("203.0.113.7");
        assertThatThrownBy(() -> target("https://rebound.example.com/x").address(resolver, false))
                .hasMessageStartingWith("host rebound.example.com resolves to 169.254.169.254, which is not a "
                        + "public address (link-local (the cloud metadata service))");
        assertThatThrownBy(() -> target("https://mixed.example.com/x").address(resolver, false))
                .as("one internal address among public ones is enough").hasMessageContaining("10.0.0.7");
        assertThat(target("https://mixed.example.com/x").address(resolver, true).getHostAddress())
                .isEqualTo("203.0.113.7");
        assertThatThrownBy(() -> target("https://gone.example.com/x").address(resolver, false))
                .isInstanceOf(UnknownHostException.class);
    }

    @Test
    void theSystemResolverFindsLocalhostAndItIsLoopback() {
        assertThatThrownBy(() -> target("http://localhost:9000/hook").address(HostResolver.SYSTEM, false))
                .hasMessageContaining("host localhost resolves to").hasMessageContaining("(loopback)");
    }

    @Test
    void requestLineHostHeaderAndMaskedFormComeFromTheUrl() {
        WebhookTarget slack = target("https://hooks.slack.com/services/T0/B0/secret?token=x#frag");
        assertThat(slack.tls()).isTrue();
        assertThat(slack.port()).isEqualTo(443);
        assertThat(slack.requestTarget()).isEqualTo("/services/T0/B0/secret?token=x");
        assertThat(slack.hostHeader()).isEqualTo("hooks.slack.com");
        assertThat(slack.masked()).isEqualTo("https://hooks.slack.com/…");
        assertThat(slack.hostIsAddress()).isFalse();

        WebhookTarget v6 = target("http://[2001:db8::5]:9093");
        assertThat(v6.host()).isEqualTo("2001:db8::5");
        assertThat(v6.requestTarget()).isEqualTo("/");
        assertThat(v6.hostHeader()).isEqualTo("[2001:db8::5]:9093");
        assertThat(v6.masked()).isEqualTo("http://[2001:db8::5]:9093/…");
        assertThat(v6.hostIsAddress()).isTrue();
        assertThat(target("http://h.example:80/p").masked()).isEqualTo("http://h.example/…");
    }
}
