package dev.sightline.server.e2e;

import dev.sightline.collector.grpc.RawBytesMarshaller;
import dev.sightline.server.support.ApiClient;
import dev.sightline.server.support.OtlpPayloads;
import dev.sightline.server.support.ServerPorts;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Bad input over OTLP/gRPC, sent as raw bytes the way a broken client would. */
@QuarkusTest
class OtlpGrpcBadInputTest {

    private static final MethodDescriptor<byte[], byte[]> EXPORT_TRACES = MethodDescriptor.<byte[], byte[]>newBuilder()
            .setType(MethodDescriptor.MethodType.UNARY)
            .setFullMethodName(TraceServiceGrpc.getExportMethod().getFullMethodName())
            .setRequestMarshaller(RawBytesMarshaller.INSTANCE)
            .setResponseMarshaller(RawBytesMarshaller.INSTANCE)
            .build();

    private final ApiClient api = new ApiClient(ServerPorts.api());
    private ManagedChannel channel;

    @BeforeEach
    void connect() {
        channel = ManagedChannelBuilder.forAddress("127.0.0.1", ServerPorts.grpc()).usePlaintext()
                .maxInboundMessageSize(64 << 20).build();
    }

    @AfterEach
    void disconnect() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    private byte[] export(byte[] body) {
        return ClientCalls.blockingUnaryCall(channel, EXPORT_TRACES,
                CallOptions.DEFAULT.withDeadlineAfter(30, TimeUnit.SECONDS), body);
    }

    static Stream<Arguments> malformed() {
        byte[] valid = OtlpPayloads.tracesOf("x", OtlpPayloads.randomBytes(16)).toByteArray();
        byte[] garbage = new byte[64];
        Arrays.fill(garbage, (byte) 0xFF);
        return Stream.of(
                Arguments.of("truncated protobuf", Arrays.copyOf(valid, valid.length - 3)),
                Arguments.of("garbage", garbage),
                Arguments.of("invalid UTF-8", OtlpPayloads.invalidUtf8Protobuf()),
                Arguments.of("AnyValue nested 1,000 deep", OtlpPayloads.deeplyNested(1000).toByteArray()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void malformedMessageIsInvalidArgumentAndStoredDataSurvives(String name, byte[] body) {
        byte[] id = OtlpPayloads.randomBytes(16);
        export(OtlpPayloads.tracesOf("survivor", id).toByteArray());
        StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class, () -> export(body));
        assertThat(e).as("a status error").isNotNull();
        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
        api.trace(HexFormat.of().formatHex(id), 1);
    }

    @Test
    void oversizeMessageIsResourceExhausted() {
        StatusRuntimeException e = catchThrowableOfType(StatusRuntimeException.class,
                () -> export(new byte[17 << 20]));
        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.RESOURCE_EXHAUSTED);
    }

    @Test
    void spansWithWrongIdLengthsAreRejectedAsPartialSuccess() throws Exception {
        byte[] good = OtlpPayloads.randomBytes(16);
        var request = OtlpPayloads.traces("partial-grpc", List.of(
                OtlpPayloads.span(good, OtlpPayloads.randomBytes(8), "good"),
                OtlpPayloads.span(new byte[16], OtlpPayloads.randomBytes(8), "all-zero trace id")));
        ExportTraceServiceResponse response = ExportTraceServiceResponse.parseFrom(export(request.toByteArray()));
        assertThat(response.getPartialSuccess().getRejectedSpans()).isEqualTo(1);
        assertThat(response.getPartialSuccess().getErrorMessage()).contains("trace_id");
        api.trace(HexFormat.of().formatHex(good), 1);
    }

    @Test
    void emptyRequestSucceeds() throws Exception {
        ExportTraceServiceResponse response = ExportTraceServiceResponse.parseFrom(export(new byte[0]));
        assertThat(response.hasPartialSuccess()).isFalse();
    }
}
