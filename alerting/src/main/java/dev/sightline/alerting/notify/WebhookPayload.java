package dev.sightline.alerting.notify;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.List;
import java.util.Map;

/**
 * The body of a webhook notification: Alertmanager's webhook message, version 4, field for field and in its order
 * (its {@code template.Data} — receiver, status, alerts, groupLabels, commonLabels, commonAnnotations, externalURL —
 * then version, groupKey, truncatedAlerts), so receivers written for Alertmanager work unchanged. Sightline adds
 * one field per alert, {@code evidence}, which such receivers ignore.
 *
 * @param status          "firing" when any alert in it fires, else "resolved"
 * @param groupLabels     the receiver's group_by labels with the group's values
 * @param commonLabels    label pairs every alert in the message has
 * @param commonAnnotations annotation pairs every alert in the message has
 * @param groupKey        Alertmanager's form, {@code {}/{<receiver matchers>}:{<group labels>}}
 * @param truncatedAlerts alerts left out for the receiver's max_alerts
 */
@JsonPropertyOrder({"receiver", "status", "alerts", "groupLabels", "commonLabels", "commonAnnotations",
        "externalURL", "version", "groupKey", "truncatedAlerts"})
public record WebhookPayload(String receiver, String status, List<Alert> alerts, Map<String, String> groupLabels,
                             Map<String, String> commonLabels, Map<String, String> commonAnnotations,
                             @JsonProperty("externalURL") String externalURL, String version, String groupKey,
                             long truncatedAlerts) {
    public static final String VERSION = "4";

    /**
     * One alert, as Alertmanager's {@code template.Alert}.
     *
     * @param startsAt     RFC 3339, when it fired
     * @param endsAt       RFC 3339, when it resolved; {@code 0001-01-01T00:00:00Z} (Go's zero time, what
     *                     Alertmanager sends) while firing
     * @param generatorURL link to the alert in Sightline
     * @param fingerprint  Alertmanager's fingerprint of the labels
     * @param evidence     Sightline's addition: up to 5 traces that violated the alert
     */
    @JsonPropertyOrder({"status", "labels", "annotations", "startsAt", "endsAt", "generatorURL", "fingerprint",
            "evidence"})
    public record Alert(String status, Map<String, String> labels, Map<String, String> annotations, String startsAt,
                        String endsAt, @JsonProperty("generatorURL") String generatorURL, String fingerprint,
                        List<Evidence> evidence) {
    }

    /**
     * A trace behind an alert.
     *
     * @param url       absolute link to the trace in Sightline
     * @param errorLogs what the trace logged at ERROR or above, a few lines
     */
    @JsonPropertyOrder({"traceId", "service", "operation", "durationMs", "error", "errorLogs", "url"})
    public record Evidence(String traceId, String service, String operation, double durationMs, boolean error,
                           List<String> errorLogs, String url) {
    }
}
