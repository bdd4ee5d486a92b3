package dev.sightline.bench;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.metrics.v1.MetricsServiceGrpc;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.resource.v1.Resource;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A cardinality bomb against a running Sightline: one metric with {@code --values} distinct label values (a million
 * by default), sent over OTLP/gRPC in batches, while a handful of series that existed before the bomb keep reporting
 * in their own requests. Reports how many bomb points were taken and rejected, whether the existing series were ever
 * rejected, whether they are still queryable, and the server's active-series gauge. Bounded: the number of requests
 * is fixed by the arguments, and each refused request is retried at most 50 times.
 */
public final class CardinalityBomb {

    private static final Pattern ACTIVE_SERIES =
            Pattern.compile("^sightline_ingest_active_series\\{tenant=\"default\"\\} ([0-9.E]+)$", Pattern.MULTILINE);

    public static void main(String[] args) throws Exception {
        int grpcPort = 4317;
        int apiPort = 16686;
        int values = 1_000_000;
        int batch = 5000;
        int existing = 10;
        String metric = "bench.bomb.requests";
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--grpc-port" -> grpcPort = Integer.parseInt(args[i + 1]);
                case "--api-port" -> apiPort = Integer.parseInt(args[i + 1]);
                case "--values" -> values = Integer.parseInt(args[i + 1]);
                case "--batch" -> batch = Integer.parseInt(args[i + 1]);
                case "--existing" -> existing = Integer.parseInt(args[i + 1]);
                case "--metric" -> metric = args[i + 1];
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        ManagedChannel channel = NettyChannelBuilder.forAddress("127.0.0.1", grpcPort).usePlaintext()
                .maxInboundMessageSize(16 << 20).build();
        HttpClient http = HttpClient.newHttpClient();
        try {
            MetricsServiceGrpc.MetricsServiceBlockingStub stub = MetricsServiceGrpc.newBlockingStub(channel);
            String[] known = new String[existing];
            for (int i = 0; i < existing; i++) {
                known[i] = "known-" + i;
            }
            long existingRejected = export(stub, gauge(metric, known));
            long bombAccepted = 0;
            long bombRejected = 0;
            long requests = 0;
            long t0 = System.nanoTime();
            for (int start = 0; start < values; start += batch) {
                String[] bomb = new String[Math.min(batch, values - start)];
                for (int i = 0; i < bomb.length; i++) {
                    bomb[i] = "bomb-" + (start + i);
                }
                long rejected = export(stub, gauge(metric, bomb));
                bombRejected += rejected;
                bombAccepted += bomb.length - rejected;
                existingRejected += export(stub, gauge(metric, known));
                requests += 2;
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            String scrape = get(http, "http://127.0.0.1:" + apiPort + "/q/metrics");
            Matcher m = ACTIVE_SERIES.matcher(scrape);
            long activeSeries = m.find() ? (long) Double.parseDouble(m.group(1)) : -1;
            String match = URLEncoder.encode("user=\"known-0\"", StandardCharsets.UTF_8);
            String seriesUrl = "http://127.0.0.1:" + apiPort + "/api/metrics/series?name=" + metric + "&match=" + match;
            long expectedPoints = requests / 2 + 1;
            String series = get(http, seriesUrl);
            int points = count(series, "\"timeUnixNano\"");
            // Indexing trails the ack by a little: wait for the last points (at most 20 s).
            for (int wait = 0; wait < 200 && points < expectedPoints; wait++) {
                Thread.sleep(100);
                series = get(http, seriesUrl);
                points = count(series, "\"timeUnixNano\"");
            }
            boolean queryable = series.contains("known-0") && points >= 2;
            System.out.printf(Locale.ROOT, "cardinality bomb: %,d distinct values of one label on '%s' in %,d requests "
                            + "over %.1f s; bomb points accepted %,d, rejected %,d; existing series (%d) rejected points: "
                            + "%,d; series known-0 queryable: %s with %,d of %,d points; active series gauge: %,d%n", values,
                    metric, requests, seconds, bombAccepted, bombRejected, existing, existingRejected, queryable, points,
                    expectedPoints, activeSeries);
            System.out.printf(Locale.ROOT, "RESULT label=cardinality-bomb values=%d bomb_accepted=%d bomb_rejected=%d "
                            + "existing_rejected=%d existing_queryable=%s existing_points=%d active_series=%d seconds=%.1f%n",
                    values, bombAccepted, bombRejected, existingRejected, queryable, points, activeSeries, seconds);
        } finally {
            channel.shutdownNow();
        }
    }

    /** Exports, retrying refusals as an SDK would (at most 50 times); returns the points rejected. */
    private static long export(MetricsServiceGrpc.MetricsServiceBlockingStub stub, ExportMetricsServiceRequest request)
            throws InterruptedException {
        for (int attempt = 0; ; attempt++) {
            try {
                ExportMetricsServiceResponse response = stub.withDeadlineAfter(30, TimeUnit.SECONDS).export(request);
                return response.getPartialSuccess().getRejectedDataPoints();
            } catch (StatusRuntimeException e) {
                if (e.getStatus().getCode() != Status.Code.UNAVAILABLE || attempt >= 50) {
                    throw e;
                }
                Thread.sleep(200);
            }
        }
    }

    private static ExportMetricsServiceRequest gauge(String metric, String[] users) {
        long now = System.currentTimeMillis() * 1_000_000L;
        Gauge.Builder gauge = Gauge.newBuilder();
        for (String user : users) {
            gauge.addDataPoints(NumberDataPoint.newBuilder().setTimeUnixNano(now).setAsInt(1)
                    .addAttributes(KeyValue.newBuilder().setKey("user")
                            .setValue(AnyValue.newBuilder().setStringValue(user))));
        }
        return ExportMetricsServiceRequest.newBuilder().addResourceMetrics(ResourceMetrics.newBuilder()
                .setResource(Resource.newBuilder().addAttributes(KeyValue.newBuilder().setKey("service.name")
                        .setValue(AnyValue.newBuilder().setStringValue("bomb"))))
                .addScopeMetrics(ScopeMetrics.newBuilder().addMetrics(Metric.newBuilder().setName(metric)
                        .setGauge(gauge)))).build();
    }

    private static String get(HttpClient http, String url) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                .build(), HttpResponse.BodyHandlers.ofString());
        return r.statusCode() + " " + r.body();
    }

    private static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) {
            n++;
        }
        return n;
    }
}
