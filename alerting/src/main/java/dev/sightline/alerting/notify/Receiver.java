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
 * @param timeout        for one request, DNS lookup, connection and answer included (default 10 s)
 * @param connectTimeout for opening the connection, within {@code timeout} (default 5 s)
 * @param allowPrivateAddresses whether the URL's host may be (or resolve to) a loopback, private, link-local or
 *                       other non-public address; refused by default ({@link WebhookTarget})
 * @param matchers       which alerts go to this receiver: those matching all (empty: every alert)
 */
public record Receiver(String name, URI url, List<String> groupBy, Duration groupWait, Duration groupInterval,
                       Duration repeatInterval, boolean sendResolved, int maxAlerts, String hmacSecret,
                       Map<String, String> headers, Duration timeout, Duration connectTimeout,
                       boolean allowPrivateAddresses, List<Matcher> matchers) {
    /** Alertmanager's {@code group_by: ['...']}: group by every label. */
    public static final String GROUP_BY_ALL = "...";
    public static final List<String> DEFAULT_GROUP_BY = List.of("alertname");
    public static final Duration DEFAULT_GROUP_WAIT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_GROUP_INTERVAL = Duration.ofMinutes(5);
    public static final Duration DEFAULT_REPEAT_INTERVAL = Duration.ofHours(4);
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);

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
        connectTimeout = orDefault(what, "connect_timeout", connectTimeout, DEFAULT_CONNECT_TIMEOUT, false);
        if (maxAlerts < 0) {
            throw new IllegalArgumentException(what + "max_alerts must be 0 (no limit) or more, not " + maxAlerts);
        }
        hmacSecret = hmacSecret == null || hmacSecret.isEmpty() ? null : hmacSecret;
        headers = headers == null ? Map.of() : Map.copyOf(new TreeMap<>(headers));
        for (Map.Entry<String, String> header : headers.entrySet()) {
            String h = header.getKey();
            if (RESERVED_HEADERS.contains(h.toLowerCase(Locale.ROOT)) || !h.matches("[!#$%&'*+.^_`|~0-9A-Za-z-]+")) {
                throw new IllegalArgumentException(what + "header '" + h + "' cannot be set (it is not a "
                        + "header name, or the notifier sets it)");
            }
            // Written as is on the request: a line break would add headers of its own. The value is not shown.
            if (header.getValue() == null || !header.getValue().matches("[\\t\\x20-\\x7e\\x80-\\xff]*")) {
                throw new IllegalArgumentException(what + "header '" + h + "' has a value with a line break, a "
                        + "control character or a character beyond Latin-1");
            }
        }
        matchers = matchers == null ? List.of() : List.copyOf(matchers);
    }

    /** A receiver with every default: group by alertname, wait 30 s, interval 5 min, repeat 4 h, resolved sent. */
    public static Receiver of(String name, String url) {
        return new Receiver(name, parseUrl(name, url), null, null, null, null, true, 0, null, null, null, null,
                false, null);
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
            // Not the URL itself: it may hold a token, and this message goes to the log.
            throw new IllegalArgumentException(what + "url is not a URL: " + e.getReason() + " at character "
                    + (e.getIndex() + 1));
        }
        checkUrl(what, uri);
        return uri;
    }

    public Receiver withGrouping(List<String> by, Duration wait, Duration interval, Duration repeat) {
        return new Receiver(name, url, by, wait, interval, repeat, sendResolved, maxAlerts, hmacSecret, headers,
                timeout, connectTimeout, allowPrivateAddresses, matchers);
    }

    public Receiver withDelivery(boolean resolved, int max, String secret, Map<String, String> extraHeaders,
                                 Duration requestTimeout) {
        return new Receiver(name, url, groupBy, groupWait, groupInterval, repeatInterval, resolved, max, secret,
                extraHeaders, requestTimeout, connectTimeout, allowPrivateAddresses, matchers);
    }

    /**
     * @param connect      for opening the connection (null: 5 s); at most the receiver's timeout counts
     * @param allowPrivate let the host be, or resolve to, a loopback, private, link-local or other non-public
     *                     address
     */
    public Receiver withConnection(Duration connect, boolean allowPrivate) {
        return new Receiver(name, url, groupBy, groupWait, groupInterval, repeatInterval, sendResolved, maxAlerts,
                hmacSecret, headers, timeout, connect, allowPrivate, matchers);
    }

    public Receiver withMatchers(List<Matcher> which) {
        return new Receiver(name, url, groupBy, groupWait, groupInterval, repeatInterval, sendResolved, maxAlerts,
                hmacSecret, headers, timeout, connectTimeout, allowPrivateAddresses, which);
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

    /** Where notifications go: the URL taken apart, checked when the receiver was made. */
    WebhookTarget target() {
        return WebhookTarget.of(url);
    }

    /**
     * The URL as the API, the UI and the logs show it: scheme, host and port only (the default port left out),
     * path and query replaced by "…", since webhook URLs often carry a token there (Slack, Teams).
     */
    public String maskedUrl() {
        return target().masked();
    }

    @Override
    public String toString() {
        // Never the secret, headers (tokens) or full URL in logs.
        return "Receiver[" + name + " " + maskedUrl() + "]";
    }

    private static void checkUrl(String what, URI uri) {
        try {
            WebhookTarget.of(uri);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(what + e.getMessage());
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
