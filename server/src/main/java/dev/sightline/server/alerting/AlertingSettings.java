package dev.sightline.server.alerting;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Alerting's settings. Every one is listed in docs/configuration.md. */
@ConfigMapping(prefix = "sightline.alerting")
public interface AlertingSettings {

    /** Off: no rounds, no notifications; the API still lists SLOs and rules. */
    @WithDefault("true")
    boolean enabled();

    /** How often every SLO and rule is evaluated. */
    @WithName("evaluation-interval")
    @WithDefault("15s")
    Duration evaluationInterval();

    /** SLO definitions (YAML); reloaded when it changes. None: only SLOs added through the API. */
    @WithName("slo-file")
    Optional<String> sloFile();

    /** Alert rules (YAML); reloaded when it changes. */
    @WithName("rule-file")
    Optional<String> ruleFile();

    /** A folder of Markdown runbooks that add to (or replace) the built-in ones. */
    @WithName("runbooks-dir")
    Optional<String> runbooksDir();

    /**
     * The address people reach Sightline at, for links in notifications (runbook_url, generatorURL, traces).
     * Default: http://host:port of the API.
     */
    @WithName("external-url")
    Optional<String> externalUrl();

    /** How long a resolved alert stays listed (and can still be notified as resolved). */
    @WithName("resolved-retention")
    @WithDefault("15m")
    Duration resolvedRetention();

    /** Webhook receivers by name: {@code sightline.alerting.receivers."ops".url=https://...}. */
    Map<String, ReceiverSettings> receivers();

    /** Rule and SLO files of tenants other than the default one: {@code sightline.alerting.tenants."shop".rule-file}. */
    Map<String, TenantFiles> tenants();

    interface TenantFiles {
        /** The tenant's SLO definitions (YAML); reloaded when it changes. */
        @WithName("slo-file")
        Optional<String> sloFile();

        /** The tenant's alert rules (YAML); reloaded when it changes. */
        @WithName("rule-file")
        Optional<String> ruleFile();
    }

    /** What applies to every webhook receiver. */
    Webhooks webhooks();

    interface Webhooks {
        /**
         * Let every receiver reach loopback, private, link-local and other non-public addresses (as if each had
         * {@code allow-private-addresses=true}). Off: such URLs are refused at start and at each delivery.
         */
        @WithName("allow-private-addresses")
        @WithDefault("false")
        boolean allowPrivateAddresses();
    }

    interface ReceiverSettings {
        /** http or https URL the Alertmanager-format JSON is POSTed to. */
        String url();

        /** The tenant whose alerts this receiver gets; a receiver never sees another tenant's alerts. */
        @WithDefault("default")
        String tenant();

        /** Labels alerts are grouped by; {@code ...} groups by all labels. */
        @WithName("group-by")
        @WithDefault("alertname")
        List<String> groupBy();

        @WithName("group-wait")
        @WithDefault("30s")
        Duration groupWait();

        @WithName("group-interval")
        @WithDefault("5m")
        Duration groupInterval();

        @WithName("repeat-interval")
        @WithDefault("4h")
        Duration repeatInterval();

        @WithName("send-resolved")
        @WithDefault("true")
        boolean sendResolved();

        /** At most this many alerts per notification (0: all); the rest are counted in truncatedAlerts. */
        @WithName("max-alerts")
        @WithDefault("0")
        int maxAlerts();

        /** Signs each body with HMAC-SHA256 when set. */
        @WithName("hmac-secret")
        Optional<String> hmacSecret();

        /** For one request: DNS lookup, connection, request and answer. */
        @WithDefault("10s")
        Duration timeout();

        /** For opening the connection (within {@code timeout}). */
        @WithName("connect-timeout")
        @WithDefault("5s")
        Duration connectTimeout();

        /**
         * Let this receiver's host be, or resolve to, a loopback, private, link-local or other non-public address
         * (an internal service, a receiver on the same machine). Off: refused at start and at each delivery.
         */
        @WithName("allow-private-addresses")
        @WithDefault("false")
        boolean allowPrivateAddresses();

        /** Only alerts matching every matcher go here, e.g. {@code {severity="page"}}; none: all alerts. */
        Optional<String> matchers();

        /** Extra request headers (e.g. an Authorization for the receiver). */
        Map<String, String> headers();
    }
}
