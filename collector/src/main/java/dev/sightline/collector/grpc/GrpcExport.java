package dev.sightline.collector.grpc;

import com.google.protobuf.Any;
import com.google.protobuf.Message;
import com.google.rpc.Code;
import com.google.rpc.RetryInfo;
import dev.sightline.collector.ingest.IngestMetrics.RequestOutcome;
import dev.sightline.collector.ingest.IngestPipeline;
import dev.sightline.collector.ingest.Transport;
import dev.sightline.collector.otlp.MappingResult;
import dev.sightline.store.StoreOverloadedException;
import dev.sightline.store.model.Signal;
import dev.sightline.store.model.TelemetryBatch;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.StreamObserver;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * One OTLP/gRPC export, the same for all three services: admit, map, append, answer once durable.
 * Overload is answered UNAVAILABLE with a RetryInfo, which the OpenTelemetry SDKs retry with backoff;
 * RESOURCE_EXHAUSTED without RetryInfo would be final for them, and with one some retry without end.
 */
final class GrpcExport<Q extends Message, R> {
    private static final Logger LOG = Logger.getLogger(GrpcExport.class);

    private final Signal signal;
    private final IngestPipeline pipeline;
    private final Function<Q, MappingResult<? extends TelemetryBatch>> mapper;
    private final BiFunction<Long, String, R> response;

    GrpcExport(Signal signal, IngestPipeline pipeline, Function<Q, MappingResult<? extends TelemetryBatch>> mapper,
               BiFunction<Long, String, R> response) {
        this.signal = signal;
        this.pipeline = pipeline;
        this.mapper = mapper;
        this.response = response;
    }

    void export(Q request, StreamObserver<R> observer) {
        Context context = Vertx.currentContext();
        long bytes = request.getSerializedSize();
        try {
            pipeline.admit(bytes);
        } catch (StoreOverloadedException e) {
            count(RequestOutcome.OVERLOADED);
            observer.onError(unavailable(e.getMessage(), e.retryAfter()));
            return;
        }
        MappingResult<? extends TelemetryBatch> mapped;
        try {
            mapped = mapper.apply(request);
        } catch (RuntimeException e) {
            pipeline.release(bytes);
            LOG.warnf(e, "could not map an OTLP/gRPC %s request", signal.lowerName());
            count(RequestOutcome.FAILED);
            observer.onError(Status.INTERNAL.withDescription("could not process the request").asRuntimeException());
            return;
        }
        try {
            pipeline.store(mapped).whenComplete((ok, failure) -> {
                pipeline.release(bytes);
                Runnable answer = () -> {
                    if (failure == null) {
                        count(mapped.rejectedItems() > 0 ? RequestOutcome.PARTIAL : RequestOutcome.ACCEPTED);
                        observer.onNext(response.apply(mapped.rejectedItems(), mapped.errorMessage()));
                        observer.onCompleted();
                    } else {
                        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                                ? failure.getCause() : failure;
                        LOG.warnf(cause, "could not store an OTLP/gRPC %s request", signal.lowerName());
                        count(RequestOutcome.FAILED);
                        observer.onError(unavailable("could not store the data; retry later",
                                pipeline.retryAfter()));
                    }
                };
                if (context != null) {
                    context.runOnContext(v -> answer.run());
                } else {
                    answer.run();
                }
            });
        } catch (StoreOverloadedException e) {
            pipeline.release(bytes);
            count(RequestOutcome.OVERLOADED);
            observer.onError(unavailable(e.getMessage(), e.retryAfter()));
        }
    }

    private void count(RequestOutcome outcome) {
        pipeline.metrics().request(signal, Transport.GRPC, outcome);
    }

    static StatusRuntimeException unavailable(String message, Duration retryAfter) {
        com.google.rpc.Status status = com.google.rpc.Status.newBuilder()
                .setCode(Code.UNAVAILABLE_VALUE)
                .setMessage(message)
                .addDetails(Any.pack(RetryInfo.newBuilder()
                        .setRetryDelay(com.google.protobuf.Duration.newBuilder()
                                .setSeconds(retryAfter.toSeconds())
                                .setNanos(retryAfter.toNanosPart()))
                        .build()))
                .build();
        return StatusProto.toStatusRuntimeException(status);
    }
}
