package dev.sightline.alerting.silence;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * A silence: while active, alerts whose labels match every matcher send no notification (they still show, marked
 * silenced). The rules are Alertmanager's, checked at construction: at least one matcher, at least one that does not
 * match the empty string (else it would silence every alert lacking a label), an end after the start, and an author
 * and a comment so the next person on call knows who muted what and why.
 *
 * @param updatedAt last change (creation or expiry)
 */
public record Silence(UUID id, List<Matcher> matchers, Instant startsAt, Instant endsAt, String createdBy,
                      String comment, Instant updatedAt) {
    public Silence {
        Objects.requireNonNull(id, "id");
        matchers = matchers == null ? List.of() : List.copyOf(matchers);
        if (matchers.isEmpty()) {
            throw new InvalidSilenceException("matchers", "at least one matcher is required");
        }
        if (matchers.stream().allMatch(Matcher::matchesEmpty)) {
            throw new InvalidSilenceException("matchers",
                    "at least one matcher must not match the empty string (else it silences every alert)");
        }
        if (startsAt == null) {
            throw new InvalidSilenceException("startsAt", "is required");
        }
        if (endsAt == null) {
            throw new InvalidSilenceException("endsAt", "is required");
        }
        if (endsAt.isBefore(startsAt)) {
            throw new InvalidSilenceException("endsAt", "must be after startsAt");
        }
        if (createdBy == null || createdBy.isBlank()) {
            throw new InvalidSilenceException("createdBy", "is required");
        }
        if (comment == null || comment.isBlank()) {
            throw new InvalidSilenceException("comment", "is required");
        }
        Objects.requireNonNull(updatedAt, "updatedAt");
    }

    /** Alertmanager's rule: pending before the start, active until the end, expired from the end on. */
    public SilenceState state(Instant now) {
        if (now.isBefore(startsAt)) {
            return SilenceState.PENDING;
        }
        return now.isBefore(endsAt) ? SilenceState.ACTIVE : SilenceState.EXPIRED;
    }

    public boolean matches(Map<String, String> labels) {
        for (Matcher m : matchers) {
            if (!m.matches(labels)) {
                return false;
            }
        }
        return true;
    }

    public boolean silences(Map<String, String> labels, Instant now) {
        return state(now) == SilenceState.ACTIVE && matches(labels);
    }

    /** Ended at {@code now}; a pending silence also starts then, so it never was active (Alertmanager's expire). */
    Silence expiredAt(Instant now) {
        Instant start = startsAt.isAfter(now) ? now : startsAt;
        return new Silence(id, matchers, start, now, createdBy, comment, now);
    }
}
