package dev.sightline.server.alerting;

import dev.sightline.alerting.alert.AlertState;
import dev.sightline.alerting.engine.AlertingEngine;
import dev.sightline.alerting.engine.RoundReport;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import java.time.Clock;
import java.util.Locale;

/**
 * Alerting's own numbers in /q/metrics, from the last round: how long it took and how old it is (a stuck loop shows
 * as a growing age), how many definitions it evaluated and could not, and the alerts by state. Enough to alert on
 * the alerter from outside. One set per tenant, tagged with it.
 */
public final class AlertingMetrics implements MeterBinder {
    private final AlertingEngine engine;
    private final Clock clock;
    private final String tenant;

    public AlertingMetrics(AlertingEngine engine, Clock clock, String tenant) {
        this.engine = engine;
        this.clock = clock;
        this.tenant = tenant;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("sightline.alerting.round.seconds", engine, e -> e.lastRound().took().toNanos() / 1e9)
                .tag("tenant", tenant).description("Duration of the last evaluation round").register(registry);
        Gauge.builder("sightline.alerting.round.age.seconds", engine, e -> age(e.lastRound()))
                .tag("tenant", tenant).description("Seconds since the last evaluation round (NaN before the first)").register(registry);
        Gauge.builder("sightline.alerting.definitions", engine, e -> e.lastRound().definitions())
                .tag("tenant", tenant).description("Alert definitions evaluated in the last round").register(registry);
        Gauge.builder("sightline.alerting.evaluation.errors", engine, e -> e.lastRound().errors().size())
                .tag("tenant", tenant).description("Definitions that could not be evaluated in the last round").register(registry);
        for (AlertState state : AlertState.values()) {
            Gauge.builder("sightline.alerting.alerts", engine, e -> count(e.lastRound(), state))
                    .tag("state", state.name().toLowerCase(Locale.ROOT))
                    .tag("tenant", tenant).description("Alerts after the last round, by state").register(registry);
        }
    }

    private double age(RoundReport r) {
        return r.at() == null ? Double.NaN : (clock.millis() - r.at().toEpochMilli()) / 1000.0;
    }

    private static double count(RoundReport r, AlertState state) {
        return r.alerts().stream().filter(v -> v.alert().state() == state).count();
    }
}
