package dev.sightline.alerting.alert;

import java.util.List;

/**
 * A trace that violated an alert, as shown with it: the root of the trace, the failing or slow span's service and
 * operation, and what that trace logged at ERROR or above (at most a few lines, each cut short).
 *
 * @param url the trace's page in Sightline's UI (absolute: the external URL + /traces/{id}), for whoever reads
 *            the notification
 */
public record EvidenceTrace(String traceId, String service, String operation, long startEpochNanos,
                            double durationMs, boolean error, List<String> errorLogs, String url) {
    public EvidenceTrace {
        errorLogs = List.copyOf(errorLogs);
    }
}
