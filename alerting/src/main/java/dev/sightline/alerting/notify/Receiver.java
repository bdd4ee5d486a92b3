package dev.sightline.alerting.notify;

import dev.sightline.alerting.silence.Matcher;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A webhook receiver and how alerts are grouped for it (Alertmanager's route options and {@code webhook_config} in
 * one, since a Sightline receiver is one route with one webhook). Null arguments take the defaults below;
 * everything is checked here, so a bad configuration fails at start with the receiver's name and the reason.
 *
 * @param groupBy        labels that split alerts into notification groups; {@value #GROUP_BY_ALL} alone: every
 *                       label (one alert per group); empty: one group for all. Default {@code [alertname]}
 * @param groupWait      how long a new group waits for more alerts before its first notification (default 30 s)
 * @param groupInterval  least time between two notifications of a group that changed (default 5 min)
 * @param repeatInterval how often an unchanged firing group is sent again (default 4 h)
 * @param sendResolved   whether resolved alerts are sent (default true)
 * @param maxAlerts      most alerts in one notification, the rest counted in {@code truncatedAlerts} (0: no limit)
 * @param hmacSecret     when set, every request is signed ({@link WebhookSignature}); null: unsigned
 * @param headers        extra request headers, e.g. an {@code Authorization} token
 * @param timeout        for one request, connection included (default 10 s)
 * @param matchers       which alerts go to this receiver: those matching all (empty: every alert)
 */
public record Receiver(String name, URI url, List<String> groupBy, Duration groupWait, Duration groupInterval,
                       Duration repeatInterval, boolean sendResolved, int maxAlerts, String hmacSecret,
                       Map<String, String> headers, Duration timeout, List<Matcher> matchers) {
    /** Alertmanager's {@code group_by: ['...']}: group by every label. */
    public static final String GROUP_BY_ALL = "...";
    public static final List<String> DEFAULT_GROUP_BY = List.of("alertname");
    public static final Duration DEFAULT_GROUP_WAIT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_GROUP_INTERVAL = Duration.ofMinutes(5);
    public static final Duration DEFAULT_REPEAT_INTERVAL = Duration.ofHours(4);
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    // Headers java.net.http refuses to set, and those the notifier owns.
    private static final Set<String> RESERVED_HEADERS = Set.of("connection", "content-length", "expect", "host",
            "upgrade", "content-type", "user-agent", WebhookSignature.SIGNATURE_HEADER.toLowerCase(Locale.ROOT),
            WebhookSignature.TIMESTAMP_HEADER.toLowerCase(Locale.ROOT));

    public Receiver {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a receiver needs a name");
        }
        String what = "receiver \"" + name + "\": ";
        if (url == null) {
            throw new IllegalArgumentException(what + "url is required");
        }
        checkUrl(what, url);
        groupBy = groupBy == null ? DEFAULT_GROUP_BY : List.copyOf(groupBy);
        if (groupBy.contains(GROUP_BY_ALL) && groupBy.size() > 1) {
            throw new IllegalArgumentException(what + "group_by '...' (all labels) cannot be combined with "
                    + "label names");
        }
        groupWait = orDefault(what, "group_wait", groupWait, DEFAULT_GROUP_WAIT, true);
        groupInterval = orDefault(what, "group_interval", groupInterval, DEFAULT_GROUP_INTERVAL, false);
        repeatInterval = orDefault(what, "repeat_interval", repeatInterval, DEFAULT_REPEAT_INTERVAL, false);
        timeout = orDefault(what, "timeout", timeout, DEFAULT_TIMEOUT, false);
        if (maxAlerts < 0) {
            throw new IllegalArgumentException(what + "max_alerts must be 0 (no limit) or more, not " + maxAlerts);
        }
        hmacSecret = hmacSecret == null || hmacSecret.isEmpty() ? null : hmacSecret;
        headers = headers == null ? Map.of() : Map.copyOf(new TreeMap<>(headers));
        for (String header : headers.keySet()) {
            if (RESERVED_HEADERS.contains(header.toLowerCase(Locale.ROOT)) || !header.matches("[!#$%&'*+.^_`|~0-9A-Za-z-]+")) {
                throw new IllegalArgumentException(what + "header '" + header + "' cannot be set (it is not a "
                        + "header name, or the notifier sets it)");
            }
        }
        matchers = matchers == null ? List.of() : List.copyOf(matchers);
    }

    /** A receiver with every default: group by alertname, wait 30 s, interval 5 min, repeat 4 h, resolved sent. */
    public static Receiver of(String name, String url) {
        return new Receiver(name, parseUrl(name, url), null, null, null, null, true, 0, null, null, null, null);
    }

    /**
     * Reads a configured URL; throws {@link IllegalArgumentException} naming the receiver unless it is an absolute
     * http or https URL with a host.
     */
    public static URI parseUrl(String name, String url) {
        String what = "receiver \"" + name + "\": ";
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException(what + "url is required");
        }
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(what + "url '" + url + "' is not a URL: " + e.getReason());
        }
        checkUrl(what, uri);
        return uri;
    }

    public Receiver withGrouping(List<String> by, Duration wait, Duration interval, Duration repeat) {
        return new Receiver(name, url, by, wait, interval, repeat, sendResolved, maxAlerts, hmacSecret, headers,
                timeout, matchers);
    }

    public Receiver withDelivery(boolean resolved, int max, String secret, Map<String, String> extraHeaders,
                                 Duration requestTimeout) {
        return new Receiver(name, url, groupBy, groupWait, groupInterval, repeatInterval, resolved, max, secret,
                extraHeaders, requestTimeout, matchers);
    }

    public Receiver withMatchers(List<Matcher> which) {
        return new Receiver(name, url, groupBy, groupWait, groupInterval, repeatInterval, sendResolved, maxAlerts,
                hmacSecret, headers, timeout, which);
    }

    public boolean groupsByAll() {
        return groupBy.size() == 1 && groupBy.get(0).equals(GROUP_BY_ALL);
    }

    public boolean accepts(Map<String, String> labels) {
        for (Matcher m : matchers) {
            if (!m.matches(labels)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The URL as shown by the API: scheme, host and port only, the path replaced by "…", since webhook URLs often
     * carry a token in their path or query (Slack, Teams).
     */
    public String maskedUrl() {
        return url.getScheme() + "://" + url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort()) + "/…";
    }

    @Override
    public String toString() {
        // Never the secret, headers (tokens) or full URL in logs.
        return "Receiver[" + name + " " + maskedUrl() + "]";
    }

    private static void checkUrl(String what, URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException(what + "url must start with http:// or https://, not '"
                    + (uri.getScheme() == null ? uri : uri.getScheme() + ":") + "'");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new IllegalArgumentException(what + "url has no host");
        }
    }

    private static Duration orDefault(String what, String key, Duration value, Duration dflt, boolean zeroAllowed) {
        Duration d = value == null ? dflt : value;
        if (d.isNegative() || (!zeroAllowed && d.isZero())) {
            throw new IllegalArgumentException(what + key + " must be " + (zeroAllowed ? "0s or more" : "positive")
                    + ", not " + d);
        }
        return d;
    }
}
