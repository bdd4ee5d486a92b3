package dev.sightline.collector.grpc;

import dev.sightline.collector.ingest.IngestPipeline;
import dev.sightline.collector.ingest.OtlpResponses;
import dev.sightline.collector.otlp.OtlpMapper;
import dev.sightline.store.model.Signal;
import io.grpc.stub.StreamObserver;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.metrics.v1.MetricsServiceGrpc;
import io.quarkus.grpc.GrpcService;

@GrpcService
public class OtlpMetricsService extends MetricsServiceGrpc.MetricsServiceImplBase {

    private final GrpcExport<ExportMetricsServiceRequest, ExportMetricsServiceResponse> export;

    public OtlpMetricsService(IngestPipeline pipeline, OtlpMapper mapper) {
        this.export = new GrpcExport<>(Signal.METRICS, pipeline, mapper::map, OtlpResponses::metrics);
    }

    @Override
    public void export(ExportMetricsServiceRequest request, StreamObserver<ExportMetricsServiceResponse> observer) {
        export.export(request, observer);
    }
}
