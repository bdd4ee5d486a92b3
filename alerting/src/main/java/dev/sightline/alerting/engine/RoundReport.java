package dev.sightline.alerting.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The last evaluation round: when, how long it took, how many definitions it evaluated, the alerts after it, and
 * the definitions whose condition could not be evaluated (their alerts kept their state) with the reason.
 */
public record RoundReport(Instant at, Duration took, int definitions, List<AlertView> alerts,
                          Map<String, String> errors) {
    public static final RoundReport NONE = new RoundReport(null, Duration.ZERO, 0, List.of(), Map.of());

    public RoundReport {
        alerts = List.copyOf(alerts);
        errors = Map.copyOf(errors);
    }
}
