package dev.sightline.server.alerting;

import dev.sightline.alerting.alert.AlertStateStore;
import dev.sightline.alerting.config.DefinitionRegistry;
import dev.sightline.alerting.engine.AlertingEngine;
import dev.sightline.alerting.engine.MuteStage;
import dev.sightline.alerting.evidence.EvidenceFinder;
import dev.sightline.alerting.notify.NotificationDispatcher;
import dev.sightline.alerting.notify.NotificationSettings;
import dev.sightline.alerting.notify.Receiver;
import dev.sightline.alerting.rule.RuleAlertSource;
import dev.sightline.alerting.rule.RuleConditions;
import dev.sightline.alerting.rule.RuleFile;
import dev.sightline.alerting.rule.RuleRegistry;
import dev.sightline.alerting.runbook.RunbookCatalog;
import dev.sightline.alerting.silence.Inhibition;
import dev.sightline.alerting.silence.Matcher;
import dev.sightline.alerting.silence.NotificationFilter;
import dev.sightline.alerting.silence.SilenceStore;
import dev.sightline.alerting.slo.BurnRateAlerts;
import dev.sightline.alerting.slo.SliHistoryStore;
import dev.sightline.alerting.slo.SloAlertSource;
import dev.sightline.alerting.slo.SloDefinition;
import dev.sightline.alerting.slo.SloFile;
import dev.sightline.alerting.slo.SloRegistry;
import dev.sightline.alerting.slo.SloSuggestions;
import dev.sightline.alerting.slo.SloTracker;
import dev.sightline.alerting.storage.AlertingDatabase;
import dev.sightline.query.metrics.MetricQuerySettings;
import dev.sightline.query.metrics.RangeQueryEngine;
import dev.sightline.query.metrics.ServiceSaturation;
import dev.sightline.server.store.StoreSettings;
import dev.sightline.store.read.LogSearcher;
import dev.sightline.store.read.MetricReader;
import dev.sightline.store.read.RollupReader;
import dev.sightline.store.read.ServiceCatalog;
import dev.sightline.store.read.TraceSearcher;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Assembles alerting from its plain classes: the SLO and rule registries (files + API), the SLO tracker, the
 * engine with its three sources (SLO burn rates, rules, Sightline's own ingest alert), silences, inhibition and
 * the notification dispatcher, all over one H2 file under the data directory. {@link AlertingLifecycle} closes
 * them in order (the loop, then deliveries, then the file).
 */
public class AlertingBeans {

    @Produces
    @Singleton
    AlertingDatabase database(StoreSettings store) {
        return AlertingDatabase.open(Path.of(store.dataDir()).resolve("alerting"));
    }

    @Produces
    @Singleton
    RunbookCatalog runbooks(AlertingSettings settings) {
        return new RunbookCatalog(settings.runbooksDir().map(Path::of));
    }

    @Produces
    @Singleton
    SloRegistry slos(AlertingSettings settings, RunbookCatalog runbooks, AlertingDatabase db, Clock clock) {
        return new SloRegistry(new DefinitionRegistry<>("slo", settings.sloFile().map(Path::of),
                new SloFile(runbooks::exists), SloDefinition::name, db, clock));
    }

    @Produces
    @Singleton
    SloTracker sloTracker(RollupReader rollups, AlertingDatabase db) {
        return new SloTracker(rollups, new SliHistoryStore(db));
    }

    @Produces
    @Singleton
    SloSuggestions sloSuggestions(RollupReader rollups) {
        return new SloSuggestions(rollups);
    }

    @Produces
    @Singleton
    RuleRegistry rules(AlertingSettings settings, RunbookCatalog runbooks, AlertingDatabase db, Clock clock) {
        return new RuleRegistry(settings.ruleFile().map(Path::of), new RuleFile(runbooks::exists), db, clock);
    }

    @Produces
    @Singleton
    RuleConditions ruleConditions(RollupReader rollups, ServiceCatalog catalog, ServiceSaturation saturation,
                                  MetricReader metrics, MetricQuerySettings metricSettings) {
        return new RuleConditions(rollups, catalog, saturation, new RangeQueryEngine(metrics, metricSettings.limits()));
    }

    @Produces
    @Singleton
    SilenceStore silences(AlertingDatabase db, Clock clock) {
        return new SilenceStore(db, clock);
    }

    @Produces
    @Singleton
    NotificationDispatcher notifications(AlertingSettings settings, AlertingDatabase db, Clock clock,
                                         ExternalUrl externalUrl,
                                         @ConfigProperty(name = "quarkus.application.version",
                                                 defaultValue = "dev") String version) {
        List<Receiver> receivers = new ArrayList<>();
        for (Map.Entry<String, AlertingSettings.ReceiverSettings> e : settings.receivers().entrySet()) {
            receivers.add(receiver(e.getKey(), e.getValue(), settings.webhooks().allowPrivateAddresses()));
        }
        return NotificationDispatcher.start(db, clock, receivers,
                NotificationSettings.defaults(externalUrl.value(), version));
    }

    @Produces
    @Singleton
    AlertingEngine engine(AlertingSettings settings, SloRegistry slos, SloTracker tracker, RuleRegistry rules,
                          RuleConditions conditions, AlertingDatabase db, TraceSearcher traces, LogSearcher logs,
                          SilenceStore silences, NotificationDispatcher notifications, MeterRegistry meters,
                          ExternalUrl externalUrl) {
        String base = externalUrl.value();
        return new AlertingEngine(
                List.of(new SloAlertSource(slos, tracker, new BurnRateAlerts(tracker)),
                        new RuleAlertSource(rules, conditions),
                        new IngestPushBackAlert(meters)),
                new AlertStateStore(db), settings.resolvedRetention(), base,
                // Evidence links open the trace page of the UI: a person follows them from a notification.
                new EvidenceFinder(traces, logs, id -> base + "/traces/" + id),
                new MuteStage(new NotificationFilter(silences, Inhibition.defaults())),
                notifications::process);
    }

    /** Bad receiver settings stop the start with the receiver's name in the message, not at the first alert. */
    static Receiver receiver(String name, AlertingSettings.ReceiverSettings s, boolean allowPrivateEverywhere) {
        Receiver r = Receiver.of(name, s.url())
                .withGrouping(s.groupBy(), s.groupWait(), s.groupInterval(), s.repeatInterval())
                .withDelivery(s.sendResolved(), s.maxAlerts(), s.hmacSecret().orElse(null), s.headers(), s.timeout())
                .withConnection(s.connectTimeout(), allowPrivateEverywhere || s.allowPrivateAddresses());
        Optional<String> matchers = s.matchers();
        return matchers.isPresent() ? r.withMatchers(Matcher.parseList(matchers.get())) : r;
    }
}
