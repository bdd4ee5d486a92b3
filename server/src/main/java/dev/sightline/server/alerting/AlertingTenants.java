package dev.sightline.server.alerting;

import dev.sightline.alerting.engine.AlertDefinitionSource;
import dev.sightline.alerting.notify.Receiver;
import dev.sightline.alerting.runbook.RunbookCatalog;
import dev.sightline.alerting.silence.Matcher;
import dev.sightline.query.metrics.MetricQuerySettings;
import dev.sightline.security.TenantId;
import dev.sightline.server.store.StoreLifecycle;
import dev.sightline.server.store.StoreSeams;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every tenant's alerting: assembled at start for the tenants known then, and on first use for a tenant that
 * appears later. Each tenant's loop starts after its store began opening and stops before the stores close;
 * rounds that come while a store still replays report their conditions as not evaluable, which keeps every alert
 * as it was.
 *
 * <p>The rule file, SLO file and receivers of {@code sightline.alerting.*} belong to the default tenant; other
 * tenants have theirs under {@code sightline.alerting.tenants."<name>".*} and receivers name their tenant.
 * Sightline's own ingest alert goes to the default tenant, whose operators run Sightline.
 */
@Singleton
public class AlertingTenants {
    private static final Logger LOG = Logger.getLogger(AlertingTenants.class);

    private final AlertingSettings settings;
    private final StoreLifecycle stores;
    private final RunbookCatalog runbooks;
    private final Clock clock;
    private final ExternalUrl externalUrl;
    private final MetricQuerySettings metricSettings;
    private final MeterRegistry meters;
    private final String version;
    private final Map<String, TenantAlerting> tenants = new ConcurrentHashMap<>();
    private volatile boolean closing;

    public AlertingTenants(AlertingSettings settings, StoreLifecycle stores, RunbookCatalog runbooks, Clock clock,
                           ExternalUrl externalUrl, MetricQuerySettings metricSettings, MeterRegistry meters,
                           @ConfigProperty(name = "quarkus.application.version", defaultValue = "dev")
                           String version) {
        this.settings = settings;
        this.stores = stores;
        this.runbooks = runbooks;
        this.clock = clock;
        this.externalUrl = externalUrl;
        this.metricSettings = metricSettings;
        this.meters = meters;
        this.version = version;
    }

    void start(@Observes @Priority(100) StartupEvent event) {
        for (String name : settings.tenants().keySet()) {
            TenantId.require(name);
        }
        for (String tenant : stores.tenants()) {
            of(tenant);
        }
        if (!settings.enabled()) {
            LOG.info("alerting is disabled (sightline.alerting.enabled=false)");
        } else {
            LOG.infof("alerting evaluates every %d s", settings.evaluationInterval().toSeconds());
        }
    }

    void stop(@Observes @Priority(1_000) ShutdownEvent event) {
        closing = true;
        for (TenantAlerting t : tenants.values()) {
            t.close();
        }
    }

    /** The tenant's alerting, assembled and started on first use. */
    public TenantAlerting of(String tenant) {
        if (closing) {
            throw new IllegalStateException("Sightline is shutting down");
        }
        return tenants.computeIfAbsent(TenantId.require(tenant), this::assemble);
    }

    private TenantAlerting assemble(String tenant) {
        boolean isDefault = TenantId.DEFAULT.equals(tenant);
        AlertingSettings.TenantFiles files = settings.tenants().get(tenant);
        Optional<String> sloFile = isDefault ? settings.sloFile() : files == null ? Optional.empty() : files.sloFile();
        Optional<String> ruleFile = isDefault ? settings.ruleFile()
                : files == null ? Optional.empty() : files.ruleFile();
        List<Receiver> receivers = new ArrayList<>();
        for (Map.Entry<String, AlertingSettings.ReceiverSettings> e : settings.receivers().entrySet()) {
            if (e.getValue().tenant().equals(tenant)) {
                receivers.add(receiver(e.getKey(), e.getValue(), settings.webhooks().allowPrivateAddresses()));
            }
        }
        List<AlertDefinitionSource> extra = isDefault ? List.of(new IngestPushBackAlert(meters)) : List.of();
        Path dir = stores.dataDirectory(tenant).resolve("alerting");
        TenantAlerting alerting = TenantAlerting.assemble(tenant, StoreSeams.ofTenant(stores, tenant), dir,
                new TenantAlerting.Definitions(sloFile.map(Path::of), ruleFile.map(Path::of), receivers, extra),
                settings, runbooks, clock, externalUrl.value(), version, metricSettings);
        new AlertingMetrics(alerting.engine(), clock, tenant).bindTo(meters);
        if (settings.enabled()) {
            alerting.start(clock, settings.evaluationInterval());
        }
        return alerting;
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
