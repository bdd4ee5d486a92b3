package dev.sightline.collector.grpc;

import dev.sightline.collector.auth.GrpcAuthInterceptor;
import dev.sightline.security.Principal;
import com.google.protobuf.Any;
import com.google.protobuf.Message;
import com.google.rpc.Code;
import com.google.rpc.RetryInfo;
import dev.sightline.collector.ingest.IngestMetrics.RequestOutcome;
import dev.sightline.collector.ingest.IngestPipeline;
import dev.sightline.collector.ingest.Transport;
import dev.sightline.collector.limits.IngestThrottledException;
import dev.sightline.collector.otlp.MalformedPayloadException;
import dev.sightline.collector.otlp.MappingResult;
import dev.sightline.store.StoreOverloadedException;
import dev.sightline.store.model.Signal;
import dev.sightline.store.model.TelemetryBatch;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * One OTLP/gRPC export method, the same for all three services: admit, decode, map, append, answer once
 * durable. The method takes raw bytes rather than the generated message so that a malformed message is
 * ours to answer (INVALID_ARGUMENT with a reason, as the spec asks) instead of the transport's UNKNOWN,
 * and so that admission counts the real wire size before anything is decoded.
 * Overload, and a tenant over its ingest rate, are answered UNAVAILABLE with a RetryInfo, which the OpenTelemetry SDKs retry with backoff;
 * RESOURCE_EXHAUSTED without RetryInfo would be final for them, and with one some retry without end.
 */
final class GrpcExport {
    private static final Logger LOG = Logger.getLogger(GrpcExport.class);
    /** Until the receivers authenticate tenants, every export is the default tenant's. */

    private final Signal signal;
    private final IngestPipeline pipeline;
    private final Function<byte[], MappingResult<? extends TelemetryBatch>> decodeAndMap;
    private final BiFunction<Long, String, Message> response;

    GrpcExport(Signal signal, IngestPipeline pipeline,
               Function<byte[], MappingResult<? extends TelemetryBatch>> decodeAndMap,
               BiFunction<Long, String, Message> response) {
        this.signal = signal;
        this.pipeline = pipeline;
        this.decodeAndMap = decodeAndMap;
        this.response = response;
    }

    /** The service definition for {@code method} (the generated descriptor, whose name and type we keep). */
    ServerServiceDefinition bind(String serviceName, MethodDescriptor<?, ?> method) {
        MethodDescriptor<byte[], byte[]> raw =
                method.toBuilder(RawBytesMarshaller.INSTANCE, RawBytesMarshaller.INSTANCE).build();
        return ServerInterceptors.intercept(ServerServiceDefinition.builder(serviceName)
                .addMethod(raw, ServerCalls.asyncUnaryCall(this::export))
                .build(), new RefuseOnHeaders());
    }

    /**
     * Refuses a call as soon as its headers are in when the server would refuse it anyway (short of memory, tenant
     * over its rate, in-flight budget spent). A unary call reaches the service only once its whole message has
     * arrived, and with many calls sharing a connection that upload alone can take seconds: answering on the
     * headers keeps a refusal in milliseconds.
     */
    private final class RefuseOnHeaders implements ServerInterceptor {
        @Override
        public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers,
                                                           ServerCallHandler<Q, A> next) {
            Principal principal = GrpcAuthInterceptor.PRINCIPAL.get();
            if (principal == null) {
                return refuse(call, Status.UNAUTHENTICATED.withDescription("no credentials were checked")
                        .asRuntimeException());
            }
            try {
                pipeline.precheck(principal.tenant(), signal);
            } catch (StoreOverloadedException e) {
                count(RequestOutcome.OVERLOADED);
                return refuse(call, unavailable(e.getMessage(), e.retryAfter()));
            } catch (IngestThrottledException e) {
                count(RequestOutcome.THROTTLED);
                return refuse(call, unavailable(e.getMessage(), e.retryAfter()));
            }
            return next.startCall(call, headers);
        }

