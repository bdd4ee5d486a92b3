package dev.sightline.collector.grpc;

import dev.sightline.collector.ingest.IngestPipeline;
import dev.sightline.collector.ingest.OtlpResponses;
import dev.sightline.collector.otlp.OtlpMapper;
import dev.sightline.store.model.Signal;
import io.grpc.stub.StreamObserver;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import io.quarkus.grpc.GrpcService;

@GrpcService
public class OtlpTraceService extends TraceServiceGrpc.TraceServiceImplBase {

    private final GrpcExport<ExportTraceServiceRequest, ExportTraceServiceResponse> export;

    public OtlpTraceService(IngestPipeline pipeline, OtlpMapper mapper) {
        this.export = new GrpcExport<>(Signal.TRACES, pipeline, mapper::map, OtlpResponses::traces);
    }

    @Override
    public void export(ExportTraceServiceRequest request, StreamObserver<ExportTraceServiceResponse> observer) {
        export.export(request, observer);
    }
}
