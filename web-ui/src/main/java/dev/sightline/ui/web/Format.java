package dev.sightline.ui.web;

import io.quarkus.qute.TemplateExtension;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * How numbers read on a page, available in templates as {@code {fmt:ms(value)}} and friends. Missing values show
 * as an em dash, never as 0: "no requests" and "0 ms" are different answers. Times are UTC, like the API.
 */
@TemplateExtension(namespace = "fmt")
public final class Format {
    public static final String NONE = "—";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'")
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter TIME_MS = DateTimeFormatter.ofPattern("HH:mm:ss.SSS")
            .withZone(ZoneOffset.UTC);

    private Format() {
    }

    /** Milliseconds with three significant figures: 0.042 ms, 4.20 ms, 420 ms, 4.20 s, 4.2 min. */
    public static String ms(Double millis) {
        if (millis == null || millis.isNaN()) {
            return NONE;
        }
        double v = millis;
        if (v < 1) {
            return String.format(Locale.ROOT, "%.3f ms", v);
        }
        if (v < 10) {
            return String.format(Locale.ROOT, "%.2f ms", v);
        }
        if (v < 1000) {
            return String.format(Locale.ROOT, "%.0f ms", v);
        }
        if (v < 60_000) {
            return String.format(Locale.ROOT, "%.2f s", v / 1000);
        }
        return String.format(Locale.ROOT, "%.1f min", v / 60_000);
    }

    public static String nanos(long nanos) {
        return ms(nanos / 1e6);
    }

    /** A ratio as a percentage: 0.0123 → 1.23 %; tiny non-zero values keep a visible digit. */
    public static String percent(Double ratio) {
        if (ratio == null || ratio.isNaN()) {
            return NONE;
        }
        double p = ratio * 100;
        if (p == 0) {
            return "0 %";
        }
        double a = Math.abs(p);
        if (a < 0.01) {
            return String.format(Locale.ROOT, "%.4f %%", p);
        }
        if (a < 10) {
            return String.format(Locale.ROOT, "%.2f %%", p);
        }
        return String.format(Locale.ROOT, "%.1f %%", p);
    }

    public static String rate(Double perSecond) {
        if (perSecond == null || perSecond.isNaN()) {
            return NONE;
        }
        double v = perSecond;
        if (v == 0) {
            return "0/s";
        }
        if (v < 0.1) {
            return String.format(Locale.ROOT, "%.1f/min", v * 60);
        }
        if (v < 10) {
            return String.format(Locale.ROOT, "%.2f/s", v);
        }
        return String.format(Locale.ROOT, "%,.0f/s", v);
    }

    /** A whole number with thousands separators; any integer type (Qute does not widen an int to a long). */
    public static String count(Number n) {
        return n == null ? NONE : String.format(Locale.ROOT, "%,d", n.longValue());
    }

    /** A plain number with up to four significant figures, for metric values of any unit. */
    public static String number(Double v) {
        if (v == null || v.isNaN()) {
            return NONE;
        }
        double a = Math.abs(v);
        if (a != 0 && (a >= 1e6 || a < 1e-3)) {
            return String.format(Locale.ROOT, "%.3g", v);
        }
        String s = String.format(Locale.ROOT, "%.4f", v);
        return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
    }

    public static String time(Instant t) {
        return t == null ? NONE : TIME.format(t);
    }

    public static String timeNanos(long epochNanos) {
        return time(Instant.ofEpochSecond(0, epochNanos));
    }

    /** Time of day with milliseconds, for log lines and span starts. */
    public static String clockNanos(long epochNanos) {
        return TIME_MS.format(Instant.ofEpochSecond(0, epochNanos));
    }

    /** A duration as people write it: 15m, 1h, 1h30m, 7d. */
    public static String duration(Duration d) {
        if (d == null) {
            return NONE;
        }
        long s = d.getSeconds();
        if (s == 0) {
            return d.toMillis() + "ms";
        }
        StringBuilder sb = new StringBuilder();
        long days = s / 86400;
        long hours = s % 86400 / 3600;
        long minutes = s % 3600 / 60;
        long seconds = s % 60;
        if (days > 0) {
            sb.append(days).append('d');
        }
        if (hours > 0) {
            sb.append(hours).append('h');
        }
        if (minutes > 0) {
            sb.append(minutes).append('m');
        }
        if (seconds > 0) {
            sb.append(seconds).append('s');
        }
        return sb.toString();
    }

    /** "3m ago" from the page's now, for live views. */
    public static String ago(Instant t, Instant now) {
        if (t == null) {
            return NONE;
        }
        Duration d = Duration.between(t, now);
        if (d.getSeconds() <= 0) {
            return "just now";
        }
        return duration(Duration.ofSeconds(d.getSeconds())) + " ago";
    }

    /** A path segment or query value, URL-encoded (templates still HTML-escape the result). */
    public static String url(String s) {
        return s == null ? "" : PageQuery.encode(s);
    }
}
