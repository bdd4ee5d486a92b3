package dev.sightline.ui.web;

import dev.sightline.query.Params;
import dev.sightline.query.errors.BadParameterException;
import dev.sightline.store.model.TraceId;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The query API's parameter parsing, answering in pages: the same formats and messages as the API, but a bad
 * value becomes an HTML error page (with a way back) instead of a JSON body.
 */
public final class UiParams {
    private UiParams() {
    }

    public static <T> T parse(Supplier<T> parser) {
        try {
            return parser.get();
        } catch (BadParameterException e) {
            throw PageException.badParameter(e.parameter(), e.getMessage());
        }
    }

    public static TraceId traceId(String name, String value) {
        return parse(() -> Params.traceId(name, value));
    }

    public static Duration duration(String name, String value) {
        return parse(() -> Params.duration(name, value, TimeUnit.MILLISECONDS));
    }

    public static int limit(String name, String value, int defaultValue, int max) {
        return parse(() -> Params.limit(name, value, defaultValue, max));
    }

    /** Null for absent or blank values, so empty form fields mean "no filter". */
    public static String text(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
