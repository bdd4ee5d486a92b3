package dev.sightline.alerting.silence;

import dev.sightline.alerting.alert.AlertInstance;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Alertmanager's mute stage, run by the engine each round before it hands alerts to the notifier: drops the alerts
 * an active silence matches or another firing alert inhibits. Muted alerts keep their state; only their
 * notifications are held back. Silencing or inhibiting a firing alert sends no "resolved" for it.
 */
public final class NotificationFilter {
    private final SilenceStore silences;
    private final Inhibition inhibition;

    public NotificationFilter(SilenceStore silences, Inhibition inhibition) {
        this.silences = silences;
        this.inhibition = inhibition;
    }

    /**
     * Splits this round's alerts into those to notify and those muted.
     *
     * @param alerts every pending, firing and recently resolved instance (all of them: inhibition needs the
     *               firing sources, even silenced ones)
     */
    public Result apply(Collection<AlertInstance> alerts, Instant now) {
        Map<String, String> inhibited = inhibition.inhibitedBy(alerts);
        Map<String, List<UUID>> silencedBy = new HashMap<>();
        List<AlertInstance> notifiable = new ArrayList<>(alerts.size());
        for (AlertInstance a : alerts) {
            List<Silence> matching = silences.silencing(a.labels(), now);
            if (!matching.isEmpty()) {
                silencedBy.put(a.fingerprint(), matching.stream().map(Silence::id).toList());
            } else if (!inhibited.containsKey(a.fingerprint())) {
                notifiable.add(a);
            }
        }
        return new Result(notifiable, silencedBy, inhibited);
    }

    /**
     * @param notifiable alerts neither silenced nor inhibited, in input order
     * @param silencedBy fingerprint → the active silences muting it (for the alert API and UI)
     * @param inhibitedBy fingerprint → the alert holding it back by an inhibit rule (a silenced alert may be in both)
     */
    public record Result(List<AlertInstance> notifiable, Map<String, List<UUID>> silencedBy,
                         Map<String, String> inhibitedBy) {
        public Result {
            notifiable = List.copyOf(notifiable);
            silencedBy = Map.copyOf(silencedBy);
            inhibitedBy = Map.copyOf(inhibitedBy);
        }

        /** Fingerprints held back by an inhibit rule. */
        public Set<String> inhibited() {
            return inhibitedBy.keySet();
        }

        public boolean isMuted(String fingerprint) {
            return silencedBy.containsKey(fingerprint) || inhibitedBy.containsKey(fingerprint);
        }
    }
}
