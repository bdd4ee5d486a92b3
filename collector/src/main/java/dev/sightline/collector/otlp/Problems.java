package dev.sightline.collector.otlp;

/**
 * What one mapping left out or changed: rejected items (OTLP's partial success count) and warnings about
 * items kept without a field. Remembers the first few reasons for the client; callers ask
 * {@link #wantsReason()} / {@link #wantsWarning()} before formatting one, so a request full of bad items costs
 * no more than counting them. One instance per mapping call: not thread-safe.
 */
final class Problems {

    static final int MAX_REASONS = 3;

    private final String singular;
    private final String plural;
    private long rejectedItems;
    private int rejections;
    private String[] reasons;
    private int warnings;
    private String[] warningReasons;

    Problems(String singular, String plural) {
        this.singular = singular;
        this.plural = plural;
    }

    boolean wantsReason() {
        return rejections < MAX_REASONS;
    }

    boolean wantsWarning() {
        return warnings < MAX_REASONS;
    }

    /** Records that {@code items} items were rejected for one reason ({@code null} if not wanted). */
    void reject(long items, String reason) {
        rejectedItems += items;
        if (rejections < MAX_REASONS) {
            if (reasons == null) {
                reasons = new String[MAX_REASONS];
            }
            reasons[rejections] = reason;
        }
        rejections++;
    }

    /** Records an item kept with a field dropped ({@code reason} is {@code null} if not wanted). */
    void warn(String reason) {
        if (warnings < MAX_REASONS) {
            if (warningReasons == null) {
                warningReasons = new String[MAX_REASONS];
            }
            warningReasons[warnings] = reason;
        }
        warnings++;
    }

    long rejectedItems() {
        return rejectedItems;
    }

    /** Empty when nothing was rejected or changed. */
    String message() {
        if (rejections == 0 && warnings == 0) {
            return "";
        }
        StringBuilder out = new StringBuilder(160);
        if (rejections > 0) {
            out.append(rejectedItems).append(' ').append(rejectedItems == 1 ? singular : plural).append(" rejected: ");
            appendReasons(out, reasons, rejections);
        }
        if (warnings > 0) {
            if (!out.isEmpty()) {
                out.append(". ");
            }
            out.append(warnings).append(warnings == 1 ? " warning: " : " warnings: ");
            appendReasons(out, warningReasons, warnings);
        }
        return out.toString();
    }

    private static void appendReasons(StringBuilder out, String[] reasons, int count) {
        int shown = Math.min(count, MAX_REASONS);
        for (int i = 0; i < shown; i++) {
            if (i > 0) {
                out.append("; ");
            }
            out.append(reasons[i]);
        }
        if (count > shown) {
            out.append(" (and ").append(count - shown).append(" more)");
        }
    }
}
