package dev.sightline.ui.logs;

import java.util.Locale;

/**
 * OTLP's six severity ranges (numbers 1–24, four per level) as a page shows them: a name and the colour class
 * {@code sightline.css} gives it. A record sent with only a severity text ("warning", "Err") still gets its
 * colour when the text names a level.
 */
public enum SeverityLevel {
    UNSPECIFIED("—", 0),
    TRACE("TRACE", 1),
    DEBUG("DEBUG", 5),
    INFO("INFO", 9),
    WARN("WARN", 13),
    ERROR("ERROR", 17),
    FATAL("FATAL", 21);

    private final String label;
    private final int lowest;

    SeverityLevel(String label, int lowest) {
        this.label = label;
        this.lowest = lowest;
    }

    /** The level of a record: from its number, else from its text, else unspecified. */
    public static SeverityLevel of(int number, String text) {
        if (number >= 1 && number <= 24) {
            return values()[(number - 1) / 4 + 1];
        }
        return fromText(text);
    }

    static SeverityLevel fromText(String text) {
        if (text == null || text.isBlank()) {
            return UNSPECIFIED;
        }
        String t = text.trim().toUpperCase(Locale.ROOT);
        if (t.startsWith("FATAL") || t.startsWith("CRIT") || t.startsWith("EMERG") || t.startsWith("ALERT")
                || t.startsWith("PANIC")) {
            return FATAL;
        }
        if (t.startsWith("ERR") || t.startsWith("SEVERE")) {
            return ERROR;
        }
        if (t.startsWith("WARN")) {
            return WARN;
        }
        if (t.startsWith("INFO") || t.startsWith("NOTICE")) {
            return INFO;
        }
        if (t.startsWith("TRACE") || t.startsWith("FINEST")) {
            return TRACE;
        }
        if (t.startsWith("DEBUG") || t.startsWith("FINE") || t.startsWith("CONFIG")) {
            return DEBUG;
        }
        return UNSPECIFIED;
    }

    /** The name the filter form offers; the API takes it as the lowest number of the range. */
    public String label() {
        return label;
    }

    public int lowest() {
        return lowest;
    }

    /** {@code sev-error} and so on, defined in sightline.css. */
    public String cssClass() {
        return "sev-" + name().toLowerCase(Locale.ROOT);
    }
}
