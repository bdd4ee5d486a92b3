package dev.sightline.ui.traces;

import dev.sightline.ui.web.PageQuery;
import io.quarkus.qute.TemplateData;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.UriInfo;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The search page's own URL, for links that change one parameter and keep the rest. Like {@link PageQuery}, but it
 * keeps every value of a repeated parameter: the search takes any number of {@code filter}s, and a range link that
 * dropped all but the first would silently widen the search. Has the {@code with}/{@code without} methods the
 * shared range picker calls.
 */
@TemplateData
public final class SearchUrl {
    private final String path;
    private final List<Map.Entry<String, String>> params;

    private SearchUrl(String path, List<Map.Entry<String, String>> params) {
        this.path = path;
        this.params = List.copyOf(params);
    }

    public static SearchUrl of(String path, List<Map.Entry<String, String>> params) {
        List<Map.Entry<String, String>> kept = new ArrayList<>();
        for (Map.Entry<String, String> e : params) {
            if (e.getValue() != null && !e.getValue().isEmpty()) {
                kept.add(Map.entry(e.getKey(), e.getValue()));
            }
        }
        return new SearchUrl(path, kept);
    }

    public static SearchUrl of(UriInfo uri) {
        MultivaluedMap<String, String> q = uri.getQueryParameters();
        List<Map.Entry<String, String>> all = new ArrayList<>();
        q.forEach((k, values) -> values.forEach(v -> all.add(Map.entry(k, v == null ? "" : v))));
        return of("/" + uri.getPath().replaceFirst("^/+", ""), all);
    }

    /** This URL with every value of {@code name} replaced by one (removed when null or empty). */
    public SearchUrl with(String name, String value) {
        List<Map.Entry<String, String>> copy = new ArrayList<>();
        for (Map.Entry<String, String> e : params) {
            if (!e.getKey().equals(name)) {
                copy.add(e);
            }
        }
        if (value != null && !value.isEmpty()) {
            copy.add(Map.entry(name, value));
        }
        return new SearchUrl(path, copy);
    }

    public SearchUrl without(String name) {
        return with(name, null);
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

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(path);
        for (Map.Entry<String, String> e : params) {
            b.append(b.length() == path.length() ? '?' : '&').append(PageQuery.encode(e.getKey())).append('=')
                    .append(PageQuery.encode(e.getValue()));
        }
        return b.toString();
    }
}
