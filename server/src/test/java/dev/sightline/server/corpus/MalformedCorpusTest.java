package dev.sightline.server.corpus;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import dev.sightline.collector.grpc.RawBytesMarshaller;
import dev.sightline.server.corpus.CorpusCase.Transport;
import dev.sightline.server.support.ApiClient;
import dev.sightline.server.support.OtlpPayloads;
import dev.sightline.server.support.ServerPorts;
import dev.sightline.store.model.Signal;
import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.collector.logs.v1.LogsServiceGrpc;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.metrics.v1.MetricsServiceGrpc;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Replays the malformed-input corpus ({@link MalformedOtlpCorpus}, over 5,000 requests generated from a fixed
 * seed) against the real server: OTLP/HTTP on its own port and OTLP/gRPC through a raw channel. Every request
 * gets one of the answers the OTLP specification allows for bad data (HTTP 200 with or without partial
 * success, 400, 413 or 415; gRPC OK, INVALID_ARGUMENT or RESOURCE_EXHAUSTED), never a 5xx or a broken
 * connection; and afterwards the server still takes a valid export on both transports, and data stored before
 * the corpus is still there: bad requests lose nothing else.
 */
@QuarkusTest
@TestProfile(MalformedCorpusTest.OwnStore.class)
class MalformedCorpusTest {
    /**
     * A store of its own: mutated copies of the official examples that are still valid OTLP are accepted, and they
     * must not land among the data of tests that read those examples back.
     */
    public static class OwnStore implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("sightline.store.data-dir", System.getProperty("sightline.test.data-dir",
                    "target/test-data/quarkus") + "-corpus-" + System.nanoTime());
        }
    }

    static final long SEED = 20261130L;
    private static final Set<Integer> HTTP_ANSWERS = Set.of(200, 400, 413, 415);
    private static final Set<Status.Code> GRPC_ANSWERS =
            Set.of(Status.Code.OK, Status.Code.INVALID_ARGUMENT, Status.Code.RESOURCE_EXHAUSTED);
    private static final Map<Signal, MethodDescriptor<byte[], byte[]>> GRPC_EXPORTS = new EnumMap<>(Map.of(
            Signal.TRACES, raw(TraceServiceGrpc.getExportMethod()),
            Signal.LOGS, raw(LogsServiceGrpc.getExportMethod()),
            Signal.METRICS, raw(MetricsServiceGrpc.getExportMethod())));

    private static final Pattern JAVA_NAME =
            Pattern.compile("\\b(?:[a-z_$][\\w$]*\\.)+[A-Z][\\w$]*(?:Exception|Error)\\b");

    private static final Pattern FAILED_REQUESTS = Pattern.compile(
            "^sightline_ingest_requests_total\\{[^}]*outcome=\"failed\"[^}]*\\} (\\S+)$", Pattern.MULTILINE);

    private final ApiClient api = new ApiClient(ServerPorts.api());
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private ManagedChannel channel;

    @BeforeEach
    void connect() {
        channel = ManagedChannelBuilder.forAddress("127.0.0.1", ServerPorts.grpc()).usePlaintext().build();
    }

    @AfterEach
    void disconnect() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    @Test
    void everyMalformedRequestGetsAnOtlpAnswerAndNothingElseIsLost() throws Exception {
        List<CorpusCase> corpus = MalformedOtlpCorpus.generate(SEED);
        assertThat(corpus).hasSizeGreaterThanOrEqualTo(5_000);
        String before = OtlpPayloads.randomTraceIdHex();
        assertThat(exportOverHttp(before)).isEqualTo(200);
        double failedBefore = failedRequests();

        Map<String, Map<String, Integer>> histogram = new TreeMap<>();
        List<String> wrong = new ArrayList<>();
        for (CorpusCase c : corpus) {
            String answer = c.transport() == Transport.HTTP ? sendOverHttp(c) : sendOverGrpc(c);
            histogram.computeIfAbsent(c.category(), k -> new TreeMap<>()).merge(answer, 1, Integer::sum);
            if (!answer.startsWith("ok ")) {
                wrong.add(answer + ": " + c);
            }
        }
        System.out.println(report(corpus.size(), histogram)); // the histogram is the test's record; keep it in the log
        assertThat(wrong).as("requests without an allowed answer").isEmpty();
        assertThat(failedRequests()).as("requests the receivers counted as failed (an unexpected exception)")
                .isEqualTo(failedBefore);

        assertThat(oversizedDeclaredLength()).as("a declared body over the limit").isEqualTo(413);
        String after = OtlpPayloads.randomTraceIdHex();
        assertThat(exportOverHttp(after)).isEqualTo(200);
        String afterGrpc = OtlpPayloads.randomTraceIdHex();
        ClientCalls.blockingUnaryCall(channel, GRPC_EXPORTS.get(Signal.TRACES), callOptions(),
                OtlpPayloads.tracesOf("after-corpus-grpc", HexFormat.of().parseHex(afterGrpc)).toByteArray());
        for (String traceId : List.of(before, after, afterGrpc)) {
            assertThat(api.trace(traceId, 1).getString("traceId")).isEqualTo(traceId);
        }
    }

    /** The receivers' count of requests that failed on our side, over both transports and all signals. */
    private double failedRequests() {
        Matcher m = FAILED_REQUESTS.matcher(api.get("/q/metrics").asString());
        double sum = 0;
        while (m.find()) {
            sum += Double.parseDouble(m.group(1));
        }
        return sum;
    }

    /** "ok &lt;status&gt;" for an allowed answer, else what went wrong. */
    private String sendOverHttp(CorpusCase c) throws InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ServerPorts.otlpHttp()
                        + "/v1/" + c.signal().lowerName()))
                .timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofByteArray(c.body()));
        if (c.contentType() != null) {
            request.header("Content-Type", c.contentType());
        }
        if (c.contentEncoding() != null) {
            request.header("Content-Encoding", c.contentEncoding());
        }
        HttpResponse<byte[]> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            return "connection failed (" + e + ")";
        }
        int status = response.statusCode();
        if (!HTTP_ANSWERS.contains(status)) {
            return "HTTP " + status + " " + new String(response.body(), StandardCharsets.UTF_8);
        }
        String type = response.headers().firstValue("Content-Type").orElse("");
        try {
            Message parsed = parse(response.body(), type, status == 200 ? exportResponse(c.signal())
                    : com.google.rpc.Status.newBuilder());
            if (parsed instanceof com.google.rpc.Status refusal && JAVA_NAME.matcher(refusal.getMessage()).find()) {
                return "HTTP " + status + " naming a Java class: " + refusal.getMessage();
            }
        } catch (InvalidProtocolBufferException | RuntimeException e) {
            return "HTTP " + status + " with an unreadable " + type + " body";
        }
        return "ok HTTP " + status + (status == 200 && isPartial(response.body(), type, c.signal())
                ? " partial success" : "");
    }

    private String sendOverGrpc(CorpusCase c) {
        try {
            ClientCalls.blockingUnaryCall(channel, GRPC_EXPORTS.get(c.signal()), callOptions(), c.body());
            return "ok gRPC OK";
        } catch (StatusRuntimeException e) {
            Status.Code code = e.getStatus().getCode();
            return GRPC_ANSWERS.contains(code) ? "ok gRPC " + code : "gRPC " + e.getStatus();
        }
    }

    /** Headers announcing 30 MB, then nothing: the receiver must refuse before reading (raw socket, no client help). */
    private int oversizedDeclaredLength() throws IOException {
        try (Socket socket = new Socket("127.0.0.1", ServerPorts.otlpHttp())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /v1/traces HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-protobuf\r\n"
                    + "Content-Length: 30000000\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String statusLine = new String(in.readNBytes(12), StandardCharsets.US_ASCII); // "HTTP/1.1 413"
            return Integer.parseInt(statusLine.substring(9, 12));
        }
    }

    private int exportOverHttp(String traceIdHex) throws Exception {
        byte[] body = OtlpPayloads.tracesOf("corpus-survivor", HexFormat.of().parseHex(traceIdHex)).toByteArray();
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ServerPorts.otlpHttp()
                                + "/v1/traces")).header("Content-Type", MalformedOtlpCorpus.PROTOBUF)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static boolean isPartial(byte[] body, String type, Signal signal) {
        try {
            Message response = parse(body, type, exportResponse(signal));
            return response.getAllFields().values().stream().anyMatch(v -> v instanceof Message m
                    && m.getDescriptorForType().getName().endsWith("PartialSuccess"));
        } catch (InvalidProtocolBufferException e) {
            return false;
        }
    }

    private static Message parse(byte[] body, String type, Message.Builder into) throws InvalidProtocolBufferException {
        if (type.startsWith(MalformedOtlpCorpus.JSON)) {
            JsonFormat.parser().merge(new String(body, StandardCharsets.UTF_8), into);
        } else if (type.startsWith(MalformedOtlpCorpus.PROTOBUF)) {
            into.mergeFrom(body);
        } else {
            throw new InvalidProtocolBufferException("unexpected content type " + type);
        }
        return into.build();
    }

    private static Message.Builder exportResponse(Signal signal) {
        return switch (signal) {
            case TRACES -> ExportTraceServiceResponse.newBuilder();
            case LOGS -> ExportLogsServiceResponse.newBuilder();
            case METRICS -> ExportMetricsServiceResponse.newBuilder();
        };
    }

    private static String report(int total, Map<String, Map<String, Integer>> histogram) {
        StringBuilder out = new StringBuilder("Malformed-input corpus: " + total + " cases (seed " + SEED + ")\n");
        Map<String, Integer> overall = new TreeMap<>();
        histogram.forEach((category, answers) -> {
            out.append(String.format("  %-62s %5d  %s%n", category,
                    answers.values().stream().mapToInt(Integer::intValue).sum(), answers));
            answers.forEach((a, n) -> overall.merge(a, n, Integer::sum));
        });
        return out.append("  all answers: ").append(overall).toString();
    }

    private static CallOptions callOptions() {
        return CallOptions.DEFAULT.withDeadlineAfter(60, TimeUnit.SECONDS);
    }

    private static MethodDescriptor<byte[], byte[]> raw(MethodDescriptor<?, ?> generated) {
        return generated.toBuilder(RawBytesMarshaller.INSTANCE, RawBytesMarshaller.INSTANCE).build();
    }
}
