package dev.sightline.query.search;

import dev.sightline.query.Params;
import dev.sightline.query.errors.BadParameterException;
import dev.sightline.store.query.TimeRange;

import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/** Parameters the search endpoints share. */
final class SearchParams {
    static final Duration MAX_RANGE = Duration.ofDays(32);

    private SearchParams() {
    }

    /**
     * {@code start} / {@code end}: all retained data when both are absent (searches are bounded by their scan
     * budget, not by the range); otherwise a missing end is now and a missing start an hour before the end.
     */
    static TimeRange range(String start, String end, Clock clock) {
        if ((start == null || start.isBlank()) && (end == null || end.isBlank())) {
            return TimeRange.all();
        }
        long now = clock.millis() * 1_000_000L;
        return Params.timeRange("start", start, "end", end, now, Duration.ofHours(1), MAX_RANGE);
    }

    static Long durationNanos(String name, String value) {
        Duration d = Params.duration(name, value, TimeUnit.MILLISECONDS);
        return d == null ? null : d.toNanos();
    }

    static boolean bool(String name, String value) {
        if (value == null || value.isBlank()) {
            return false;
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes" -> true;
            case "false", "0", "no" -> false;
            default -> throw new BadParameterException(name, "must be true or false");
        };
    }

    static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
