package dev.sightline.ui.alerts;

import dev.sightline.alerting.api.AlertResource;

import java.util.List;

/**
 * An alert as {@code /api/alerts} answers it, with what a page needs to show it: severity, summary, the runbook
 * it names, labels without the alert's name.
 */
public record AlertItem(AlertResource.Alert alert) {
    public String fingerprint() {
        return alert.fingerprint();
    }

    public String name() {
        return alert.name();
    }

    public String state() {
        return alert.state();
    }

    public String stateClass() {
        return "state-" + alert.state();
    }

    public String severity() {
        return alert.labels().get("severity");
    }

    public String summary() {
        return alert.annotations().get("summary");
    }

    public String runbook() {
        return RunbookLink.nameOf(alert.annotations().get("runbook_url"));
    }

    /** Every label but {@code alertname}, which is the alert's title. */
    public List<Label> labels() {
        return Label.of(alert.labels()).stream().filter(l -> !l.name().equals("alertname")).toList();
    }

    public List<Label> allLabels() {
        return Label.of(alert.labels());
    }

    public List<Label> annotations() {
        return Label.of(alert.annotations());
    }

    public boolean silenced() {
        return !alert.silencedBy().isEmpty();
    }

    public boolean inhibited() {
        return alert.inhibitedBy() != null;
    }

    public int evidenceCount() {
        return alert.evidence().size();
    }

    public String health() {
        return switch (alert.state()) {
            case "firing" -> "health-critical";
            case "pending" -> "health-warning";
            default -> "health-ok";
        };
    }
}
