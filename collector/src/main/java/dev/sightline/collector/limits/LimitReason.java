package dev.sightline.collector.limits;

import java.util.Locale;

/** Why a limit acted: the {@code reason} tag of {@code sightline_ingest_limited_total}. */
public enum LimitReason {
    RATE, SERIES, ATTRIBUTES, ATTRIBUTE_LENGTH, LOG_BODY, TRACE_SIZE, MEMORY;

    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
