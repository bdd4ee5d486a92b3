package dev.sightline.alerting.notify;

import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * One message for one group of one receiver, ready to post: the body is serialized once, so every retry sends the
 * same bytes.
 *
 * @param firing       fingerprints firing in the group when it was flushed (the whole group, before max_alerts)
 * @param resolved     fingerprints resolved in the group when it was flushed
 * @param flushedAt    when the group was flushed; recorded as the group's last notification once delivered
 * @param status       "firing" or "resolved", as in the body
 * @param fingerprints the alerts in the body
 */
record Notification(String receiver, String groupKey, Set<String> firing, Set<String> resolved, Instant flushedAt,
                    String status, List<String> fingerprints, byte[] body) {
    Notification {
        firing = Set.copyOf(firing);
        resolved = Set.copyOf(resolved);
        fingerprints = List.copyOf(fingerprints);
    }

    boolean sameAlerts(Set<String> otherFiring, Set<String> otherResolved) {
        return firing.equals(otherFiring) && resolved.equals(otherResolved);
    }
}
