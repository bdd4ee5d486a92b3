package dev.sightline.alerting.engine;

import java.util.List;

/**
 * Why an alert is not notified although it fires: the silences that match it, or the alert that inhibits it.
 * It still shows, marked, in the API and UI.
 */
public record Suppression(List<String> silencedBy, String inhibitedBy) {
    public static final Suppression NONE = new Suppression(List.of(), null);

    public Suppression {
        silencedBy = List.copyOf(silencedBy);
    }

    public boolean suppressed() {
        return !silencedBy.isEmpty() || inhibitedBy != null;
    }
}
