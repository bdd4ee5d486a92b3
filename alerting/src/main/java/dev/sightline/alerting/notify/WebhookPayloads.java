package dev.sightline.alerting.notify;

import dev.sightline.alerting.alert.AlertInstance;
import dev.sightline.alerting.alert.EvidenceTrace;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Builds the v4 message for a group's alerts the way Alertmanager does: the alerts are cut to max_alerts first, and
 * the common labels and annotations are those of the alerts actually sent.
 *
 * <p>Evidence goes two ways: as the {@code evidence} field of each alert (structured, for receivers that know it)
 * and, for receivers that only show annotations, as the {@value #EVIDENCE_ANNOTATION} annotation: the absolute
 * links of up to {@value #MAX_EVIDENCE} traces, comma-separated. An annotation of that name set by the alert's
 * definition is left as it is.
 */
final class WebhookPayloads {
    static final String EVIDENCE_ANNOTATION = "evidence_traces";
    static final int MAX_EVIDENCE = 5;
    /** What Go's zero time encodes to: Alertmanager's endsAt of an alert that has not resolved. */
    static final String ZERO_TIME = "0001-01-01T00:00:00Z";

    private final String externalUrl;

    /** @param externalUrl Sightline's URL as receivers reach it, e.g. {@code https://sightline.example.com} */
    WebhookPayloads(String externalUrl) {
        this.externalUrl = stripSlash(externalUrl);
    }

    String externalUrl() {
        return externalUrl;
    }

    /** @param alerts the group's firing and resolved alerts, in the order to send */
    WebhookPayload build(Receiver receiver, String groupKey, Map<String, String> groupLabels,
                         List<AlertInstance> alerts) {
        List<AlertInstance> sent = alerts;
        long truncated = 0;
        if (receiver.maxAlerts() > 0 && alerts.size() > receiver.maxAlerts()) {
            sent = alerts.subList(0, receiver.maxAlerts());
            truncated = alerts.size() - receiver.maxAlerts();
        }
        List<WebhookPayload.Alert> out = new ArrayList<>(sent.size());
        boolean firing = false;
        for (AlertInstance a : sent) {
            firing |= a.isFiring();
            out.add(alert(a));
        }
        return new WebhookPayload(receiver.name(), firing ? "firing" : "resolved", out, new TreeMap<>(groupLabels),
                common(out.stream().map(WebhookPayload.Alert::labels).toList()),
                common(out.stream().map(WebhookPayload.Alert::annotations).toList()), externalUrl,
                WebhookPayload.VERSION, groupKey, truncated);
    }

    /** Link to the alert's page in Sightline's UI, Alertmanager's generatorURL. */
    String alertUrl(String fingerprint) {
        return externalUrl + "/alerts/" + fingerprint;
    }

    private WebhookPayload.Alert alert(AlertInstance a) {
        List<EvidenceTrace> traces = a.evidence().size() > MAX_EVIDENCE ? a.evidence().subList(0, MAX_EVIDENCE)
                : a.evidence();
        List<WebhookPayload.Evidence> evidence = traces.stream()
                .map(t -> new WebhookPayload.Evidence(t.traceId(), t.service(), t.operation(), t.durationMs(),
                        t.error(), t.errorLogs(), absolute(t.url())))
                .toList();
        Map<String, String> annotations = new TreeMap<>(a.annotations());
        if (!evidence.isEmpty()) {
            annotations.putIfAbsent(EVIDENCE_ANNOTATION,
                    evidence.stream().map(WebhookPayload.Evidence::url).collect(Collectors.joining(",")));
        }
        boolean resolved = !a.isFiring();
        Instant start = a.firedAt() != null ? a.firedAt() : a.activeAt();
        Instant end = resolved && a.resolvedAt() != null ? a.resolvedAt() : null;
        return new WebhookPayload.Alert(resolved ? "resolved" : "firing", new TreeMap<>(a.labels()), annotations,
                start == null ? ZERO_TIME : start.toString(), end == null ? ZERO_TIME : end.toString(),
                alertUrl(a.fingerprint()), a.fingerprint(), evidence);
    }

    private String absolute(String url) {
        if (url == null || url.isEmpty()) {
            return externalUrl;
        }
        if (url.startsWith("http://") || url.startsWith("https://")) {
            return url;
        }
        return externalUrl + (url.startsWith("/") ? url : "/" + url);
    }

    /** The pairs every map has (Alertmanager's CommonLabels/CommonAnnotations); empty for no maps. */
    static Map<String, String> common(List<Map<String, String>> maps) {
        if (maps.isEmpty()) {
            return new TreeMap<>();
        }
        Map<String, String> out = new HashMap<>(maps.get(0));
        for (int i = 1; i < maps.size() && !out.isEmpty(); i++) {
            Map<String, String> m = maps.get(i);
            out.entrySet().removeIf(e -> !e.getValue().equals(m.get(e.getKey())));
        }
        return new TreeMap<>(out);
    }

    private static String stripSlash(String url) {
        String u = url == null ? "" : url.strip();
        while (u.endsWith("/")) {
            u = u.substring(0, u.length() - 1);
        }
        return u;
    }
}
