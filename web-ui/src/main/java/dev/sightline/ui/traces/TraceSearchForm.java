package dev.sightline.ui.traces;

import dev.sightline.query.filter.FilterExpressions;
import dev.sightline.store.query.AttributeFilter;
import dev.sightline.store.query.TimeRange;
import dev.sightline.store.query.TraceQuery;
import dev.sightline.ui.web.PageException;
import dev.sightline.ui.web.UiParams;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The trace search form as the URL holds it, parsed with the query API's own rules (the same duration syntax and
 * filter language as {@code GET /api/traces}, and the same messages when a value is wrong). Each {@code filter} is
 * one attribute filter expression; several must all hold, as if joined with {@code and}.
 *
 * @param filters the filter expressions as typed (blank ones dropped), to refill the form
 */
public record TraceSearchForm(String service, String operation, List<String> filters, AttributeFilter filter,
                              String minDuration, String maxDuration, Long minDurationNanos,
                              Long maxDurationNanos, boolean errorsOnly, int limit, String cursor) {
    public static final int DEFAULT_LIMIT = 50;
    /** The API's own maximum; a scatter of a thousand points is still readable. */
    public static final int MAX_LIMIT = 1000;

    public TraceSearchForm {
        filters = List.copyOf(filters);
    }

    public static TraceSearchForm parse(String service, String operation, List<String> filterParams,
                                        String minDuration, String maxDuration, String error, String limit,
                                        String cursor) {
        List<String> filters = new ArrayList<>();
        if (filterParams != null) {
            for (String f : filterParams) {
                if (UiParams.text(f) != null) {
                    filters.add(f.trim());
                }
            }
        }
        AttributeFilter filter = filter(filters);
        Long min = nanos("minDuration", minDuration);
        Long max = nanos("maxDuration", maxDuration);
        if (min != null && max != null && max < min) {
            throw PageException.badParameter("maxDuration", "must not be less than minDuration");
        }
        return new TraceSearchForm(UiParams.text(service), UiParams.text(operation), filters, filter,
                UiParams.text(minDuration), UiParams.text(maxDuration), min, max, bool("error", error),
                UiParams.limit("limit", limit, DEFAULT_LIMIT, MAX_LIMIT), UiParams.text(cursor));
    }

    /**
     * Each expression is parsed alone first, so an error's position is in the box the user typed it in; then all
     * together, so the limits on the expanded filter hold for the whole search as they do in the API.
     */
    static AttributeFilter filter(List<String> filters) {
        if (filters.isEmpty()) {
            return AttributeFilter.NONE;
        }
        for (String f : filters) {
            UiParams.parse(() -> FilterExpressions.parse("filter", f));
        }
        if (filters.size() == 1) {
            return UiParams.parse(() -> FilterExpressions.parse("filter", filters.get(0)));
        }
        String all = filters.stream().map(f -> "(" + f + ")").collect(Collectors.joining(" and "));
        return UiParams.parse(() -> FilterExpressions.parse("filter", all));
    }

    private static Long nanos(String name, String value) {
        Duration d = UiParams.duration(name, value);
        return d == null ? null : d.toNanos();
    }

    /** A checkbox sends "true" (its value) or nothing; links may say yes/no. */
    static boolean bool(String name, String value) {
        if (value == null || value.isBlank()) {
            return false;
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes", "on" -> true;
            case "false", "0", "no", "off" -> false;
            default -> throw PageException.badParameter(name, "must be true or false");
        };
    }

    public TraceQuery query(TimeRange range) {
        return new TraceQuery(range, service, operation, filter, minDurationNanos, maxDurationNanos, errorsOnly,
                limit, cursor);
    }

    /** The filter boxes to show: every filter given and one empty box to add another. */
    public List<String> filterInputs() {
        List<String> inputs = new ArrayList<>(filters);
        inputs.add("");
        return inputs;
    }
}
