package dev.sightline.server.alerting;

import dev.sightline.alerting.engine.AlertingEngine;
import dev.sightline.alerting.notify.NotificationDispatcher;
import dev.sightline.alerting.rule.RuleConditions;
import dev.sightline.alerting.rule.RuleRegistry;
import dev.sightline.alerting.runbook.RunbookCatalog;
import dev.sightline.alerting.silence.SilenceStore;
import dev.sightline.alerting.slo.SloRegistry;
import dev.sightline.alerting.slo.SloSuggestions;
import dev.sightline.alerting.slo.SloTracker;
import dev.sightline.server.auth.CurrentPrincipal;
import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.nio.file.Path;

/**
 * Alerting's parts as beans for the API and the UI: each is the current request's tenant's (see
 * {@link AlertingTenants}), so resources written without tenants see only their caller's alerts, SLOs, rules,
 * silences and receivers. Runbooks are documentation, shared by all.
 */
public class AlertingBeans {

    @Produces
    @Singleton
    RunbookCatalog runbooks(AlertingSettings settings) {
        return new RunbookCatalog(settings.runbooksDir().map(Path::of));
    }

    @Produces
    @RequestScoped
    SloRegistry slos(AlertingTenants tenants, CurrentPrincipal principal) {
        return tenants.of(principal.tenant()).slos();
    }

    @Produces
    @RequestScoped
    SloTracker sloTracker(AlertingTenants tenants, CurrentPrincipal principal) {
        return tenants.of(principal.tenant()).tracker();
    }

    @Produces
    @RequestScoped
    SloSuggestions sloSuggestions(AlertingTenants tenants, CurrentPrincipal principal) {
        return tenants.of(principal.tenant()).suggestions();
    }

    @Produces
    @RequestScoped
    RuleRegistry rules(AlertingTenants tenants, CurrentPrincipal principal) {
        return tenants.of(principal.tenant()).rules();
    }

    @Produces
    @RequestScoped
    RuleConditions ruleConditions(AlertingTenants tenants, CurrentPrincipal principal) {
        return tenants.of(principal.tenant()).conditions();
    }

    @Produces
    @RequestScoped
    SilenceStore silences(AlertingTenants tenants, CurrentPrincipal principal) {
        return tenants.of(principal.tenant()).silences();
    }

    @Produces
    @RequestScoped
    NotificationDispatcher notifications(AlertingTenants tenants, CurrentPrincipal principal) {
        return tenants.of(principal.tenant()).notifications();
    }

    @Produces
    @RequestScoped
    AlertingEngine engine(AlertingTenants tenants, CurrentPrincipal principal) {
        return tenants.of(principal.tenant()).engine();
    }
}
