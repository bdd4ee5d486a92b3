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
        Set<String> muted = new HashSet<>(r.silencedBy().keySet());
        muted.addAll(r.inhibitedBy().keySet());
        Map<String, Suppression> out = new HashMap<>();
        for (String fp : muted) {
            List<String> silences = r.silencedBy().getOrDefault(fp, List.of()).stream().map(UUID::toString).toList();
            out.put(fp, new Suppression(silences, r.inhibitedBy().get(fp)));
        }
        return out;
    }
}
