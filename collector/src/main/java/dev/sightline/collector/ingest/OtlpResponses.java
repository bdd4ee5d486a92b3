package dev.sightline.collector.ingest;

import io.opentelemetry.proto.collector.logs.v1.ExportLogsPartialSuccess;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsPartialSuccess;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.ExportTracePartialSuccess;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;

/**
 * Export responses. Per the spec, {@code partial_success} is set only when something was rejected or there
 * is a warning to pass on; a full success is the empty message.
 */
public final class OtlpResponses {
    private OtlpResponses() {
    }

    public static ExportTraceServiceResponse traces(long rejected, String message) {
        ExportTraceServiceResponse.Builder b = ExportTraceServiceResponse.newBuilder();
        if (rejected > 0 || !message.isEmpty()) {
            b.setPartialSuccess(ExportTracePartialSuccess.newBuilder()
                    .setRejectedSpans(rejected).setErrorMessage(message));
        }
        return b.build();
    }

    public static ExportLogsServiceResponse logs(long rejected, String message) {
        ExportLogsServiceResponse.Builder b = ExportLogsServiceResponse.newBuilder();
        if (rejected > 0 || !message.isEmpty()) {
            b.setPartialSuccess(ExportLogsPartialSuccess.newBuilder()
                    .setRejectedLogRecords(rejected).setErrorMessage(message));
        }
        return b.build();
    }

    public static ExportMetricsServiceResponse metrics(long rejected, String message) {
        ExportMetricsServiceResponse.Builder b = ExportMetricsServiceResponse.newBuilder();
        if (rejected > 0 || !message.isEmpty()) {
            b.setPartialSuccess(ExportMetricsPartialSuccess.newBuilder()
                    .setRejectedDataPoints(rejected).setErrorMessage(message));
        }
        return b.build();
    }
}
