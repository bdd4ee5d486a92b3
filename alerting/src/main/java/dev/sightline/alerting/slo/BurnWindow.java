package dev.sightline.alerting.slo;

import java.time.Duration;
import java.util.Objects;

/**
 * One multi-window alert condition of the SRE Workbook (chapter 5, "Alerting on SLOs"): the error budget burns
 * faster than {@code burnRate} over both the long window and the short one. The long window decides whether the
 * burn matters; the short one confirms it is still going on, so the alert resolves soon after the burn stops.
 */
public record BurnWindow(Duration longWindow, Duration shortWindow, double burnRate) {
    public BurnWindow {
        Objects.requireNonNull(longWindow, "longWindow");
        Objects.requireNonNull(shortWindow, "shortWindow");
        if (shortWindow.compareTo(longWindow) >= 0) {
            throw new IllegalArgumentException("short window " + shortWindow + " must be shorter than " + longWindow);
        }
        if (!(burnRate > 0) || Double.isInfinite(burnRate)) {
            throw new IllegalArgumentException("burn rate must be positive: " + burnRate);
        }
    }

    public static BurnWindow of(Duration longWindow, Duration shortWindow, double burnRate) {
        return new BurnWindow(longWindow, shortWindow, burnRate);
    }
}
