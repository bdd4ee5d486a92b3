package dev.sightline.query.search;

import dev.sightline.query.Params;
import dev.sightline.query.errors.BadParameterException;
import dev.sightline.query.filter.FilterExpressions;
import dev.sightline.store.model.SpanId;
import dev.sightline.store.query.LogQuery;

import java.time.Clock;

/** The log search's parameters, checked, as a {@link LogQuery}. */
public final class LogSearchParams {
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;
    static final int MAX_TEXT = 1024;

    private LogSearchParams() {
    }

    public static LogQuery query(String start, String end, String service, String minSeverity, String text,
                                 String filter, String traceId, String spanId, String limit, String cursor,
                                 Clock clock) {
        if (text != null && text.length() > MAX_TEXT) {
            throw new BadParameterException("text", "must be at most " + MAX_TEXT + " characters");
        }
        return new LogQuery(SearchParams.range(start, end, clock), SearchParams.blankToNull(service),
                Severity.parse("minSeverity", minSeverity), SearchParams.blankToNull(text),
                FilterExpressions.parse("filter", filter),
                traceId == null || traceId.isBlank() ? null : Params.traceId("traceId", traceId),
                spanId(spanId), Params.limit("limit", limit, DEFAULT_LIMIT, MAX_LIMIT),
                SearchParams.blankToNull(cursor));
    }

    private static SpanId spanId(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (value.length() != 16 || !value.chars().allMatch(Params::isHex)) {
            throw new BadParameterException("spanId", "must be 16 hex characters (an 8-byte span ID)");
        }
        try {
            return SpanId.fromHex(value);
        } catch (IllegalArgumentException e) {
            throw new BadParameterException("spanId", "must not be all zeros");
        }
    }
}
