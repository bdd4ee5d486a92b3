package dev.sightline.collector.grpc;

import dev.sightline.collector.ingest.IngestPipeline;
import dev.sightline.collector.ingest.OtlpResponses;
import dev.sightline.collector.otlp.OtlpMapper;
import dev.sightline.store.model.Signal;
import io.grpc.stub.StreamObserver;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.collector.logs.v1.LogsServiceGrpc;
import io.quarkus.grpc.GrpcService;

@GrpcService
public class OtlpLogsService extends LogsServiceGrpc.LogsServiceImplBase {

    private final GrpcExport<ExportLogsServiceRequest, ExportLogsServiceResponse> export;

    public OtlpLogsService(IngestPipeline pipeline, OtlpMapper mapper) {
        this.export = new GrpcExport<>(Signal.LOGS, pipeline, mapper::map, OtlpResponses::logs);
    }

    @Override
    public void export(ExportLogsServiceRequest request, StreamObserver<ExportLogsServiceResponse> observer) {
        export.export(request, observer);
    }
}
