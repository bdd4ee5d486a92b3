package dev.sightline.alerting.silence;

import java.time.Instant;
import java.util.List;

/**
 * What a user asks for when creating a silence.
 *
 * @param startsAt null: now; a time in the past is moved to now, as Alertmanager does
 */
public record SilenceRequest(List<Matcher> matchers, Instant startsAt, Instant endsAt, String createdBy,
                             String comment) {
    public SilenceRequest {
        matchers = matchers == null ? List.of() : List.copyOf(matchers);
    }
}
