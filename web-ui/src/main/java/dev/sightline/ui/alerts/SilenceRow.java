package dev.sightline.ui.alerts;

import dev.sightline.alerting.silence.Matcher;
import dev.sightline.alerting.silence.Silence;
import dev.sightline.alerting.silence.SilenceState;

import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

/** A silence that matches an alert, with its state now. */
public record SilenceRow(Silence silence, SilenceState state) {
    static SilenceRow of(Silence s, Instant now) {
        return new SilenceRow(s, s.state(now));
    }

    public String id() {
        return silence.id().toString();
    }

    public String stateName() {
        return state.apiName();
    }

    /** Active and pending silences can be expired; expired ones are kept for the record. */
    public boolean expirable() {
        return state != SilenceState.EXPIRED;
    }

    /** In Alertmanager's spelling: {@code alertname="X", service="checkout"}. */
    public String matchers() {
        return silence.matchers().stream().map(Matcher::toString).collect(Collectors.joining(", "));
    }

    public List<Matcher> matcherList() {
        return silence.matchers();
    }
}
