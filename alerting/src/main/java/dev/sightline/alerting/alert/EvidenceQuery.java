package dev.sightline.alerting.alert;

import java.time.Instant;
import java.util.List;

/**
 * Where the traces that violated an alert are: requests of a service (and operation) in [from, to) that failed
 * ({@code errorsOnly}) or took at least {@code minDurationNanos}; or, for metric alerts, the exemplar trace IDs the
 * offending points carried. Null fields are not constrained.
 */
public record EvidenceQuery(String service, String operation, boolean errorsOnly, Long minDurationNanos,
                            Instant from, Instant to, List<String> exemplarTraceIds) {
    public EvidenceQuery {
        exemplarTraceIds = exemplarTraceIds == null ? List.of() : List.copyOf(exemplarTraceIds);
    }

    public static EvidenceQuery failedRequests(String service, String operation, Instant from, Instant to) {
        return new EvidenceQuery(service, operation, true, null, from, to, List.of());
    }

    public static EvidenceQuery slowRequests(String service, String operation, long minDurationNanos, Instant from,
                                             Instant to) {
        return new EvidenceQuery(service, operation, false, minDurationNanos, from, to, List.of());
    }

    public static EvidenceQuery exemplars(List<String> traceIds) {
        return new EvidenceQuery(null, null, false, null, null, null, traceIds);
    }
}
