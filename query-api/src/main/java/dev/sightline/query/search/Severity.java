package dev.sightline.query.search;

import dev.sightline.query.errors.BadParameterException;

import java.util.Locale;

/** OTLP severity numbers from a parameter: a number 1–24 or a level name (each name is its range's lowest). */
final class Severity {
    private Severity() {
    }

    static int parse(String name, String value) {
        if (value == null || value.isBlank()) {
            return 0;
        }
        String v = value.trim().toUpperCase(Locale.ROOT);
        switch (v) {
            case "TRACE": return 1;
            case "DEBUG": return 5;
            case "INFO": return 9;
            case "WARN", "WARNING": return 13;
            case "ERROR": return 17;
            case "FATAL": return 21;
            default:
                try {
                    int n = Integer.parseInt(v);
                    if (n >= 1 && n <= 24) {
                        return n;
                    }
                } catch (NumberFormatException e) {
                    // falls through
                }
                throw new BadParameterException(name,
                        "must be a severity number from 1 to 24 or one of TRACE, DEBUG, INFO, WARN, ERROR, FATAL");
        }
    }
}