        private <Q, A> ServerCall.Listener<Q> refuse(ServerCall<Q, A> call, StatusRuntimeException refusal) {
            Metadata trailers = refusal.getTrailers();
            call.close(refusal.getStatus(), trailers != null ? trailers : new Metadata());
            return new ServerCall.Listener<>() {
            };
        }
    }

    void export(byte[] request, StreamObserver<byte[]> observer) {
        // RefuseOnHeaders has already refused every call that arrived without a principal.
        String tenant = GrpcAuthInterceptor.PRINCIPAL.get().tenant();
        Context context = Vertx.currentContext();
        long bytes = Math.max(request.length, 1);
        try {
            pipeline.admit(tenant, signal, bytes);
        } catch (StoreOverloadedException e) {
            count(RequestOutcome.OVERLOADED);
            observer.onError(unavailable(e.getMessage(), e.retryAfter()));
            return;
        } catch (IngestThrottledException e) {
            count(RequestOutcome.THROTTLED);
            observer.onError(unavailable(e.getMessage(), e.retryAfter()));
            return;
        }
        if (context != null && context.isEventLoopContext()) {
            // Decoding a large batch takes milliseconds; on the event loop it would hold up every other call's
            // admission, and a refusal is only fast while the event loop is free to give it.
            context.<MappingResult<? extends TelemetryBatch>>executeBlocking(() -> decodeAndMap.apply(request), false)
                    .onComplete(ar -> {
                        if (ar.succeeded()) {
                            storeAndAnswer(tenant, bytes, observer, context, ar.result());
                        } else {
                            decodeFailed(bytes, observer, ar.cause());
                        }
                    });
            return;
        }
        MappingResult<? extends TelemetryBatch> mapped;
        try {
            mapped = decodeAndMap.apply(request);
        } catch (RuntimeException e) {
            decodeFailed(bytes, observer, e);
            return;
        }
        storeAndAnswer(tenant, bytes, observer, context, mapped);
    }

    private void decodeFailed(long bytes, StreamObserver<byte[]> observer, Throwable failure) {
        pipeline.release(bytes);
        if (failure instanceof MalformedPayloadException e) {
            count(RequestOutcome.MALFORMED);
            observer.onError(Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException());
            return;
        }
        LOG.warnf(failure, "could not process an OTLP/gRPC %s request", signal.lowerName());
        count(RequestOutcome.FAILED);
        observer.onError(Status.INTERNAL.withDescription("could not process the request").asRuntimeException());
    }

    private void storeAndAnswer(String tenant, long bytes, StreamObserver<byte[]> observer, Context context,
                                MappingResult<? extends TelemetryBatch> mapped) {
        try {
            pipeline.store(tenant, mapped).whenComplete((stored, failure) -> {
                pipeline.release(bytes);
                Runnable answer = () -> answer(observer, stored, failure);
                // Completion comes on the store's writer thread; the call belongs to its Vert.x context.
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
        } catch (IngestThrottledException e) {
            pipeline.release(bytes);
            count(RequestOutcome.THROTTLED);
            observer.onError(unavailable(e.getMessage(), e.retryAfter()));
        } catch (RuntimeException e) {
            pipeline.release(bytes);
            LOG.warnf(e, "the store refused an OTLP/gRPC %s request", signal.lowerName());
            count(RequestOutcome.FAILED);
            observer.onError(Status.INTERNAL.withDescription("could not store the request").asRuntimeException());
        }
    }

    private void answer(StreamObserver<byte[]> observer, MappingResult<? extends TelemetryBatch> mapped,
                        Throwable failure) {
        if (failure == null) {
            count(mapped.rejectedItems() > 0 ? RequestOutcome.PARTIAL : RequestOutcome.ACCEPTED);
            observer.onNext(response.apply(mapped.rejectedItems(), mapped.errorMessage()).toByteArray());
            observer.onCompleted();
            return;
        }
        Throwable cause = IngestPipeline.causeOf(failure);
        if (cause instanceof StoreOverloadedException overloaded) {
            count(RequestOutcome.OVERLOADED);
            observer.onError(unavailable(overloaded.getMessage(), overloaded.retryAfter()));
            return;
        }
        LOG.warnf(cause, "could not store an OTLP/gRPC %s request", signal.lowerName());
        count(RequestOutcome.FAILED);
        observer.onError(unavailable("could not store the data; retry later", pipeline.retryAfter()));
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
