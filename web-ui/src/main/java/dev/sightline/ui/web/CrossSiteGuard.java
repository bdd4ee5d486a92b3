package dev.sightline.ui.web;


import java.net.URI;
import java.util.Locale;

/**
 * Refuses form posts that another site made the browser send. Without tokens (loopback use) a page on any site
 * could otherwise post a silence form to a Sightline on the visitor's network and mute a page (cross-site request
 * forgery); with tokens, the sign-in cookie is SameSite=Strict, and this is the second lock. Browsers say where a request comes from: {@code Sec-Fetch-Site} (Chromium,
 * Firefox, Safari) and {@code Origin} on every POST. A post is accepted when {@code Sec-Fetch-Site} is
 * {@code same-origin} or absent and {@code Origin}, when present, names the host the request was sent to. Tools
 * such as curl send neither and are let through: they are not a browser tricked by a page, and the API takes
 * the same requests anyway.
 *
 * <p>Origin is compared with the {@code Host} header, host and port, not the scheme: behind a TLS-terminating
 * proxy the page is https while Sightline sees http. A proxy must therefore pass the Host header on unchanged
 * (most do by default).
 */
public final class CrossSiteGuard {
    private CrossSiteGuard() {
    }

    /** Throws a 403 page unless the post came from one of Sightline's own pages (or from no browser at all). */
    public static void check(String secFetchSite, String origin, String host) {
        String reason = refusal(secFetchSite, origin, host);
        if (reason != null) {
            throw new PageException(403, "Refused a form post from another site: " + reason + ". Sightline's forms work from its own "
                    + "pages; scripts can use the API.");
        }
    }

    /** Why the post is refused, or null when it is accepted. */
    static String refusal(String secFetchSite, String origin, String host) {
        if (secFetchSite != null && !secFetchSite.isBlank()
                && !secFetchSite.strip().equalsIgnoreCase("same-origin")) {
            return "Sec-Fetch-Site is " + secFetchSite.strip();
        }
        if (origin == null || origin.isBlank()) {
            return null;
        }
        String authority = authority(origin.strip());
        if (authority == null || host == null || !authority.equals(host.strip().toLowerCase(Locale.ROOT))) {
            return "Origin " + origin.strip() + " is not this server (" + host + ")";
        }
        return null;
    }

    /** host[:port] of an Origin ({@code null} for "null" and anything that is not scheme://host[:port]). */
    private static String authority(String origin) {
        try {
            URI uri = new URI(origin);
            if (uri.getScheme() == null || uri.getHost() == null) {
                return null;
            }
            String host = uri.getHost().toLowerCase(Locale.ROOT);
            return uri.getPort() < 0 ? host : host + ":" + uri.getPort();
        } catch (java.net.URISyntaxException e) {
            return null;
        }
    }
}
