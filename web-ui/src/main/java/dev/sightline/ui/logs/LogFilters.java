package dev.sightline.ui.logs;

import dev.sightline.query.search.LogSearchParams;
import dev.sightline.store.query.LogQuery;
import dev.sightline.store.query.TimeRange;
import dev.sightline.ui.web.PageException;
import dev.sightline.ui.web.UiParams;
import dev.sightline.ui.web.UiRange;
import jakarta.ws.rs.core.MultivaluedMap;

import java.time.Clock;
import java.time.Duration;
import java.util.Locale;

/**
 * The explorer's filters as the URL holds them, checked by the log search API's own parsing
 * ({@link LogSearchParams}), so the page accepts exactly what {@code /api/logs} accepts and a bad value is a 400
 * page naming the parameter. The raw values are kept to refill the form.
 *
 * @param requestId a correlation ID (request ID): the records that carry it and the records of the traces it
 *                  reaches, found by the correlation lookup rather than by scanning
 * @param query     the search, over {@code range}
 */
public record LogFilters(String service, String minSeverity, String text, String filter, String traceId,
                         String spanId, String requestId, String limit, String cursor, boolean live, UiRange range,
                         LogQuery query) {
    /** A trace or request ID is looked up through an index, so by default it is looked for over a month. */
    static final Duration ID_LOOKUP_RANGE = Duration.ofDays(30);
    static final int MAX_REQUEST_ID = 512;

    static LogFilters parse(MultivaluedMap<String, String> params, Clock clock) {
        String service = UiParams.text(params.getFirst("service"));
        String minSeverity = UiParams.text(params.getFirst("minSeverity"));
        String text = UiParams.text(params.getFirst("text"));
        String filter = UiParams.text(params.getFirst("filter"));
        String traceId = UiParams.text(params.getFirst("traceId"));
        String spanId = UiParams.text(params.getFirst("spanId"));
        String requestId = UiParams.text(params.getFirst("requestId"));
        String limit = UiParams.text(params.getFirst("limit"));
        String cursor = UiParams.text(params.getFirst("cursor"));
        if (requestId != null && requestId.length() > MAX_REQUEST_ID) {
            throw PageException.badParameter("requestId", "must be at most " + MAX_REQUEST_ID + " characters");
        }
        LogQuery parsed = UiParams.parse(() -> LogSearchParams.query(null, null, service, minSeverity, text, filter,
                traceId, spanId, limit, cursor, clock));
        Duration defaultRange = traceId != null || requestId != null ? ID_LOOKUP_RANGE : UiRange.DEFAULT;
        UiRange range = UiRange.of(params.getFirst("range"), params.getFirst("start"), params.getFirst("end"), clock,
                defaultRange);
        LogQuery query = new LogQuery(range.range(), parsed.service(), parsed.minSeverity(), parsed.text(),
                parsed.filter(), parsed.traceId(), parsed.spanId(), parsed.limit(), parsed.cursor());
        return new LogFilters(service, minSeverity, text, filter, traceId, spanId, requestId, limit, cursor,
                flag("live", params.getFirst("live")), range, query);
    }

    /**
     * The same search over the records newer than {@code afterNanos} (live mode's poll), from the first page: the
     * poll asks again for what is new, so an old cursor has no meaning there.
     */
    LogQuery newerThan(long afterNanos) {
        TimeRange r = query.range();
        long from = Math.min(r.toEpochNanos(), Math.max(r.fromEpochNanos(), afterNanos + 1));
        return new LogQuery(new TimeRange(from, r.toEpochNanos()), query.service(), query.minSeverity(),
                query.text(), query.filter(), query.traceId(), query.spanId(), query.limit(), null);
    }

    /** Live mode polls "the last N minutes", so it needs a relative range, and it shows the newest page. */
    boolean liveAvailable() {
        return !range.absolute() && cursor == null;
    }

    static long afterNanos(String value) {
        String v = UiParams.text(value);
        if (v == null) {
            throw PageException.badParameter("after", "is required: the epoch nanoseconds of the newest row shown");
        }
        try {
            long n = Long.parseLong(v);
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // falls through
        }
        throw PageException.badParameter("after", "must be a time in epoch nanoseconds (a non-negative integer)");
    }

    private static boolean flag(String name, String value) {
        String v = UiParams.text(value);
        if (v == null) {
            return false;
        }
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "1", "true", "on" -> true;
            case "0", "false", "off" -> false;
            default -> throw PageException.badParameter(name, "must be 1 or 0");
        };
    }
}
