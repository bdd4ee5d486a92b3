package dev.sightline.collector.http;

import dev.sightline.collector.limits.HeapUsage;
import dev.sightline.collector.limits.IngestLimits;
import dev.sightline.collector.limits.ItemLimits;
import dev.sightline.collector.limits.MemoryGuard;
import dev.sightline.security.Authenticator;
import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import dev.sightline.collector.ingest.IngestMetrics;
import dev.sightline.collector.ingest.IngestPipeline;
import dev.sightline.collector.ingest.InFlightBytes;
import dev.sightline.collector.otlp.OtlpDecoder;
import dev.sightline.collector.otlp.OtlpMapper;
import dev.sightline.store.StoreConfig;
import dev.sightline.store.codec.BinaryBatchCodec;
import dev.sightline.store.engine.EmbeddedStore;
import dev.sightline.store.model.Signal;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * Fuzz target for the OTLP/HTTP receiver, through its real Vert.x server on loopback and a real store. Any
 * request, whatever its content type, encoding, path and body, is answered, and never with a 5xx (the store here
 * has room to spare, so a 5xx could only be our fault). Answers of 200 carry the signal's export response in the
 * request's encoding, refusals a {@code google.rpc.Status} without Java class names.
 *
 * <p>The input's first four bytes choose the request (path, method; content type; content encoding and whether
 * the body is gzipped), the rest is the body: the seeds in {@code OtlpHttpReceiverFuzzTestInputs/request/} are
 * readable that way.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OtlpHttpReceiverFuzzTest {

    /** Small, so that the fuzzer reaches the 413 paths (declared and after gunzip) often. */
    private static final int MAX_BODY_BYTES = 64 * 1024;
    private static final int HEADER_BYTES = 4;
    private static final List<String> PATHS = List.of("/v1/traces", "/v1/logs", "/v1/metrics", "/v1/nothing");
    /** Null: no Content-Type header. */
    private static final List<String> CONTENT_TYPES = Arrays.asList(
            "application/x-protobuf", "application/json", "application/json; charset=utf-8",
            "APPLICATION/X-PROTOBUF", "application/x-protobuf;", " application/json ", "application/protobuf",
            "text/plain", "", "application/json, application/x-protobuf", "application/json;charset=utf-16",
            "multipart/form-data; boundary=x", null);
    private static final Pattern LEAK = Pattern.compile(
            "\\b(?:[a-z_$][\\w$]*\\.)+[A-Z][\\w$]*(?:Exception|Error)\\b|\\n\\s*at [\\w.$]+\\(");
    private static final Set<Integer> ANSWERS = Set.of(200, 400, 404, 405, 413, 415);

    /** How the body is sent: the Content-Encoding header (null: none) and whether the body is gzipped. */
    private record Coding(String header, boolean gzipped) {
    }

    private static final List<Coding> CODINGS = List.of(
            new Coding(null, false), new Coding("gzip", true), new Coding("gzip", false),
            new Coding("identity", false), new Coding(" GZIP ", true), new Coding("br", false),
            new Coding("gzip, gzip", true), new Coding(null, true));

    private Path dataDirectory;
    private EmbeddedStore store;
    private Vertx vertx;
    private HttpServer server;
    private HttpClient client;

    @BeforeAll
    void startReceiver() throws Exception {
        dataDirectory = Files.createTempDirectory("sightline-http-fuzz");
        Duration week = Duration.ofDays(7);
        store = EmbeddedStore.open(new StoreConfig(dataDirectory, 1 << 20, Duration.ofHours(1),
                StoreConfig.FsyncPolicy.NEVER, Duration.ofSeconds(1), 256L << 20, 1_000_000,
                Map.of(Signal.TRACES, week, Signal.LOGS, week, Signal.METRICS, week), 0, Duration.ofHours(1)),
                new BinaryBatchCodec(), Clock.systemUTC());
        assertThat(store.awaitReady(Duration.ofSeconds(60))).as("store ready").isTrue();
        // Limits as generous as the defaults, a heap that never looks full: this target is about input, not load.
        IngestPipeline pipeline = new IngestPipeline(tenant -> store, new IngestMetrics(new SimpleMeterRegistry()),
                new InFlightBytes(256L << 20), Duration.ofSeconds(1),
                new MemoryGuard(new HeapUsage() {
                    @Override
                    public long usedBytes() {
                        return 0;
                    }

                    @Override
                    public long maxBytes() {
                        return 1L << 30;
                    }
                }, 75, 90, () -> { }),
                new IngestLimits(new ItemLimits(128, 4096, 65536), 0, 0, 100_000, Duration.ofHours(1), 10_000,
                        10_000, System::nanoTime));
        vertx = Vertx.vertx();
        OtlpHttpHandler handler = new OtlpHttpHandler(vertx, pipeline,
                OtlpHttpServer.routes(new OtlpDecoder(), new OtlpMapper()), MAX_BODY_BYTES, List.of(),
                new Authenticator(Clock.systemUTC()));
        server = vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(0))
                .requestHandler(handler).listen().toCompletionStage().toCompletableFuture().get();
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
    }

    @AfterAll
    void stopReceiver() throws Exception {
        if (server != null) {
            server.close().toCompletionStage().toCompletableFuture().get();
        }
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().get();
        }
        if (store != null) {
            store.close();
        }
        if (dataDirectory != null) {
            try (var files = Files.walk(dataDirectory)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @FuzzTest(maxDuration = "3m")
    void request(byte[] input) throws Exception {
        if (input.length < HEADER_BYTES) {
            return;
        }
        String path = PATHS.get(input[0] & 3);
        boolean get = (input[0] & 0x30) == 0x30;
        String contentType = CONTENT_TYPES.get(Math.floorMod(input[1], CONTENT_TYPES.size()));
        Coding coding = CODINGS.get(Math.floorMod(input[2], CODINGS.size()));
        byte[] body = Arrays.copyOfRange(input, HEADER_BYTES, input.length);
        byte[] wire = coding.gzipped ? gzip(body) : body;

        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.actualPort()
                + path)).timeout(Duration.ofSeconds(30));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        if (coding.header != null) {
            request.header("Content-Encoding", coding.header);
        }
        request.method(get ? "GET" : "POST", HttpRequest.BodyPublishers.ofByteArray(wire));
        HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());

        int status = response.statusCode();
        assertThat(status).as("status for %s %s, Content-Type %s, Content-Encoding %s",
                get ? "GET" : "POST", path, contentType, coding.header).isIn(ANSWERS);
        String answeredType = response.headers().firstValue("Content-Type").orElse("");
        if (status == 200) {
            assertThat(parse(response.body(), answeredType, exportResponse(path))).isNotNull();
        } else if (status == 400 || status == 413 || status == 415) {
            com.google.rpc.Status refusal = (com.google.rpc.Status) parse(response.body(), answeredType,
                    com.google.rpc.Status.newBuilder());
            assertThat(refusal.getMessage()).isNotBlank().doesNotContainPattern(LEAK)
                    .doesNotEndWith(": null");
        }
    }

    private static Message.Builder exportResponse(String path) {
        return switch (path) {
            case "/v1/traces" -> ExportTraceServiceResponse.newBuilder();
            case "/v1/logs" -> ExportLogsServiceResponse.newBuilder();
            default -> ExportMetricsServiceResponse.newBuilder();
        };
    }

    private static Message parse(byte[] body, String contentType, Message.Builder into)
            throws InvalidProtocolBufferException {
        if (contentType.equals("application/json")) {
            JsonFormat.parser().merge(new String(body, java.nio.charset.StandardCharsets.UTF_8), into);
        } else {
            assertThat(contentType).isEqualTo("application/x-protobuf");
            into.mergeFrom(body);
        }
        return into.build();
    }

    private static byte[] gzip(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
