package dev.sightline.alerting.notify;

import java.time.Instant;
import java.util.Set;

/**
 * What a group's last delivered notification held (Alertmanager's notification log entry): from it a flush decides
 * whether anything changed since, or whether the repeat interval has passed.
 */
record SentState(Set<String> firing, Set<String> resolved, Instant sentAt) {
    SentState {
        firing = Set.copyOf(firing);
        resolved = Set.copyOf(resolved);
    }
}
