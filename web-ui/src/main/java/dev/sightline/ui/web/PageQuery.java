package dev.sightline.ui.web;

import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.UriInfo;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The query string of the page being rendered, so links can change one filter and keep the others: time ranges
 * and filters live in the URL, and a link someone shares opens the same view. Templates escape the result like any
 * other string; this class only URL-encodes.
 */
public final class PageQuery {
    private final String path;
    private final Map<String, String> params;

    private PageQuery(String path, Map<String, String> params) {
        this.path = path;
        this.params = Collections.unmodifiableMap(params);
    }

    public static PageQuery of(String path, Map<String, String> params) {
        Map<String, String> copy = new LinkedHashMap<>();
        params.forEach((k, v) -> {
            if (v != null && !v.isEmpty()) {
                copy.put(k, v);
            }
        });
        return new PageQuery(path, copy);
    }

    /** The current request's path and query (first value of each parameter). */
    public static PageQuery of(UriInfo uri) {
        MultivaluedMap<String, String> q = uri.getQueryParameters();
        Map<String, String> first = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> e : q.entrySet()) {
            if (!e.getValue().isEmpty()) {
                first.put(e.getKey(), e.getValue().get(0));
            }
        }
        // The raw (still encoded) path: a service named "a?b" must not end the path at its '?'.
        return of("/" + uri.getRequestUri().getRawPath().replaceFirst("^/+", ""), first);
    }

    public String path() {
        return path;
    }

    public String get(String name) {
        return params.get(name);
    }

    /** This page with one parameter set (removed when the value is null or empty). */
    public PageQuery with(String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(params);
        if (value == null || value.isEmpty()) {
            copy.remove(name);
        } else {
            copy.put(name, value);
        }
        return new PageQuery(path, copy);
    }

    public PageQuery without(String name) {
        return with(name, null);
    }

    /** Another page with this page's parameters of the given names (the time range, usually). */
    public PageQuery at(String otherPath, String... keep) {
        Map<String, String> copy = new LinkedHashMap<>();
        for (String k : keep) {
            if (params.containsKey(k)) {
                copy.put(k, params.get(k));
            }
        }
        return new PageQuery(otherPath, copy);
    }

    /** The query string of the time range alone ("?range=6h"), for links to other pages over the same range. */
    public String rangeQuery() {
        return at(path, "range", "start", "end").query();
    }

    public int currentPage() {
        String p = params.get("page");
        try {
            return p == null ? 1 : Math.max(1, Integer.parseInt(p));
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    public PageQuery previousPage() {
        return with("page", currentPage() <= 2 ? null : Integer.toString(currentPage() - 1));
    }

    public PageQuery nextPage() {
        return with("page", Integer.toString(currentPage() + 1));
    }

    /** The query string alone, with its leading '?' (empty when there are no parameters). */
    public String query() {
        if (params.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder("?");
        params.forEach((k, v) -> {
            if (sb.length() > 1) {
                sb.append('&');
            }
            sb.append(encode(k)).append('=').append(encode(v));
        });
        return sb.toString();
    }

    public static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** A path segment (a service name in /services/{name}) encoded so that '/' and '?' stay inside it. */
    public static String segment(String s) {
        return encode(s);
    }

    @Override
    public String toString() {
        return path + query();
    }
}
