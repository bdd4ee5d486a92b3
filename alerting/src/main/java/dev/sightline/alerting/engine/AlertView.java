package dev.sightline.alerting.engine;

import dev.sightline.alerting.alert.AlertInstance;

/** An alert instance as the API and UI show it: with whether it is silenced or inhibited. */
public record AlertView(AlertInstance alert, Suppression suppression) {
}
