package dev.sightline.alerting.notify;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Where a receiver's notifications are posted: a receiver URL taken apart and checked. The URL is checked when the
 * configuration is read ({@link #of}) and its host's addresses before every delivery ({@link #address}): DNS
 * answers change, so an address that was public at start may not be at the next alert. The notifier then connects
 * to exactly the address that was checked, never to the name again, so a second DNS answer cannot slip in between
 * the check and the connection (DNS rebinding).
 *
 * @param tls           https
 * @param host          as written in the URL (an IPv6 literal without its brackets)
 * @param port          the URL's port, or 80/443
 * @param requestTarget path and query as sent on the request line ({@code /} when the URL has no path)
 */
record WebhookTarget(boolean tls, String host, int port, String requestTarget) {
    /** A host made only of numbers, in any base: 2130706433, 0177.0.0.1, 0x7f.1. */
    private static final Pattern NUMERIC_HOST = Pattern.compile("(?i)(0x[0-9a-f]*|[0-9]+)(\\.(0x[0-9a-f]*|[0-9]+))*");
    private static final Pattern DOTTED_QUAD = Pattern.compile("((25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\\.){3}"
            + "(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])");

    /**
     * Checks a receiver URL: http or https, a host, no user name or password (they would be shown and logged
     * wherever the URL is), and an IPv4 address only as a plain dotted quad. Other spellings of an address are
     * read differently by different programs ({@code 0177.0.0.1} is 127.0.0.1 to curl and 177.0.0.1 to Java), so
     * what an operator reads in the configuration could differ from where Sightline connects. Throws
     * {@link IllegalArgumentException} with the reason; the URL itself is never in the message.
     */
    static WebhookTarget of(URI url) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("url must start with http:// or https://, not '"
                    + (url.getScheme() == null ? "" : url.getScheme() + ":") + "'");
        }
        if (url.getRawUserInfo() != null) {
            throw new IllegalArgumentException("url must not contain a user name or password (they would show "
                    + "wherever the URL does); send credentials in a header, e.g. headers.Authorization");
        }
        String host = url.getHost();
        if (host == null || host.isEmpty()) {
            throw new IllegalArgumentException("url has no host"
                    + (url.getRawAuthority() == null ? "" : " Java can read (write an IPv4 address as a dotted "
                    + "quad, an IPv6 address in brackets)"));
        }
        if (host.startsWith("[")) {
            host = host.substring(1, host.length() - 1);
        } else {
            String name = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
            if (NUMERIC_HOST.matcher(name).matches() && !DOTTED_QUAD.matcher(name).matches()) {
                throw new IllegalArgumentException("url host '" + host + "' is an ambiguous way to write an IP "
                        + "address; write it as four decimal numbers, e.g. 192.0.2.10");
            }
        }
        boolean tls = scheme.equals("https");
        int port = url.getPort() < 0 ? (tls ? 443 : 80) : url.getPort();
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("url port must be from 1 to 65535, not " + port);
        }
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        return new WebhookTarget(tls, host, port, url.getRawQuery() == null ? path : path + "?" + url.getRawQuery());
    }

    /** What the API, the UI and the logs show: scheme, host and port; path and query often hold a token. */
    String masked() {
        return (tls ? "https" : "http") + "://" + hostForUrl() + (isDefaultPort() ? "" : ":" + port) + "/…";
    }

    /** The {@code Host} header's value. */
    String hostHeader() {
        return hostForUrl() + (isDefaultPort() ? "" : ":" + port);
    }

    /** Whether the host is written as an address rather than a name (no SNI is sent for those). */
    boolean hostIsAddress() {
        return host.contains(":") || DOTTED_QUAD.matcher(host).matches();
    }

    /**
     * Resolves the host and checks every address it has (not only the first, which is the one connected to: a
     * name with one public and one internal address is refused whatever order the answers come in).
     *
     * @param allowNonPublic the operator's opt-in to loopback, private, link-local and other non-public addresses
     * @return the address to connect to
     * @throws UnknownHostException    the host does not resolve now (worth retrying)
     * @throws RefusedTargetException  it resolves to an address webhooks may not reach (not worth retrying)
     */
    InetAddress address(HostResolver resolver, boolean allowNonPublic)
            throws UnknownHostException, RefusedTargetException {
        List<InetAddress> addresses = resolver.resolve(host);
        if (addresses.isEmpty()) {
            throw new UnknownHostException(host);
        }
        if (!allowNonPublic) {
            for (InetAddress a : addresses) {
                String kind = NonPublicAddresses.kind(a);
                if (kind != null) {
                    String literal = a.getHostAddress();
                    throw new RefusedTargetException("host " + host + (literal.equals(host) ? "" : " resolves to "
                            + literal + ", which") + " is not a public address (" + kind + "); webhooks to loopback, "
                            + "private, link-local and other non-public addresses are refused unless "
                            + "allow-private-addresses is set");
                }
            }
        }
        return addresses.get(0);
    }

    private String hostForUrl() {
        return host.contains(":") ? "[" + host + "]" : host;
    }

    private boolean isDefaultPort() {
        return port == (tls ? 443 : 80);
    }
}
