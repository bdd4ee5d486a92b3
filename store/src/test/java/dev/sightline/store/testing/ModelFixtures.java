package dev.sightline.store.testing;

import dev.sightline.store.model.AggregationTemporality;
import dev.sightline.store.model.AnyValue;
import dev.sightline.store.model.Attribute;
import dev.sightline.store.model.Exemplar;
import dev.sightline.store.model.InstrumentationScope;
import dev.sightline.store.model.LogBatch;
import dev.sightline.store.model.LogRecord;
import dev.sightline.store.model.Metric;
import dev.sightline.store.model.MetricBatch;
import dev.sightline.store.model.MetricData;
import dev.sightline.store.model.NumberValue;
import dev.sightline.store.model.Resource;
import dev.sightline.store.model.ResourceGroup;
import dev.sightline.store.model.ScopeGroup;
import dev.sightline.store.model.Span;
import dev.sightline.store.model.SpanBatch;
import dev.sightline.store.model.SpanEvent;
import dev.sightline.store.model.SpanId;
import dev.sightline.store.model.SpanKind;
import dev.sightline.store.model.SpanLink;
import dev.sightline.store.model.SpanStatus;
import dev.sightline.store.model.TraceId;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Realistic, fully populated model batches for tests, from a seeded {@link Random}: the same seed gives the same
 * batch. Every model field is set, optional fields are sometimes absent, and attribute values cover every
 * {@link AnyValue} kind with edge values (empty, NaN, -0.0, infinities, {@code Long.MIN_VALUE}/{@code MAX_VALUE},
 * supplementary characters, nested arrays and key-value lists, bytes). Timestamps stay near
 * {@link #BASE_EPOCH_NANOS} and IDs are valid, so the batches can be stored and queried as well as encoded.
 */
public final class ModelFixtures {

    /** 2026-01-01T00:00:00Z: random batches are timed within an hour after it. */
    public static final long BASE_EPOCH_NANOS = 1_767_225_600_000_000_000L;

    private static final long MILLI = 1_000_000L;
    private static final long HOUR = 3_600_000 * MILLI;

    private static final String[] SERVICES = {"frontend", "checkout", "payments", "cart", "inventory", "ledger"};
    private static final String[] INTERNAL_OPERATIONS = {"SELECT orders", "INSERT ledger_entries", "render",
            "redis GET", "publish orders.created", "validate"};
    private static final String[] ROUTES = {"/api/orders/{id}", "/api/checkout", "/api/cart", "/api/cart/items"};
    private static final String[] METHODS = {"GET", "POST", "PUT", "DELETE"};
    private static final String[] SCOPES = {"io.opentelemetry.jdbc", "io.opentelemetry.netty-4.1",
            "io.opentelemetry.grpc-1.6", "dev.sightline.app"};
    private static final String[] EDGE_STRINGS = {"", " ", "ünïcödé", "日本語のテキスト", "𝄞 music 𝄞",
            "emoji 😀👍🏽🇩🇪", "tab\tnew line\ncarriage\r", "nul \u0000 inside", "quote \" backslash \\",
            "\uFFFF\uFFFE max BMP", "x".repeat(300), "ü😀".repeat(1500)};
    private static final long[] EDGE_LONGS = {0, 1, -1, Long.MIN_VALUE, Long.MAX_VALUE, Integer.MIN_VALUE,
            Integer.MAX_VALUE, 1L << 32};
    private static final double[] EDGE_DOUBLES = {0.0, -0.0, Double.NaN, Double.longBitsToDouble(0x7ff8000000000001L),
            Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.MIN_VALUE, Double.MAX_VALUE, -1.5e-300};
    private static final String[] SEVERITY_TEXTS = {"TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL"};

    private ModelFixtures() {
    }

    // ---- spans ----

    /**
     * {@code resources} services, each with one or two scopes and {@code spansPerResource} spans forming traces
     * of one to eight spans (a root, sometimes with a remote parent, and children of earlier spans).
     */
    public static SpanBatch spans(Random rnd, int resources, int spansPerResource) {
        List<ResourceGroup<Span>> groups = new ArrayList<>(resources);
        for (int r = 0; r < resources; r++) {
            List<Span> spans = new ArrayList<>(spansPerResource);
            while (spans.size() < spansPerResource) {
                addTrace(rnd, spans, Math.min(1 + rnd.nextInt(8), spansPerResource - spans.size()));
            }
            groups.add(new ResourceGroup<>(resource(rnd, SERVICES[(r + rnd.nextInt(2)) % SERVICES.length]),
                    splitIntoScopes(rnd, spans)));
        }
        return new SpanBatch(groups);
    }

    /**
     * One trace of {@code n} spans from one service: a SERVER root starting at {@code startNanos}, then children
     * of the root one millisecond apart. Span IDs are derived from the trace ID, so the result is deterministic.
     */
    public static SpanBatch spansOfTrace(TraceId id, String service, int n, long startNanos) {
        List<Span> spans = new ArrayList<>(n);
        SpanId root = null;
        for (int i = 0; i < n; i++) {
            SpanId spanId = new SpanId(nonZero(mix(id.high() ^ mix(id.low() + i))));
            boolean isRoot = i == 0;
            long start = startNanos + i * MILLI;
            long end = isRoot ? startNanos + (n + 1L) * MILLI : start + MILLI / 2;
            List<Attribute> attributes = isRoot
                    ? List.of(Attribute.of("http.request.method", "GET"),
                            Attribute.of("http.route", "/api/orders/{id}"),
                            new Attribute("http.response.status_code", AnyValue.of(200L)))
                    : List.of(Attribute.of("db.system", "postgresql"));
            spans.add(new Span(id, spanId, "", root, 1, isRoot ? "GET /api/orders/{id}" : "SELECT orders",
                    isRoot ? SpanKind.SERVER : SpanKind.CLIENT, start, end, attributes, 0, List.of(), 0, List.of(), 0,
                    SpanStatus.UNSET));
            if (isRoot) {
                root = spanId;
            }
        }
        InstrumentationScope scope = new InstrumentationScope("dev.sightline.fixtures", "1.0", List.of(), 0, "");
        return new SpanBatch(List.of(new ResourceGroup<>(resource(service), List.of(new ScopeGroup<>(scope, spans)))));
    }

    /**
     * One span of the given shape, without events or links; status ERROR when {@code error}, else UNSET.
     * {@code parentSpanId} 0 means a root span.
     */
    public static Span span(TraceId traceId, long spanId, long parentSpanId, SpanKind kind, String name,
                            long startNanos, long durationNanos, boolean error, List<Attribute> attributes) {
        return new Span(traceId, new SpanId(spanId), "", parentSpanId == 0 ? null : new SpanId(parentSpanId), 1,
                name, kind, startNanos, startNanos + durationNanos, attributes, 0, List.of(), 0, List.of(), 0,
                error ? new SpanStatus(SpanStatus.Code.ERROR, "failed") : SpanStatus.UNSET);
    }

    /** The spans as one batch of one service and one scope. */
    public static SpanBatch spanBatch(String service, List<Span> spans) {
        InstrumentationScope scope = new InstrumentationScope("dev.sightline.fixtures", "1.0", List.of(), 0, "");
        return new SpanBatch(List.of(new ResourceGroup<>(resource(service), List.of(new ScopeGroup<>(scope, spans)))));
    }

    private static void addTrace(Random rnd, List<Span> out, int n) {
        TraceId traceId = traceId(rnd);
        long traceStart = BASE_EPOCH_NANOS + (long) (rnd.nextDouble() * HOUR);
        List<Span> trace = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Span parent = i == 0 ? null : trace.get(rnd.nextInt(i));
            SpanId parentId = parent != null ? parent.spanId() : rnd.nextInt(4) == 0 ? spanId(rnd) : null;
            long start;
            long end;
            if (parent == null) {
                start = traceStart;
                end = start + 1_000 + (long) (rnd.nextDouble() * 250 * MILLI);
            } else { // children run inside their parent
                long room = parent.durationNanos();
                start = parent.startEpochNanos() + (long) (rnd.nextDouble() * room / 2);
                end = start + (long) (rnd.nextDouble() * (parent.endEpochNanos() - start));
            }
            SpanKind kind = i == 0 ? SpanKind.SERVER : SpanKind.values()[rnd.nextInt(SpanKind.values().length)];
            List<Attribute> attributes = new ArrayList<>(12);
            String name;
            SpanStatus status;
            if (kind == SpanKind.SERVER || kind == SpanKind.CLIENT) {
                String method = pick(rnd, METHODS);
                String route = pick(rnd, ROUTES);
                long code = pickInt(rnd, 200, 200, 200, 201, 404, 500, 503);
                name = kind == SpanKind.SERVER ? method + " " + route : method;
                attributes.add(Attribute.of("http.request.method", method));
                attributes.add(Attribute.of(kind == SpanKind.SERVER ? "http.route" : "url.template", route));
                attributes.add(new Attribute("http.response.status_code", AnyValue.of(code)));
                attributes.add(Attribute.of("server.address", "api.example.com"));
                attributes.add(new Attribute("server.port", AnyValue.of(443L)));
                attributes.add(Attribute.of("url.scheme", "https"));
                status = code >= 500 ? new SpanStatus(SpanStatus.Code.ERROR, "")
                        : rnd.nextInt(6) == 0 ? new SpanStatus(SpanStatus.Code.OK, "") : SpanStatus.UNSET;
            } else {
                name = pick(rnd, INTERNAL_OPERATIONS);
                attributes.add(Attribute.of("db.system", "postgresql"));
                attributes.add(Attribute.of("db.query.text", "SELECT * FROM orders WHERE id = ?"));
                attributes.add(new Attribute("db.response.returned_rows", AnyValue.of((long) rnd.nextInt(100))));
                status = rnd.nextInt(8) == 0
                        ? new SpanStatus(SpanStatus.Code.ERROR, pick(rnd, "connection refused", "", "timeout 😱"))
                        : SpanStatus.UNSET;
            }
            attributes.add(Attribute.of("request_id", hex(rnd.nextLong()) + hex(rnd.nextLong())));
            attributes.add(new Attribute("thread.id", AnyValue.of((long) rnd.nextInt(200))));
            attributes.add(new Attribute("sampled", AnyValue.of(rnd.nextBoolean())));
            addEdgeAttributes(rnd, attributes);
            String traceState = rnd.nextInt(5) == 0 ? "rojo=00f067aa0ba902b7,congo=t61rcWkgMzE" : "";
            trace.add(new Span(traceId, spanId(rnd), traceState, parentId, rnd.nextBoolean() ? 1 : 0x301, name, kind,
                    start, end, attributes, rnd.nextInt(6) == 0 ? rnd.nextInt(50) : 0, events(rnd, start, end),
                    rnd.nextInt(8) == 0 ? 1 + rnd.nextInt(3) : 0, links(rnd), rnd.nextInt(10) == 0 ? 1 : 0, status));
        }
        out.addAll(trace);
    }

    private static List<SpanEvent> events(Random rnd, long start, long end) {
        int n = rnd.nextInt(4) == 0 ? 1 + rnd.nextInt(3) : 0;
        List<SpanEvent> events = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            long time = start + (long) (rnd.nextDouble() * (end - start));
            if (rnd.nextBoolean()) {
                events.add(new SpanEvent(time, "exception", List.of(
                        Attribute.of("exception.type", "java.lang.IllegalStateException"),
                        Attribute.of("exception.message", pick(rnd, EDGE_STRINGS)),
                        Attribute.of("exception.stacktrace", "java.lang.IllegalStateException\n\tat A.b(A.java:1)")),
                        rnd.nextInt(3)));
            } else {
                List<Attribute> attributes = new ArrayList<>();
                addEdgeAttributes(rnd, attributes);
                events.add(new SpanEvent(time, pick(rnd, "cache miss", "retry", ""), attributes, 0));
            }
        }
        return events;
    }

    private static List<SpanLink> links(Random rnd) {
        int n = rnd.nextInt(6) == 0 ? 1 + rnd.nextInt(2) : 0;
        List<SpanLink> links = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            links.add(new SpanLink(traceId(rnd), spanId(rnd), rnd.nextBoolean() ? "" : "vendor=value",
                    List.of(Attribute.of("messaging.operation.type", "receive")), rnd.nextInt(2),
                    rnd.nextBoolean() ? 1 : 0x100));
        }
        return links;
    }

    // ---- logs ----

    /** {@code n} log records over one to three services, some inside a trace, with every kind of body. */
    public static LogBatch logs(Random rnd, int n) {
        List<LogRecord> records = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            records.add(randomLog(rnd));
        }
        return new LogBatch(splitIntoResources(rnd, records));
    }

    /** An INFO record with a string body (null body when {@code body} is null); trace and span ID may be null. */
    public static LogRecord log(TraceId traceId, SpanId spanId, String body, long timeNanos) {
        return new LogRecord(timeNanos, timeNanos, 9, "INFO", body == null ? null : AnyValue.of(body), List.of(), 0,
                traceId == null ? 0 : 1, traceId, spanId, "");
    }

    private static LogRecord randomLog(Random rnd) {
        long observed = BASE_EPOCH_NANOS + (long) (rnd.nextDouble() * HOUR);
        long time = rnd.nextInt(5) == 0 ? 0 : observed - rnd.nextInt(1_000_000);
        int severity = rnd.nextInt(25);
        String text = severity == 0 ? "" : SEVERITY_TEXTS[(severity - 1) / 4];
        AnyValue body = switch (rnd.nextInt(6)) {
            case 0 -> null;
            case 1 -> AnyValue.Empty.INSTANCE;
            case 2 -> new AnyValue.KeyValueList(List.of(Attribute.of("event", "order.created"),
                    new Attribute("amount", AnyValue.of(12.5)), new Attribute("details", value(rnd, 1))));
            case 3 -> value(rnd, 0);
            default -> AnyValue.of("Order " + rnd.nextInt(100_000) + " " + pick(rnd, EDGE_STRINGS));
        };
        List<Attribute> attributes = new ArrayList<>();
        attributes.add(Attribute.of("log.logger", "dev.sightline.app.OrderService"));
        attributes.add(Attribute.of("thread.name", "worker-" + rnd.nextInt(16)));
        if (rnd.nextBoolean()) {
            attributes.add(Attribute.of("correlation_id", hex(rnd.nextLong())));
        }
        addEdgeAttributes(rnd, attributes);
        boolean inTrace = rnd.nextInt(3) != 0;
        TraceId traceId = inTrace ? traceId(rnd) : null;
        SpanId spanId = inTrace && rnd.nextInt(4) != 0 ? spanId(rnd) : null;
        return new LogRecord(time, observed, severity, text, body, attributes, rnd.nextInt(8) == 0 ? 3 : 0,
                inTrace ? 1 : 0, traceId, spanId, rnd.nextInt(4) == 0 ? "app.order.created" : "");
    }

    // ---- metrics ----

    /**
     * {@code n} metrics over one to three services; metric {@code i} is of kind {@code i % 6} (gauge, sum,
     * histogram, exponential histogram, summary, no data), so six or more cover every kind.
     */
    public static MetricBatch metrics(Random rnd, int n) {
        List<Metric> metrics = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            metrics.add(metric(rnd, i % 6));
        }
        return new MetricBatch(splitIntoResources(rnd, metrics));
    }

    private static Metric metric(Random rnd, int kind) {
        int pointCount = 1 + rnd.nextInt(4);
        AggregationTemporality temporality = pick(rnd, AggregationTemporality.values());
        long time = BASE_EPOCH_NANOS + (long) (rnd.nextDouble() * HOUR);
        long start = rnd.nextInt(4) == 0 ? 0 : time - 60_000 * MILLI;
        List<Attribute> metadata = rnd.nextInt(4) == 0
                ? List.of(Attribute.of("prometheus.type", "counter")) : List.of();
        return switch (kind) {
            case 0 -> {
                List<MetricData.NumberPoint> points = new ArrayList<>();
                for (int i = 0; i < pointCount; i++) {
                    points.add(numberPoint(rnd, start, time));
                }
                yield new Metric("process.cpu.utilization", "CPU utilization", "1", metadata,
                        new MetricData.Gauge(points));
            }
            case 1 -> {
                List<MetricData.NumberPoint> points = new ArrayList<>();
                for (int i = 0; i < pointCount; i++) {
                    points.add(numberPoint(rnd, start, time));
                }
                yield new Metric("db.client.connections.usage", "", "{connection}", metadata,
                        new MetricData.Sum(points, temporality, rnd.nextBoolean()));
            }
            case 2 -> {
                List<MetricData.HistogramPoint> points = new ArrayList<>();
                for (int i = 0; i < pointCount; i++) {
                    points.add(histogramPoint(rnd, start, time));
                }
                yield new Metric("http.server.request.duration", "Duration of HTTP server requests.", "s", metadata,
                        new MetricData.Histogram(points, temporality));
            }
            case 3 -> {
                List<MetricData.ExponentialHistogramPoint> points = new ArrayList<>();
                for (int i = 0; i < pointCount; i++) {
                    points.add(exponentialPoint(rnd, start, time));
                }
                yield new Metric("rpc.server.duration", "Latency ü😀", "ms", metadata,
                        new MetricData.ExponentialHistogram(points, temporality));
            }
            case 4 -> {
                List<MetricData.SummaryPoint> points = new ArrayList<>();
                for (int i = 0; i < pointCount; i++) {
                    List<MetricData.ValueAtQuantile> quantiles = new ArrayList<>();
                    for (double q : new double[] {0.0, 0.5, 0.9, 0.99, 1.0}) {
                        quantiles.add(new MetricData.ValueAtQuantile(q, rnd.nextDouble() * 100 * (1 + q)));
                    }
                    points.add(new MetricData.SummaryPoint(pointAttributes(rnd), start, time, rnd.nextInt(10_000),
                            rnd.nextInt(10) == 0 ? pick(rnd, EDGE_DOUBLES) : rnd.nextDouble() * 1e6, quantiles,
                            rnd.nextInt(10) == 0 ? 1 : 0));
                }
                yield new Metric("jvm.gc.pause", "GC pauses", "ms", metadata, new MetricData.Summary(points));
            }
            default -> new Metric("queue.depth", "declared, never recorded", "{message}", metadata,
                    new MetricData.Empty());
        };
    }

    private static MetricData.NumberPoint numberPoint(Random rnd, long start, long time) {
        NumberValue value = rnd.nextBoolean()
                ? new NumberValue.OfLong(rnd.nextInt(10) == 0 ? pick(rnd, EDGE_LONGS) : rnd.nextInt(1_000_000))
                : new NumberValue.OfDouble(rnd.nextInt(10) == 0 ? pick(rnd, EDGE_DOUBLES) : rnd.nextDouble());
        return new MetricData.NumberPoint(pointAttributes(rnd), start, time, value, exemplars(rnd, time),
                rnd.nextInt(10) == 0 ? 1 : 0);
    }

    private static MetricData.HistogramPoint histogramPoint(Random rnd, long start, long time) {
        int bounds = rnd.nextInt(12);
        List<Double> explicitBounds = new ArrayList<>(bounds);
        List<Long> bucketCounts = new ArrayList<>(bounds + 1);
        long count = 0;
        for (int b = 0; b <= bounds; b++) {
            if (b < bounds) {
                explicitBounds.add(0.005 * (1 << b));
            }
            long c = rnd.nextInt(4) == 0 ? 0 : rnd.nextInt(1_000);
            bucketCounts.add(c);
            count += c;
        }
        double sum = count * rnd.nextDouble();
        return new MetricData.HistogramPoint(pointAttributes(rnd), start, time, count,
                rnd.nextInt(4) == 0 ? null : sum, bucketCounts, explicitBounds, exemplars(rnd, time),
                rnd.nextInt(10) == 0 ? 1 : 0, rnd.nextInt(3) == 0 ? null : 0.001, rnd.nextInt(3) == 0 ? null : 9.5);
    }

    private static MetricData.ExponentialHistogramPoint exponentialPoint(Random rnd, long start, long time) {
        MetricData.Buckets positive = buckets(rnd);
        MetricData.Buckets negative = rnd.nextInt(3) == 0 ? buckets(rnd) : MetricData.Buckets.EMPTY;
        long zeroCount = rnd.nextInt(5);
        long count = zeroCount + positive.bucketCounts().stream().mapToLong(Long::longValue).sum()
                + negative.bucketCounts().stream().mapToLong(Long::longValue).sum();
        return new MetricData.ExponentialHistogramPoint(pointAttributes(rnd), start, time, count,
                rnd.nextInt(4) == 0 ? null : rnd.nextDouble() * count, rnd.nextInt(31) - 10, zeroCount,
                positive, negative, rnd.nextInt(10) == 0 ? 1 : 0, exemplars(rnd, time),
                rnd.nextInt(3) == 0 ? null : -0.0, rnd.nextInt(3) == 0 ? null : 1e9,
                rnd.nextBoolean() ? 0.0 : 1e-9);
    }

    private static MetricData.Buckets buckets(Random rnd) {
        int n = rnd.nextInt(20);
        List<Long> counts = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            counts.add(rnd.nextInt(8) == 0 ? 1L << 40 : rnd.nextInt(300));
        }
        return new MetricData.Buckets(rnd.nextInt(200) - 100, counts);
    }

    private static List<Exemplar> exemplars(Random rnd, long time) {
        int n = rnd.nextInt(3);
        List<Exemplar> exemplars = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            boolean traced = rnd.nextInt(4) != 0;
            NumberValue value = rnd.nextBoolean() ? new NumberValue.OfLong(rnd.nextInt(1000))
                    : new NumberValue.OfDouble(rnd.nextDouble());
            exemplars.add(new Exemplar(rnd.nextBoolean() ? List.of(Attribute.of("user.id", "u-42")) : List.of(),
                    time - rnd.nextInt(1_000_000), value, traced ? spanId(rnd) : null, traced ? traceId(rnd) : null));
        }
        return exemplars;
    }

    private static List<Attribute> pointAttributes(Random rnd) {
        List<Attribute> a = new ArrayList<>(4);
        a.add(Attribute.of("http.request.method", pick(rnd, METHODS)));
        a.add(Attribute.of("http.route", pick(rnd, ROUTES)));
        if (rnd.nextInt(5) == 0) {
            addEdgeAttributes(rnd, a);
        }
        return a;
    }

    // ---- resources, scopes, IDs and values ----

    /** A resource with the usual SDK attributes and the given {@code service.name}. */
    public static Resource resource(String service) {
        return new Resource(List.of(Attribute.of(Resource.SERVICE_NAME, service),
                Attribute.of("service.version", "1.4.2"), Attribute.of("telemetry.sdk.language", "java"),
                Attribute.of("telemetry.sdk.name", "opentelemetry"), Attribute.of("host.name", "node-7")),
                0, "https://opentelemetry.io/schemas/1.26.0");
    }

    public static TraceId traceId(Random rnd) {
        long high = rnd.nextLong();
        return new TraceId(high, high == 0 ? nonZero(rnd.nextLong()) : rnd.nextLong());
    }

    public static SpanId spanId(Random rnd) {
        return new SpanId(nonZero(rnd.nextLong()));
    }

    /** A random value of any kind; arrays and key-value lists nest while {@code depth} is below 3. */
    public static AnyValue value(Random rnd, int depth) {
        switch (rnd.nextInt(depth < 3 ? 10 : 8)) {
            case 0:
                return AnyValue.of("value-" + rnd.nextInt(1000));
            case 1:
                return AnyValue.of(pick(rnd, EDGE_STRINGS));
            case 2:
                return AnyValue.of(rnd.nextBoolean());
            case 3:
                return AnyValue.of(rnd.nextBoolean() ? pick(rnd, EDGE_LONGS) : rnd.nextLong());
            case 4:
                return AnyValue.of(rnd.nextBoolean() ? pick(rnd, EDGE_DOUBLES) : rnd.nextGaussian() * 1e6);
            case 5: {
                byte[] bytes = new byte[rnd.nextInt(17)];
                rnd.nextBytes(bytes);
                return new AnyValue.BytesValue(bytes);
            }
            case 6:
                return AnyValue.Empty.INSTANCE;
            case 7:
                return AnyValue.of(rnd.nextInt(100) - 50L);
            case 8: {
                int n = rnd.nextInt(5);
                List<AnyValue> values = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    values.add(value(rnd, depth + 1));
                }
                return new AnyValue.ArrayValue(values);
            }
            default: {
                int n = rnd.nextInt(4);
                List<Attribute> values = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    values.add(new Attribute(i == 0 && rnd.nextBoolean() ? "" : "k" + i, value(rnd, depth + 1)));
                }
                return new AnyValue.KeyValueList(values);
            }
        }
    }

    private static void addEdgeAttributes(Random rnd, List<Attribute> attributes) {
        int n = rnd.nextInt(3) == 0 ? 1 + rnd.nextInt(3) : 0;
        for (int i = 0; i < n; i++) {
            attributes.add(new Attribute(rnd.nextInt(8) == 0 ? pick(rnd, EDGE_STRINGS) : "edge." + i,
                    value(rnd, 0)));
        }
        if (n > 0 && rnd.nextInt(4) == 0) {
            attributes.add(attributes.get(0)); // duplicate keys are kept as sent
        }
    }

    private static Resource resource(Random rnd, String service) {
        List<Attribute> attributes = new ArrayList<>(resource(service).attributes());
        attributes.add(Attribute.of("service.instance.id", hex(rnd.nextLong())));
        attributes.add(new Attribute("process.pid", AnyValue.of((long) rnd.nextInt(65_536))));
        attributes.add(new Attribute("process.command_args", new AnyValue.ArrayValue(
                List.of(AnyValue.of("java"), AnyValue.of("-jar"), AnyValue.of("app.jar")))));
        addEdgeAttributes(rnd, attributes);
        return new Resource(attributes, rnd.nextInt(10) == 0 ? 2 : 0,
                rnd.nextBoolean() ? "https://opentelemetry.io/schemas/1.26.0" : "");
    }

    private static InstrumentationScope scope(Random rnd) {
        if (rnd.nextInt(6) == 0) {
            return InstrumentationScope.EMPTY;
        }
        List<Attribute> attributes = rnd.nextBoolean() ? List.of(Attribute.of("scope.kind", "library")) : List.of();
        return new InstrumentationScope(pick(rnd, SCOPES), rnd.nextBoolean() ? "2.10.0-alpha" : "", attributes,
                rnd.nextInt(10) == 0 ? 1 : 0, rnd.nextBoolean() ? "https://opentelemetry.io/schemas/1.24.0" : "");
    }

    /** Splits items, in order, over one or two scopes (the second may be empty). */
    private static <T> List<ScopeGroup<T>> splitIntoScopes(Random rnd, List<T> items) {
        if (items.isEmpty() || rnd.nextBoolean()) {
            return List.of(new ScopeGroup<>(scope(rnd), items));
        }
        int cut = rnd.nextInt(items.size() + 1);
        return List.of(new ScopeGroup<>(scope(rnd), items.subList(0, cut)),
                new ScopeGroup<>(scope(rnd), items.subList(cut, items.size())));
    }

    /** Splits items, in order, over one to three resources, each with one or two scopes. */
    private static <T> List<ResourceGroup<T>> splitIntoResources(Random rnd, List<T> items) {
        int resources = 1 + rnd.nextInt(3);
        List<ResourceGroup<T>> groups = new ArrayList<>(resources);
        int from = 0;
        for (int r = 0; r < resources; r++) {
            int to = r == resources - 1 ? items.size() : from + rnd.nextInt(items.size() - from + 1);
            groups.add(new ResourceGroup<>(resource(rnd, SERVICES[rnd.nextInt(SERVICES.length)]),
                    splitIntoScopes(rnd, items.subList(from, to))));
            from = to;
        }
        return groups;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    private static long nonZero(long v) {
        return v == 0 ? 1 : v;
    }

    private static String hex(long v) {
        return String.format("%016x", v);
    }

    @SafeVarargs
    private static <T> T pick(Random rnd, T... options) {
        return options[rnd.nextInt(options.length)];
    }

    private static int pickInt(Random rnd, int... options) {
        return options[rnd.nextInt(options.length)];
    }

    private static long pick(Random rnd, long[] options) {
        return options[rnd.nextInt(options.length)];
    }

    private static double pick(Random rnd, double[] options) {
        return options[rnd.nextInt(options.length)];
    }
}
