package dev.sightline.alerting.engine;

import dev.sightline.alerting.alert.AlertInstance;
import dev.sightline.alerting.silence.NotificationFilter;

import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** The silences and inhibit rules of {@link NotificationFilter}, as the engine's {@link AlertSuppressor}. */
public final class MuteStage implements AlertSuppressor {
    private final NotificationFilter filter;

    public MuteStage(NotificationFilter filter) {
        this.filter = filter;
    }

    @Override
    public Map<String, Suppression> check(List<AlertInstance> all, Instant now) {
        NotificationFilter.Result r = filter.apply(all, now);
        Map<String, String> inhibitors = inhibitors(all, r.inhibited());
        Set<String> muted = new HashSet<>(r.silencedBy().keySet());
        muted.addAll(r.inhibited());
        Map<String, Suppression> out = new HashMap<>();
        for (String fp : muted) {
            List<String> silences = r.silencedBy().getOrDefault(fp, List.of()).stream().map(UUID::toString).toList();
            out.put(fp, new Suppression(silences, r.inhibited().contains(fp) ? inhibitors.getOrDefault(fp, "") : null));
        }
        return out;
    }

    /**
     * For the API: which alert holds an inhibited one back. The filter says only that it is inhibited; the default
     * rule's source is the firing SLO page of the same service.
     */
    private static Map<String, String> inhibitors(List<AlertInstance> all, Set<String> inhibited) {
        Map<String, String> pageByService = new HashMap<>();
        for (AlertInstance a : all) {
            if (a.isFiring() && a.kind() == dev.sightline.alerting.alert.AlertKind.SLO_PAGE
                    && a.labels().containsKey("service")) {
                pageByService.putIfAbsent(a.labels().get("service"), a.fingerprint());
            }
        }
        Map<String, String> out = new HashMap<>();
        for (AlertInstance a : all) {
            if (inhibited.contains(a.fingerprint())) {
                out.put(a.fingerprint(), pageByService.getOrDefault(a.labels().get("service"), ""));
            }
        }
        return out;
    }
}
