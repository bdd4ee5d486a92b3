package dev.sightline.server.alerting;

import dev.sightline.alerting.alert.AlertStateStore;
import dev.sightline.alerting.config.DefinitionRegistry;
import dev.sightline.alerting.engine.AlertDefinitionSource;
import dev.sightline.alerting.engine.AlertingEngine;
import dev.sightline.alerting.engine.EvaluationLoop;
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
import dev.sightline.server.store.StoreSeams;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One tenant's alerting, assembled from the plain classes over that tenant's store seams and its own H2 file:
 * SLO and rule registries (file + API), the SLO tracker, the engine with its sources, silences, inhibition, the
 * notification dispatcher and its receivers, and the evaluation loop. Nothing here is shared with another tenant,
 * so an alert, silence or webhook of one can never reach another.
 */
public final class TenantAlerting implements AutoCloseable {

    /** What differs between tenants when assembling. */
    record Definitions(Optional<Path> sloFile, Optional<Path> ruleFile, List<Receiver> receivers,
                       List<AlertDefinitionSource> extraSources) {
    }

    private final String tenant;
    private final AlertingDatabase db;
    private final SloRegistry slos;
    private final SloTracker tracker;
    private final SloSuggestions suggestions;
    private final RuleRegistry rules;
    private final RuleConditions conditions;
    private final SilenceStore silences;
    private final NotificationDispatcher notifications;
    private final AlertingEngine engine;
    private EvaluationLoop loop;

    private TenantAlerting(String tenant, AlertingDatabase db, SloRegistry slos, SloTracker tracker,
                           SloSuggestions suggestions, RuleRegistry rules, RuleConditions conditions,
                           SilenceStore silences, NotificationDispatcher notifications, AlertingEngine engine) {
        this.tenant = tenant;
        this.db = db;
        this.slos = slos;
        this.tracker = tracker;
        this.suggestions = suggestions;
        this.rules = rules;
        this.conditions = conditions;
        this.silences = silences;
        this.notifications = notifications;
        this.engine = engine;
    }

    static TenantAlerting assemble(String tenant, StoreSeams seams, Path directory, Definitions definitions,
                                   AlertingSettings settings, RunbookCatalog runbooks, Clock clock,
                                   String externalUrl, String version, MetricQuerySettings metricSettings) {
        AlertingDatabase db = AlertingDatabase.open(directory);
        SloRegistry slos = new SloRegistry(new DefinitionRegistry<>("slo", definitions.sloFile(),
                new SloFile(runbooks::exists), SloDefinition::name, db, clock));
        SloTracker tracker = new SloTracker(seams.rollups(), new SliHistoryStore(db));
        SloSuggestions suggestions = new SloSuggestions(seams.rollups());
        RuleRegistry rules = new RuleRegistry(definitions.ruleFile(), new RuleFile(runbooks::exists), db, clock);
        ServiceSaturation saturation = new ServiceSaturation(seams.metrics());
        RuleConditions conditions = new RuleConditions(seams.rollups(), seams.services(), saturation,
                new RangeQueryEngine(seams.metrics(), metricSettings.limits()));
        SilenceStore silences = new SilenceStore(db, clock);
        NotificationDispatcher notifications = NotificationDispatcher.start(db, clock, definitions.receivers(),
                NotificationSettings.defaults(externalUrl, version));
        List<AlertDefinitionSource> sources = new ArrayList<>(List.of(
                new SloAlertSource(slos, tracker, new BurnRateAlerts(tracker)),
                new RuleAlertSource(rules, conditions)));
        sources.addAll(definitions.extraSources());
        AlertingEngine engine = new AlertingEngine(sources, new AlertStateStore(db), settings.resolvedRetention(),
                externalUrl,
                // Evidence links open the trace page of the UI: a person follows them from a notification.
                new EvidenceFinder(seams.traceSearcher(), seams.logSearcher(), id -> externalUrl + "/traces/" + id),
                new MuteStage(new NotificationFilter(silences, Inhibition.defaults())),
                notifications::process);
        return new TenantAlerting(tenant, db, slos, tracker, suggestions, rules, conditions, silences, notifications,
                engine);
    }

    void start(Clock clock, Duration interval) {
        loop = new EvaluationLoop(engine, clock, interval);
        loop.start(Duration.ofSeconds(1));
    }

    /** The loop, then the SLO histories (so the next start reads minutes since now), deliveries, the file. */
    @Override
    public void close() {
        if (loop != null) {
            loop.close();
        }
        tracker.save();
        notifications.close();
        db.close();
    }

    public String tenant() {
        return tenant;
    }

    public SloRegistry slos() {
        return slos;
    }

    public SloTracker tracker() {
        return tracker;
    }

    public SloSuggestions suggestions() {
        return suggestions;
    }

    public RuleRegistry rules() {
        return rules;
    }

    public RuleConditions conditions() {
        return conditions;
    }

    public SilenceStore silences() {
        return silences;
    }

    public NotificationDispatcher notifications() {
        return notifications;
    }

    public AlertingEngine engine() {
        return engine;
    }
}
