package dev.sightline.server.crash;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import dev.sightline.server.support.OtlpPayloads;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.Span;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Crash safety at process level: the packaged server takes exports over gRPC and HTTP and is killed with
 * SIGKILL at random moments; after each restart every batch it acknowledged is there, each item exactly once.
 */
class CrashRecoveryIT {
    private static final int SPANS_PER_TRACE = 8;
    private static final int LOGS_PER_BATCH = 5;
    private static final int POINTS_PER_BATCH = 10;
    private static final String METRIC = "crash.points";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Map<String, Set<String>> ackedTraces = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> ackedLogs = new ConcurrentHashMap<>();
    private final Set<String> ackedMetricBatches = ConcurrentHashMap.newKeySet();
    private final AtomicLong pointClock = new AtomicLong(1_700_000_000_000_000_000L);

    @Test
    void everyAcknowledgedItemSurvivesRepeatedKillNine(@TempDir(cleanup = CleanupMode.ON_SUCCESS) Path dataDir) throws Exception {
        int cycles = Integer.getInteger("sightline.crash.cycles", 10);
        Random random = new Random(Long.getLong("sightline.crash.seed", System.nanoTime()));
        Path log = Path.of("target/crash-recovery-server.log").toAbsolutePath();
        java.nio.file.Files.deleteIfExists(log);
        SightlineProcess server = new SightlineProcess(dataDir, log);
        try {
            for (int cycle = 0; cycle < cycles; cycle++) {
                server.start();
                server.awaitReady(Duration.ofSeconds(90));
                verifyEverythingAcknowledgedIsStoredOnce(server, cycle);
                AtomicBoolean stop = new AtomicBoolean();
                ExecutorService senders = Executors.newFixedThreadPool(3);
                senders.submit(() -> sendTraces(server, stop));
                senders.submit(() -> sendLogs(server, stop));
                senders.submit(() -> sendMetrics(server, stop));
                Thread.sleep(200 + random.nextInt(1500));
                server.kill();
                stop.set(true);
                senders.shutdown();
                assertThat(senders.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
            }
            server.start();
            server.awaitReady(Duration.ofSeconds(90));
            verifyEverythingAcknowledgedIsStoredOnce(server, cycles);
        } finally {
            server.close();
        }
        System.out.printf("crash recovery: %d kills; acknowledged and found exactly once: %d traces (%d spans),"
                        + " %d log batches (%d records), %d metric batches (%d points)%n", cycles, ackedTraces.size(),
                ackedTraces.size() * SPANS_PER_TRACE, ackedLogs.size(), ackedLogs.size() * LOGS_PER_BATCH,
                ackedMetricBatches.size(), ackedMetricBatches.size() * POINTS_PER_BATCH);
        assertThat(ackedTraces).as("the senders got acknowledgements at all").isNotEmpty();
        assertThat(ackedLogs).isNotEmpty();
        assertThat(ackedMetricBatches).isNotEmpty();
    }

    private void sendTraces(SightlineProcess server, AtomicBoolean stop) {
        ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", server.grpcPort()).usePlaintext().build();
        try {
            var stub = TraceServiceGrpc.newBlockingStub(channel);
            while (!stop.get()) {
                byte[] traceId = OtlpPayloads.randomBytes(16);
                List<Span> spans = new ArrayList<>();
                Set<String> spanIds = new HashSet<>();
                for (int i = 0; i < SPANS_PER_TRACE; i++) {
                    byte[] spanId = OtlpPayloads.randomBytes(8);
                    spans.add(OtlpPayloads.span(traceId, spanId, "op-" + i));
                    spanIds.add(HexFormat.of().formatHex(spanId));
                }
                try {
                    stub.withDeadlineAfter(5, TimeUnit.SECONDS).export(OtlpPayloads.traces("crash-traces", spans));
                    ackedTraces.put(HexFormat.of().formatHex(traceId), spanIds);
                } catch (RuntimeException notAcknowledged) {
                    pause();
                }
            }
        } finally {
            channel.shutdownNow();
        }
    }

    private void sendLogs(SightlineProcess server, AtomicBoolean stop) {
        while (!stop.get()) {
            byte[] traceId = OtlpPayloads.randomBytes(16);
            ScopeLogs.Builder scope = ScopeLogs.newBuilder();
            Set<String> bodies = new HashSet<>();
            for (int i = 0; i < LOGS_PER_BATCH; i++) {
                String body = "log " + i + " of " + HexFormat.of().formatHex(traceId);
                bodies.add(body);
                scope.addLogRecords(LogRecord.newBuilder().setTimeUnixNano(pointClock.incrementAndGet())
                        .setSeverityNumberValue(9).setTraceId(ByteString.copyFrom(traceId))
                        .setBody(AnyValue.newBuilder().setStringValue(body)));
            }
            byte[] body = ExportLogsServiceRequest.newBuilder().addResourceLogs(ResourceLogs.newBuilder()
                    .setResource(resource("crash-logs")).addScopeLogs(scope)).build().toByteArray();
            if (postOtlp(server, "/v1/logs", body)) {
                ackedLogs.put(HexFormat.of().formatHex(traceId), bodies);
            } else {
                pause();
            }
        }
    }

    private void sendMetrics(SightlineProcess server, AtomicBoolean stop) {
        while (!stop.get()) {
            String batch = HexFormat.of().formatHex(OtlpPayloads.randomBytes(8));
            Gauge.Builder gauge = Gauge.newBuilder();
            for (int i = 0; i < POINTS_PER_BATCH; i++) {
                gauge.addDataPoints(NumberDataPoint.newBuilder().setTimeUnixNano(pointClock.incrementAndGet())
                        .setAsDouble(i).addAttributes(KeyValue.newBuilder().setKey("batch")
                                .setValue(AnyValue.newBuilder().setStringValue(batch))));
            }
            byte[] body = ExportMetricsServiceRequest.newBuilder().addResourceMetrics(ResourceMetrics.newBuilder()
                    .setResource(resource("crash-metrics")).addScopeMetrics(ScopeMetrics.newBuilder()
                            .addMetrics(Metric.newBuilder().setName(METRIC).setGauge(gauge)))).build().toByteArray();
            if (postOtlp(server, "/v1/metrics", body)) {
                ackedMetricBatches.add(batch);
            } else {
                pause();
            }
        }
    }

    private static Resource resource(String service) {
        return Resource.newBuilder().addAttributes(KeyValue.newBuilder().setKey("service.name")
                .setValue(AnyValue.newBuilder().setStringValue(service))).build();
    }

    private boolean postOtlp(SightlineProcess server, String path, byte[] body) {
        try {
            HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + server.httpPort() + path))
                    .timeout(Duration.ofSeconds(5)).header("Content-Type", "application/x-protobuf")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
            return r.statusCode() == 200;
        } catch (Exception notAcknowledged) {
            return false;
        }
    }

    private static void pause() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private JsonNode get(SightlineProcess server, String path) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.apiPort() + path)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("GET %s: %s", path, r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private static Path dataDirOf(SightlineProcess server) {
        return server.dataDir();
    }

    private void verifyEverythingAcknowledgedIsStoredOnce(SightlineProcess server, int cycle) throws Exception {
        for (Map.Entry<String, Set<String>> trace : ackedTraces.entrySet()) {
            JsonNode t = get(server, "/api/traces/" + trace.getKey());
            List<String> spanIds = new ArrayList<>();
            t.get("spans").forEach(s -> spanIds.add(s.get("spanId").asText()));
            assertThat(spanIds).as("cycle %d, trace %s (data in %s)", cycle, trace.getKey(), dataDirOf(server))
                    .containsExactlyInAnyOrderElementsOf(trace.getValue());
        }
        for (Map.Entry<String, Set<String>> logs : ackedLogs.entrySet()) {
            JsonNode l = get(server, "/api/traces/" + logs.getKey() + "/logs");
            List<String> bodies = new ArrayList<>();
            l.get("logs").forEach(r -> bodies.add(r.get("body").get("stringValue").asText()));
            assertThat(bodies).as("cycle %d, logs of %s (data in %s)", cycle, logs.getKey(), dataDirOf(server))
                    .containsExactlyInAnyOrderElementsOf(logs.getValue());
        }
        if (!ackedMetricBatches.isEmpty()) {
            Map<String, Integer> pointsByBatch = new HashMap<>();
            // One series per acknowledged batch: ask for the API's most, and make sure none was left out.
            JsonNode answer = get(server, "/api/metrics/series?limit=10000&name=" + METRIC);
            assertThat(answer.get("truncated").asBoolean()).as("cycle %d: series left out", cycle).isFalse();
            for (JsonNode series : answer.get("series")) {
                String batch = series.get("attributes").get(0).get("value").get("stringValue").asText();
                pointsByBatch.merge(batch, series.get("points").size(), Integer::sum);
            }
            for (String batch : ackedMetricBatches) {
                assertThat(pointsByBatch.get(batch)).as("cycle %d, points of batch %s", cycle, batch)
                        .isEqualTo(POINTS_PER_BATCH);
            }
        }
    }
}
