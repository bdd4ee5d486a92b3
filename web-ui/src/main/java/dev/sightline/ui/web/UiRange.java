package dev.sightline.ui.web;

import dev.sightline.query.Params;
import dev.sightline.store.query.TimeRange;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The time range a page shows, from the URL: {@code range=1h} (the last hour, the default) or an absolute
 * {@code start} / {@code end} (RFC 3339 or epoch ms, as the API takes them). Relative ranges keep a shared link
 * meaning "the last hour"; absolute ones pin an incident.
 */
public record UiRange(TimeRange range, String preset, boolean absolute) {
    public static final Duration DEFAULT = Duration.ofHours(1);
    public static final Duration MAX = Duration.ofDays(35);
    /** The choices offered by the range picker. */
    public static final List<String> PRESETS = List.of("5m", "15m", "1h", "6h", "24h", "7d", "30d");

    public static UiRange of(String range, String start, String end, Clock clock) {
        return of(range, start, end, clock, DEFAULT);
    }

    public static UiRange of(String range, String start, String end, Clock clock, Duration defaultLength) {
        long now = clock.millis() * 1_000_000L;
        boolean absolute = UiParams.text(start) != null || UiParams.text(end) != null;
        if (absolute) {
            TimeRange r = UiParams.parse(() -> Params.timeRange("start", start, "end", end, now, defaultLength, MAX));
            return new UiRange(r, null, true);
        }
        Duration length = UiParams.text(range) == null ? defaultLength : UiParams.duration("range", range);
        if (length.isZero() || length.isNegative() || length.compareTo(MAX) > 0) {
            throw PageException.badParameter("range", "must be a duration from 1s to 35d, such as 15m, 1h or 7d");
        }
        String label = UiParams.text(range) == null ? Format.duration(defaultLength) : range.trim();
        return new UiRange(new TimeRange(now - length.toNanos(), now), label, false);
    }

    public List<String> presets() {
        return PRESETS;
    }

    public Instant from() {
        return Instant.ofEpochSecond(0, range.fromEpochNanos());
    }

    public Instant to() {
        return Instant.ofEpochSecond(0, range.toEpochNanos());
    }

    public Duration length() {
        return Duration.ofNanos(range.durationNanos());
    }

    /** How the range reads in a page heading: "last 1h" or the two instants. */
    public String label() {
        return absolute ? Format.time(from()) + " – " + Format.time(to()) : "last " + preset;
    }
}
