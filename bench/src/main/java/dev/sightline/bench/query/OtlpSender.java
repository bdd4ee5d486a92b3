package dev.sightline.bench.query;

import dev.sightline.collector.grpc.RawBytesMarshaller;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.collector.logs.v1.LogsServiceGrpc;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.metrics.v1.MetricsServiceGrpc;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Sends serialized OTLP export requests over gRPC with at most {@code maxInFlight} in flight, and resends a request
 * the server pushes back ({@code UNAVAILABLE}, {@code RESOURCE_EXHAUSTED}) after a growing pause, as an SDK's retry
 * would, until it is acknowledged. Anything else (a rejection, partial success with rejected items, an unexpected
 * status, a request refused for too long) is fatal: the data set would not be the one the samples describe.
 */
final class OtlpSender implements AutoCloseable {
    static final int TRACES = 0;
    static final int LOGS = 1;
    static final int METRICS = 2;
    static final String[] NAMES = {"spans", "log records", "points"};

    private static final long MAX_RETRY_NANOS = TimeUnit.MINUTES.toNanos(10);

    private final List<ManagedChannel> channels = new ArrayList<>();
    private final List<MethodDescriptor<byte[], byte[]>> methods = new ArrayList<>();
    private final int maxInFlight;
    private final Semaphore inFlight;
    private final ScheduledExecutorService retryTimer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "otlp-retry");
        t.setDaemon(true);
        return t;
    });
    private final AtomicLong next = new AtomicLong();
    private final AtomicLongArray acked = new AtomicLongArray(3);
    private final AtomicLongArray ackedRequests = new AtomicLongArray(3);
    private final AtomicLong refusals = new AtomicLong();
    private final AtomicLong deadlineRetries = new AtomicLong();
    private final AtomicReference<String> fatal = new AtomicReference<>();

    private record Pending(int signal, byte[] body, int items, long firstSentNanos, int attempt) {
    }

    OtlpSender(String host, int port, int maxInFlight, int connections) {
        this.maxInFlight = maxInFlight;
        this.inFlight = new Semaphore(maxInFlight);
        for (String name : List.of(TraceServiceGrpc.getExportMethod().getFullMethodName(),
                LogsServiceGrpc.getExportMethod().getFullMethodName(),
                MetricsServiceGrpc.getExportMethod().getFullMethodName())) {
            methods.add(MethodDescriptor.<byte[], byte[]>newBuilder()
                    .setType(MethodDescriptor.MethodType.UNARY)
                    .setFullMethodName(name)
                    .setRequestMarshaller(RawBytesMarshaller.INSTANCE)
                    .setResponseMarshaller(RawBytesMarshaller.INSTANCE)
                    .build());
        }
        for (int i = 0; i < connections; i++) {
            channels.add(NettyChannelBuilder.forAddress(host, port).usePlaintext().directExecutor()
                    .maxInboundMessageSize(16 << 20).flowControlWindow(8 << 20).build());
        }
    }

    /** Sends, blocking while {@code maxInFlight} requests are unanswered; throws once anything went fatally wrong. */
    void send(int signal, byte[] body, int items) throws InterruptedException {
        checkFatal();
        inFlight.acquire();
        attempt(new Pending(signal, body, items, System.nanoTime(), 0));
    }

    /** Waits until every request sent is acknowledged (or one failed fatally). */
    void drain(long timeout, TimeUnit unit) throws InterruptedException {
        if (!inFlight.tryAcquire(maxInFlight, timeout, unit)) {
            throw new IllegalStateException("requests still unanswered after " + unit.toSeconds(timeout) + " s");
        }
        inFlight.release(maxInFlight);
        checkFatal();
    }

    void checkFatal() {
        String f = fatal.get();
        if (f != null) {
            throw new IllegalStateException("export failed: " + f);
        }
    }

    long acked(int signal) {
        return acked.get(signal);
    }

    long ackedRequests(int signal) {
        return ackedRequests.get(signal);
    }

    long refusals() {
        return refusals.get();
    }

    long deadlineRetries() {
        return deadlineRetries.get();
    }

    int inFlight() {
        return maxInFlight - inFlight.availablePermits();
    }

    private void attempt(Pending p) {
        ManagedChannel channel = channels.get((int) (next.getAndIncrement() % channels.size()));
        var call = channel.newCall(methods.get(p.signal()), CallOptions.DEFAULT.withDeadlineAfter(60, TimeUnit.SECONDS));
        ClientCalls.asyncUnaryCall(call, p.body(), new StreamObserver<>() {
            @Override
            public void onNext(byte[] response) {
                long rejected = rejected(p.signal(), response);
                if (rejected > 0) {
                    fail("the server rejected " + rejected + " of " + p.items() + " " + NAMES[p.signal()]);
                    return;
                }
                acked.addAndGet(p.signal(), p.items());
                ackedRequests.incrementAndGet(p.signal());
                inFlight.release();
            }

            @Override
            public void onError(Throwable t) {
                Status status = Status.fromThrowable(t);
                boolean pushBack = status.getCode() == Status.Code.UNAVAILABLE
                        || status.getCode() == Status.Code.RESOURCE_EXHAUSTED;
                // A timed-out export may have been stored; resending risks a duplicate, which is counted.
                boolean timedOut = status.getCode() == Status.Code.DEADLINE_EXCEEDED;
                if (!pushBack && !timedOut) {
                    fail(status.getCode() + ": " + status.getDescription());
                    return;
                }
                if (System.nanoTime() - p.firstSentNanos() > MAX_RETRY_NANOS) {
                    fail("refused for more than 10 minutes: " + status.getCode() + ": " + status.getDescription());
                    return;
                }
                (timedOut ? deadlineRetries : refusals).incrementAndGet();
                long backoffMillis = Math.min(1000, 25L << Math.min(6, p.attempt()));
                backoffMillis += ThreadLocalRandom.current().nextLong(backoffMillis / 2 + 1);
                retryTimer.schedule(() -> attempt(new Pending(p.signal(), p.body(), p.items(), p.firstSentNanos(),
                        p.attempt() + 1)), backoffMillis, TimeUnit.MILLISECONDS);
            }

            @Override
            public void onCompleted() {
                // onNext carried the answer
            }
        });
    }

    private void fail(String why) {
        fatal.compareAndSet(null, why);
        inFlight.release();
    }

    private static long rejected(int signal, byte[] response) {
        try {
            return switch (signal) {
                case TRACES -> ExportTraceServiceResponse.parseFrom(response).getPartialSuccess().getRejectedSpans();
                case LOGS -> ExportLogsServiceResponse.parseFrom(response).getPartialSuccess().getRejectedLogRecords();
                default -> ExportMetricsServiceResponse.parseFrom(response).getPartialSuccess().getRejectedDataPoints();
            };
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            return 0;
        }
    }

    @Override
    public void close() {
        retryTimer.shutdownNow();
        channels.forEach(ManagedChannel::shutdownNow);
    }
}
