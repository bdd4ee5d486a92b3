package dev.sightline.alerting.slo;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A service level objective: {@code objective} of the valid events of {@code service} (and {@code operation}, when
 * given) are good over a rolling {@code window}. See {@link SliKind} for what counts. Read from the SLO file or the
 * API by {@link SloFile}, which checks every field with its line; this constructor only guards the invariants the
 * tracker relies on.
 *
 * @param operation          a span name, or null for every operation of the service
 * @param latencyThreshold   the latency SLI's "fast enough"; null for availability
 * @param window             whole hours, 1 h to 90 d (the store keeps rollups 35 days by default)
 * @param minEvents          burn-rate alerts stay silent while a pair's long window has fewer events than this
 * @param labels             added to the SLO's alerts
 * @param description        free text, may be null
 */
public record SloDefinition(String name, String service, String operation, SliKind sli, double objective,
                            Duration latencyThreshold, Duration window, long minEvents, Map<String, String> labels,
                            String description, BurnRatePolicy alerting) {
    public static final Pattern NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]*");
    public static final Duration DEFAULT_WINDOW = Duration.ofDays(30);
    public static final Duration MIN_WINDOW = Duration.ofHours(1);
    public static final Duration MAX_WINDOW = Duration.ofDays(90);
    /**
     * 100 events: with fewer, one or two failures are a burn of 10× or more at 99.9 %, so an hour of low traffic
     * would page on noise.
     */
    public static final long DEFAULT_MIN_EVENTS = 100;

    public SloDefinition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(sli, "sli");
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(alerting, "alerting");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("bad SLO name: " + name);
        }
        if (!(objective > 0 && objective < 1)) {
            throw new IllegalArgumentException("objective must be in (0, 1): " + objective);
        }
        if ((sli == SliKind.LATENCY) != (latencyThreshold != null)) {
            throw new IllegalArgumentException("a latency threshold is required for latency SLOs and only for them");
        }
        if (window.toMinutes() % 60 != 0 || window.compareTo(MIN_WINDOW) < 0 || window.compareTo(MAX_WINDOW) > 0) {
            throw new IllegalArgumentException("window must be whole hours from 1h to 90d: " + window);
        }
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }

    /** The fraction of events allowed to be bad. */
    public double errorBudgetRatio() {
        return 1 - objective;
    }

    /**
     * Whether {@code other} counts the same events, so the history collected for this one holds for it: objective,
     * labels, description and alert thresholds may change without losing it.
     */
    boolean countsLike(SloDefinition other) {
        return countsKey().equals(other.countsKey());
    }

    /** What {@link #countsLike} compares, as text: saved with a history, to restore it only where it holds. */
    String countsKey() {
        return String.join("\u0000", service, String.valueOf(operation), sli.name(),
                String.valueOf(latencyThreshold), window.toString(), alerting.longestWindow().toString());
    }
}
