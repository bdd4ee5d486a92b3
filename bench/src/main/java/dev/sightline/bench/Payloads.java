package dev.sightline.bench;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.logs.v1.SeverityNumber;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Histogram;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.Sum;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Realistic OTLP export requests, as an instrumented service mesh would send them: a few services, several spans
 * per trace with about ten attributes each, logs with bodies, attributes and trace context, and gauge, sum and
 * histogram points across label sets. Deterministic for a seed.
 */
final class Payloads {

    /** The three OTLP signals, by the names the command line uses. */
    enum Signal {
        TRACES, LOGS, METRICS;

        static Signal parse(String s) {
            return valueOf(s.toUpperCase(Locale.ROOT));
        }

        String lower() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private static final String[] SERVICES = {"frontend", "checkout", "cart", "payment", "inventory", "shipping"};
    private static final String[] ROUTES = {"/api/cart", "/api/cart/items/{id}", "/api/checkout", "/api/products",
            "/api/products/{id}", "/api/orders/{id}", "/api/shipping/quote", "/healthz"};
    private static final String[] METHODS = {"GET", "GET", "GET", "POST", "PUT", "DELETE"};
    private static final String[] DB_STATEMENTS = {"SELECT * FROM cart_items WHERE cart_id = ?",
            "UPDATE inventory SET reserved = reserved + ? WHERE sku = ?", "INSERT INTO orders VALUES (?, ?, ?, ?)",
            "SELECT price, currency FROM products WHERE id = ?"};
    private static final String[] LOG_TEMPLATES = {
            "Received request %s %s from %s",
            "Cart %d updated: %d items, total %d.%02d EUR",
            "Payment authorised for order %d after %d ms (provider=stripe, attempt=%d)",
            "Inventory reservation failed for sku %s: only %d left in warehouse %s",
            "Slow query (%d ms) on table %s; consider an index on %s",
            "Shipping quote computed for %s in %d ms, carrier=%s"};
    private static final String[] WORDS = {"alpha", "berlin", "dhl", "ups", "eu-west-1", "products", "orders",
            "customer_id", "sku-4711", "warehouse-3", "10.0.3.17", "Mozilla/5.0 (X11; Linux x86_64)"};

    private Payloads() {
    }

    /** {@code count} distinct requests of {@code items} items each. */
    static List<PayloadTemplate> templates(Signal signal, int count, int items, long seed) {
        List<PayloadTemplate> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(template(signal, items, new Random(seed + i)));
        }
        return out;
    }

    static PayloadTemplate template(Signal signal, int items, Random rnd) {
        Ids ids = new Ids(rnd);
        long now = System.currentTimeMillis() * 1_000_000L;
        byte[] bytes = switch (signal) {
            case TRACES -> traces(items, rnd, ids, now).toByteArray();
            case LOGS -> logs(items, rnd, ids, now).toByteArray();
            case METRICS -> metrics(items, rnd, ids, now).toByteArray();
        };
        return PayloadTemplate.scan(bytes, items, ids.prefixes, ids.times, now);
    }

    // ------------------------------------------------------------------------------------------------ traces

