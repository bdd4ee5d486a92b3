package dev.sightline.ui.web;

import jakarta.ws.rs.core.UriInfo;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The query string of the page being rendered, so links can change one filter and keep the others: time ranges
 * and filters live in the URL, and a link someone shares opens the same view. Every value of a repeated parameter
 * is kept (the trace search takes any number of {@code filter}s, and a range link that dropped all but the first
 * would silently widen the search). Templates escape the result like any other string; this class only URL-encodes.
 */
public final class PageQuery {
    private final String path;
    private final List<Map.Entry<String, String>> params;

    private PageQuery(String path, List<Map.Entry<String, String>> params) {
        this.path = path;
        this.params = List.copyOf(params);
    }

    public static PageQuery of(String path, Map<String, String> params) {
        List<Map.Entry<String, String>> kept = new ArrayList<>();
        params.forEach((k, v) -> add(kept, k, v));
        return new PageQuery(path, kept);
    }

    /** A path and its parameters in order, repeated names included; empty values are left out. */
    public static PageQuery of(String path, List<Map.Entry<String, String>> params) {
        List<Map.Entry<String, String>> kept = new ArrayList<>();
        params.forEach(e -> add(kept, e.getKey(), e.getValue()));
        return new PageQuery(path, kept);
    }

    /** The current request's path and query, every value of every parameter in the order given. */
    public static PageQuery of(UriInfo uri) {
        List<Map.Entry<String, String>> kept = new ArrayList<>();
        uri.getQueryParameters().forEach((k, values) -> values.forEach(v -> add(kept, k, v)));
        // The raw (still encoded) path: a service named "a?b" must not end the path at its '?'.
        return new PageQuery("/" + uri.getRequestUri().getRawPath().replaceFirst("^/+", ""), kept);
    }

    private static void add(List<Map.Entry<String, String>> into, String name, String value) {
        if (value != null && !value.isEmpty()) {
            into.add(Map.entry(name, value));
        }
    }

    public String path() {
        return path;
    }

    /** The first value of the parameter, null when absent. */
    public String get(String name) {
        for (Map.Entry<String, String> e : params) {
            if (e.getKey().equals(name)) {
                return e.getValue();
            }
        }
        return null;
    }

    /** This page with every value of one parameter replaced by one (removed when the value is null or empty). */
    public PageQuery with(String name, String value) {
        List<Map.Entry<String, String>> copy = new ArrayList<>(params.size() + 1);
        boolean placed = false;
        for (Map.Entry<String, String> e : params) {
            if (!e.getKey().equals(name)) {
                copy.add(e);
            } else if (!placed) {
                add(copy, name, value);
                placed = true;
            }
        }
        if (!placed) {
            add(copy, name, value);
        }
        return new PageQuery(path, copy);
    }

    public PageQuery without(String name) {
        return with(name, null);
    }

    /** Another page with this page's parameters of the given names (the time range, usually). */
    public PageQuery at(String otherPath, String... keep) {
        List<String> names = List.of(keep);
        List<Map.Entry<String, String>> copy = new ArrayList<>();
        for (Map.Entry<String, String> e : params) {
            if (names.contains(e.getKey())) {
                copy.add(e);
            }
        }
        return new PageQuery(otherPath, copy);
    }

    /** The query string of the time range alone ("?range=6h"), for links to other pages over the same range. */
    public String rangeQuery() {
        return at(path, "range", "start", "end").query();
    }

    public int currentPage() {
        String p = get("page");
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
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, String> e : params) {
            sb.append(sb.length() == 0 ? '?' : '&').append(encode(e.getKey())).append('=').append(encode(e.getValue()));
        }
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
