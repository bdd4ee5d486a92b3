package dev.sightline.collector.grpc;

import dev.sightline.collector.ingest.IngestPipeline;
import dev.sightline.collector.ingest.OtlpResponses;
import dev.sightline.collector.otlp.OtlpDecoder;
import dev.sightline.collector.otlp.OtlpDecoder.Encoding;
import dev.sightline.collector.otlp.OtlpMapper;
import dev.sightline.store.model.Signal;
import io.grpc.BindableService;
import io.grpc.ServerServiceDefinition;
import io.opentelemetry.proto.collector.logs.v1.LogsServiceGrpc;
import io.opentelemetry.proto.collector.metrics.v1.MetricsServiceGrpc;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import io.quarkus.grpc.GrpcService;

/** The three OTLP gRPC services on port 4317. */
public final class OtlpGrpcServices {
    private OtlpGrpcServices() {
    }

    @GrpcService
    public static class Traces implements BindableService {
        private final GrpcExport export;

        public Traces(IngestPipeline pipeline, OtlpDecoder decoder, OtlpMapper mapper) {
            this.export = new GrpcExport(Signal.TRACES, pipeline,
                    body -> mapper.map(decoder.parseTraces(body, Encoding.PROTOBUF)), OtlpResponses::traces);
        }

        @Override
        public ServerServiceDefinition bindService() {
            return export.bind(TraceServiceGrpc.SERVICE_NAME, TraceServiceGrpc.getExportMethod());
        }
    }

    @GrpcService
    public static class Logs implements BindableService {
        private final GrpcExport export;

        public Logs(IngestPipeline pipeline, OtlpDecoder decoder, OtlpMapper mapper) {
            this.export = new GrpcExport(Signal.LOGS, pipeline,
                    body -> mapper.map(decoder.parseLogs(body, Encoding.PROTOBUF)), OtlpResponses::logs);
        }

        @Override
        public ServerServiceDefinition bindService() {
            return export.bind(LogsServiceGrpc.SERVICE_NAME, LogsServiceGrpc.getExportMethod());
        }
    }

    @GrpcService
    public static class Metrics implements BindableService {
        private final GrpcExport export;

        public Metrics(IngestPipeline pipeline, OtlpDecoder decoder, OtlpMapper mapper) {
            this.export = new GrpcExport(Signal.METRICS, pipeline,
                    body -> mapper.map(decoder.parseMetrics(body, Encoding.PROTOBUF)), OtlpResponses::metrics);
        }

        @Override
        public ServerServiceDefinition bindService() {
            return export.bind(MetricsServiceGrpc.SERVICE_NAME, MetricsServiceGrpc.getExportMethod());
        }
    }
}