    /** {@code items} spans in traces of 8 spans that cross the services; one resource per service. */
    static ExportTraceServiceRequest traces(int items, Random rnd, Ids ids, long now) {
        Map<Integer, List<Span>> byService = new HashMap<>();
        int spansPerTrace = 8;
        for (int made = 0; made < items; ) {
            ByteString traceId = ids.traceId();
            long traceStart = ids.time(now - 5_000_000_000L + rnd.nextInt(1_000_000_000));
            ByteString root = null;
            ByteString parent = null;
            int inTrace = Math.min(spansPerTrace, items - made);
            for (int s = 0; s < inTrace; s++, made++) {
                int service = s == 0 ? 0 : 1 + rnd.nextInt(SERVICES.length - 1);
                ByteString spanId = ids.spanId();
                long start = ids.time(traceStart + s * 1_500_000L + rnd.nextInt(500_000));
                long end = ids.time(start + 200_000L + rnd.nextInt(50_000_000));
                String method = METHODS[rnd.nextInt(METHODS.length)];
                String route = ROUTES[rnd.nextInt(ROUTES.length)];
                boolean db = s > 0 && rnd.nextInt(3) == 0;
                int status = rnd.nextInt(50) == 0 ? 500 : 200;
                Span.Builder span = Span.newBuilder()
                        .setTraceId(traceId)
                        .setSpanId(spanId)
                        .setName(db ? "SELECT shop." + WORDS[5 + rnd.nextInt(2)] : method + " " + route)
                        .setKind(s == 0 ? Span.SpanKind.SPAN_KIND_SERVER
                                : db ? Span.SpanKind.SPAN_KIND_CLIENT : Span.SpanKind.SPAN_KIND_INTERNAL)
                        .setStartTimeUnixNano(start)
                        .setEndTimeUnixNano(end)
                        .setFlags(0x101)
                        .setStatus(status == 500
                                ? Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR)
                                .setMessage("upstream returned 500").build()
                                : Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_UNSET).build());
                if (parent != null) {
                    span.setParentSpanId(rnd.nextInt(4) == 0 ? root : parent);
                }
                span.addAttributes(str("http.request.method", method))
                        .addAttributes(str("url.path", route.replace("{id}", Integer.toString(rnd.nextInt(100_000)))))
                        .addAttributes(str("http.route", route))
                        .addAttributes(integer("http.response.status_code", status))
                        .addAttributes(str("server.address", SERVICES[service] + ".shop.svc.cluster.local"))
                        .addAttributes(integer("server.port", 8080))
                        .addAttributes(str("network.peer.address", "10.0." + rnd.nextInt(16) + "." + rnd.nextInt(255)))
                        .addAttributes(str("user_agent.original", WORDS[11]))
                        .addAttributes(integer("thread.id", 20 + rnd.nextInt(200)))
                        .addAttributes(db ? str("db.query.text", DB_STATEMENTS[rnd.nextInt(DB_STATEMENTS.length)])
                                : bool("session.authenticated", rnd.nextBoolean()));
                if (status == 500) {
                    span.addEvents(Span.Event.newBuilder().setName("exception")
                            .setTimeUnixNano(ids.time(end - 100_000))
                            .addAttributes(str("exception.type", "java.net.SocketTimeoutException"))
                            .addAttributes(str("exception.message", "Read timed out after 30000 ms")));
                }
                byService.computeIfAbsent(service, k -> new ArrayList<>()).add(span.build());
                if (root == null) {
                    root = spanId;
                }
                parent = spanId;
            }
        }
        ExportTraceServiceRequest.Builder request = ExportTraceServiceRequest.newBuilder();
        byService.forEach((service, spans) -> request.addResourceSpans(ResourceSpans.newBuilder()
                .setResource(resource(service))
                .addScopeSpans(ScopeSpans.newBuilder().setScope(scope("io.opentelemetry.spring-webmvc-6.0"))
                        .addAllSpans(spans))
                .setSchemaUrl("https://opentelemetry.io/schemas/1.24.0")));
        return request.build();
    }

    // -------------------------------------------------------------------------------------------------- logs

    /** {@code items} log records with text bodies and attributes, most of them inside a trace. */
    static ExportLogsServiceRequest logs(int items, Random rnd, Ids ids, long now) {
        Map<Integer, List<LogRecord>> byService = new HashMap<>();
        ByteString traceId = ids.traceId();
        for (int i = 0; i < items; i++) {
            if (i % 4 == 0) {
                traceId = ids.traceId();
            }
            int service = rnd.nextInt(SERVICES.length);
            long t = ids.time(now - 5_000_000_000L + rnd.nextInt(1_000_000_000));
            int level = rnd.nextInt(20);
            SeverityNumber severity = level == 0 ? SeverityNumber.SEVERITY_NUMBER_ERROR
                    : level < 3 ? SeverityNumber.SEVERITY_NUMBER_WARN
                    : level < 8 ? SeverityNumber.SEVERITY_NUMBER_DEBUG : SeverityNumber.SEVERITY_NUMBER_INFO;
            LogRecord.Builder log = LogRecord.newBuilder()
                    .setTimeUnixNano(t)
                    .setObservedTimeUnixNano(ids.time(t + 1_000_000 + rnd.nextInt(10_000_000)))
                    .setSeverityNumber(severity)
                    .setSeverityText(severity.name().substring("SEVERITY_NUMBER_".length()))
                    .setBody(AnyValue.newBuilder().setStringValue(logBody(rnd)))
                    .addAttributes(str("code.function.name", "dev.shop." + SERVICES[service] + ".Handler.handle"))
                    .addAttributes(str("thread.name", "http-nio-8080-exec-" + rnd.nextInt(200)))
                    .addAttributes(integer("code.line.number", 20 + rnd.nextInt(400)))
                    .addAttributes(str("logger.name", "dev.shop." + SERVICES[service]))
                    .addAttributes(str("customer.tier", rnd.nextBoolean() ? "gold" : "standard"));
            if (rnd.nextInt(10) != 0) {
                log.setTraceId(traceId).setSpanId(ids.spanId()).setFlags(1);
            }
            byService.computeIfAbsent(service, k -> new ArrayList<>()).add(log.build());
        }
        ExportLogsServiceRequest.Builder request = ExportLogsServiceRequest.newBuilder();
        byService.forEach((service, logs) -> request.addResourceLogs(ResourceLogs.newBuilder()
                .setResource(resource(service))
                .addScopeLogs(ScopeLogs.newBuilder().setScope(scope("io.opentelemetry.logback-appender-1.0"))
                        .addAllLogRecords(logs))));
        return request.build();
    }

    private static String logBody(Random rnd) {
        int k = rnd.nextInt(LOG_TEMPLATES.length);
        String w1 = WORDS[rnd.nextInt(WORDS.length)];
        String w2 = WORDS[rnd.nextInt(WORDS.length)];
        return switch (k) {
            case 0 -> String.format(Locale.ROOT, LOG_TEMPLATES[0], METHODS[rnd.nextInt(METHODS.length)],
                    ROUTES[rnd.nextInt(ROUTES.length)], "10.0.3." + rnd.nextInt(255));
            case 1 -> String.format(Locale.ROOT, LOG_TEMPLATES[1], rnd.nextInt(1_000_000), 1 + rnd.nextInt(9),
                    rnd.nextInt(500), rnd.nextInt(100));
            case 2 -> String.format(Locale.ROOT, LOG_TEMPLATES[2], rnd.nextInt(10_000_000), rnd.nextInt(900),
                    1 + rnd.nextInt(3));
            case 3 -> String.format(Locale.ROOT, LOG_TEMPLATES[3], w1, rnd.nextInt(5), w2);
            case 4 -> String.format(Locale.ROOT, LOG_TEMPLATES[4], rnd.nextInt(3000), w1, w2);
            default -> String.format(Locale.ROOT, LOG_TEMPLATES[5], w1, rnd.nextInt(200), w2);
        };
    }

    // ----------------------------------------------------------------------------------------------- metrics

    /**
     * About {@code items} data points: per service, gauges, monotonic sums and explicit-bucket histograms, each
     * over a set of label combinations (series).
     */
    static ExportMetricsServiceRequest metrics(int items, Random rnd, Ids ids, long now) {
        int services = 4;
        int metricsPerService = 8;
        int seriesPerMetric = Math.max(1, items / (services * metricsPerService));
        int made = 0;
        long start = ids.time(now - 3_600_000_000_000L);
        ExportMetricsServiceRequest.Builder request = ExportMetricsServiceRequest.newBuilder();
        for (int svc = 0; svc < services && made < items; svc++) {
            long t = ids.time(now - rnd.nextInt(1_000_000_000));
            ScopeMetrics.Builder scope = ScopeMetrics.newBuilder().setScope(scope("io.opentelemetry.runtime-telemetry"));
            for (int m = 0; m < metricsPerService && made < items; m++) {
                int remaining = svc == services - 1 && m == metricsPerService - 1 ? items - made : seriesPerMetric;
                int n = Math.min(remaining, items - made);
                Metric.Builder metric = Metric.newBuilder();
                switch (m % 4) {
                    case 0 -> { // histogram
                        Histogram.Builder h = Histogram.newBuilder()
                                .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE);
                        for (int i = 0; i < n; i++) {
                            h.addDataPoints(histogramPoint(rnd, start, t, i));
                        }
                        metric.setName(m == 0 ? "http.server.request.duration" : "db.client.operation.duration")
                                .setUnit("s").setDescription("Duration of requests").setHistogram(h);
                    }
                    case 1 -> { // monotonic sum
                        Sum.Builder s = Sum.newBuilder().setIsMonotonic(true)
                                .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE);
                        for (int i = 0; i < n; i++) {
                            s.addDataPoints(NumberDataPoint.newBuilder().setStartTimeUnixNano(start).setTimeUnixNano(t)
                                    .setAsInt(rnd.nextInt(1_000_000)).addAllAttributes(seriesLabels(i)));
                        }
                        metric.setName(m == 1 ? "http.server.requests" : "jvm.gc.collections")
                                .setUnit("{request}").setSum(s);
                    }
                    default -> { // gauge
                        Gauge.Builder g = Gauge.newBuilder();
                        for (int i = 0; i < n; i++) {
                            g.addDataPoints(NumberDataPoint.newBuilder().setTimeUnixNano(t)
                                    .setAsDouble(rnd.nextDouble() * 1e9).addAllAttributes(seriesLabels(i)));
                        }
                        metric.setName(m == 2 ? "jvm.memory.used" : m == 3 ? "process.cpu.utilization"
                                : m == 6 ? "jvm.thread.count" : "system.memory.usage").setUnit("By").setGauge(g);
                    }
                }
                scope.addMetrics(metric);
                made += n;
            }
            request.addResourceMetrics(ResourceMetrics.newBuilder().setResource(resource(svc)).addScopeMetrics(scope));
        }
        return request.build();
    }

    private static HistogramDataPoint histogramPoint(Random rnd, long start, long t, int series) {
        double[] bounds = {0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10};
        HistogramDataPoint.Builder p = HistogramDataPoint.newBuilder().setStartTimeUnixNano(start).setTimeUnixNano(t)
                .addAllAttributes(seriesLabels(series));
        long count = 0;
        for (double b : bounds) {
            p.addExplicitBounds(b);
        }
        for (int i = 0; i <= bounds.length; i++) {
            long c = rnd.nextInt(1000);
            p.addBucketCounts(c);
            count += c;
        }
        return p.setCount(count).setSum(count * 0.042).setMin(0.001).setMax(9.5).build();
    }

    private static List<KeyValue> seriesLabels(int series) {
        return List.of(str("http.request.method", METHODS[series % METHODS.length]),
                str("http.route", ROUTES[(series / METHODS.length) % ROUTES.length]),
                integer("http.response.status_code", series % 7 == 0 ? 500 : 200),
                str("instance", "pod-" + (series / (METHODS.length * ROUTES.length))));
    }

    // ---------------------------------------------------------------------------------------------- helpers

    private static Resource resource(int service) {
        return Resource.newBuilder()
                .addAttributes(str("service.name", SERVICES[service]))
                .addAttributes(str("service.namespace", "shop"))
                .addAttributes(str("service.version", "1.4." + service))
                .addAttributes(str("service.instance.id", "b1e5c0de-" + service + "0f3-4a6b-9c1d-2e8f7a6b5c4d"))
                .addAttributes(str("host.name", "node-" + service))
                .addAttributes(str("deployment.environment.name", "production"))
                .addAttributes(str("telemetry.sdk.language", "java"))
                .addAttributes(str("telemetry.sdk.name", "opentelemetry"))
                .addAttributes(str("telemetry.sdk.version", "1.68.0"))
                .build();
    }

    private static InstrumentationScope scope(String name) {
        return InstrumentationScope.newBuilder().setName(name).setVersion("2.10.0").build();
    }

    private static KeyValue str(String key, String value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
    }

    private static KeyValue integer(String key, long value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setIntValue(value)).build();
    }

    private static KeyValue bool(String key, boolean value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setBoolValue(value)).build();
    }

    /** Makes random IDs and remembers them, and the timestamps, for {@link PayloadTemplate#scan}. */
    static final class Ids {
        final Map<Long, Integer> prefixes = new HashMap<>();
        final Set<Long> times = new HashSet<>();
        private final Random rnd;

        Ids(Random rnd) {
            this.rnd = rnd;
        }

        ByteString traceId() {
            return id(16);
        }

        ByteString spanId() {
            return id(8);
        }

        long time(long epochNanos) {
            times.add(epochNanos);
            return epochNanos;
        }

        private ByteString id(int length) {
            byte[] b = new byte[length];
            long prefix;
            do {
                rnd.nextBytes(b);
                prefix = ByteBuffer.wrap(b, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
            } while (prefix == 0 || prefixes.containsKey(prefix));
            prefixes.put(prefix, length);
            return ByteString.copyFrom(b);
        }
    }
}
