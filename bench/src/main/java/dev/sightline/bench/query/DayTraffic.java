package dev.sightline.bench.query;

import com.google.protobuf.ByteString;
import dev.sightline.bench.query.Topology.Call;
import dev.sightline.bench.query.Topology.Endpoint;
import dev.sightline.bench.query.Topology.Internal;
import dev.sightline.bench.query.Topology.Query;
import dev.sightline.bench.query.Topology.Service;
import dev.sightline.bench.query.Topology.Step;
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
import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import io.opentelemetry.proto.trace.v1.Status;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Makes the shop's telemetry ({@link Topology}) one trace at a time, with the logs its spans write, and every
 * simulated minute the metrics of each service instance; accumulates them into OTLP export requests grouped by
 * resource and scope, as a collector's batch processor would send them. Not thread-safe: one generator thread.
 *
 * <p>A trace is built top-down: a SERVER span's own time (log-normal around the endpoint's median) is split
 * around its steps, which run one after another (or at once, for a fan-out endpoint); a call to another service
 * is a CLIENT span enclosing the callee's SERVER span plus network time. A failure (own error rate, a failed
 * query, a failed callee) makes the span ERROR with an HTTP 5xx and is passed up with some probability.
 * The request-duration histograms of the metrics are made from the SERVER spans themselves, so metrics and
 * traces agree.
 */
final class DayTraffic {
    private static final long MS = 1_000_000L;
    private static final double[] DURATION_BOUNDS = {0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5,
            5, 7.5, 10};
    private static final String[] SCOPE_NAMES = {"io.opentelemetry.tomcat-10.0", "io.opentelemetry.java-http-client",
            "io.opentelemetry.jdbc", "io.opentelemetry.lettuce-5.1", "io.opentelemetry.elasticsearch-rest-7.0",
            "io.opentelemetry.mongo-3.1", "io.opentelemetry.opentelemetry-instrumentation-annotations-1.16"};
    private static final int SCOPE_SERVER = 0;
    private static final int SCOPE_HTTP_CLIENT = 1;
    private static final int SCOPE_INTERNAL = 6;

    private static final int[] STATUSES = {200, 201, 404, 500, 502, 503};

    private final Topology topology;
    private final SplittableRandom rnd;
    private final long dayStartNanos;
    private final Resource[] resources;
    private final int[] resourceBase;
    private final Service[] serviceOfResource;
    private final InstrumentationScope[] scopes = new InstrumentationScope[SCOPE_NAMES.length];
    private final InstrumentationScope logScope = scope("io.opentelemetry.logback-appender-1.0");
    private final InstrumentationScope metricScope = scope("io.opentelemetry.runtime-telemetry-java17");
    private final Map<Endpoint, EndpointAttributes> endpointAttributes = new IdentityHashMap<>();
    private final Map<Query, List<KeyValue>> queryAttributes = new IdentityHashMap<>();
    private final Map<Query, String> queryNames = new IdentityHashMap<>();
    private final KeyValue[] loggers;
    private final KeyValue[] threads = new KeyValue[64];
    private final Map<Integer, KeyValue> statusCodes = new HashMap<>();

    // The requests being filled.
    private final List<Span>[] pendingSpans;
    private final List<LogRecord>[] pendingLogs;
    private int spanCount;
    private int logCount;

    // Per resource, cumulative since the day's start.
    private final List<Map<String, Buckets>> httpDurations = new ArrayList<>();
    private final List<Map<String, Buckets>> dbDurations = new ArrayList<>();
    private final Buckets[] gcDurations;
    private final long[] classesLoaded;
    private final int[] requestsThisMinute;

    // The trace being made.
    private ByteString traceId;
    private String requestId;
    private int traceSpans;
    private int traceLogs;
    private int traceLogsWithContext;
    private boolean traceError;
    private long lastEnd;

    // Totals.
    long spansMade;
    long logsMade;
    long pointsMade;
    long tracesMade;
    long errorTraces;
    long slowTraces;
    private final Map<Endpoint, long[]> serverSpans = new IdentityHashMap<>();

    /** What {@link #trace} made, for the sample of the query phase. */
    record TraceInfo(String traceIdHex, String requestId, long startNanos, long durationNanos, int spans, int logs,
                     int logsWithTraceId, String rootService, String rootOperation, boolean error) {
    }

    @SuppressWarnings("unchecked")
    DayTraffic(Topology topology, long seed, long dayStartNanos) {
        this.topology = topology;
        this.rnd = new SplittableRandom(seed);
        this.dayStartNanos = dayStartNanos;
        int n = 0;
        resourceBase = new int[topology.services.size()];
        for (Service s : topology.services) {
            resourceBase[s.index()] = n;
            n += s.instances();
        }
        resources = new Resource[n];
        serviceOfResource = new Service[n];
        loggers = new KeyValue[topology.services.size()];
        for (Service s : topology.services) {
            loggers[s.index()] = str("logger.name", "com.shop." + s.name().replace("-", "") + ".RequestHandler");
            for (int i = 0; i < s.instances(); i++) {
                resources[resourceBase[s.index()] + i] = resource(s, i);
                serviceOfResource[resourceBase[s.index()] + i] = s;
            }
        }
        for (int i = 0; i < scopes.length; i++) {
            scopes[i] = scope(SCOPE_NAMES[i]);
        }
        for (int i = 0; i < threads.length; i++) {
            threads[i] = str("thread.name", "http-nio-8080-exec-" + (i + 1));
        }
        for (int code : STATUSES) {
            statusCodes.put(code, integer("http.response.status_code", code));
        }
        for (Endpoint e : topology.endpoints) {
            endpointAttributes.put(e, new EndpointAttributes(e));
            for (Step s : e.steps()) {
                if (s instanceof Query q) {
                    queryNames.put(q, q.spanName());
                    queryAttributes.put(q, List.of(str("db.system", q.db().system()),
                            str("db.namespace", q.db().namespace()), str("db.operation.name", q.operation()),
                            str("db.collection.name", q.collection()), str("db.query.text", q.statement()),
                            str("server.address", q.db().host()), integer("server.port", q.db().port())));
                }
            }
        }
        pendingSpans = new List[n * SCOPE_NAMES.length];
        pendingLogs = new List[n];
        gcDurations = new Buckets[n];
        classesLoaded = new long[n];
        requestsThisMinute = new int[n];
        for (int i = 0; i < n; i++) {
            httpDurations.add(new LinkedHashMap<>());
            dbDurations.add(new LinkedHashMap<>());
            gcDurations[i] = new Buckets(List.of(str("jvm.gc.name", "G1 Young Generation"),
                    str("jvm.gc.action", "end of minor GC")), new double[] {0.01, 0.1, 1, 10});
            classesLoaded[i] = 9000 + rnd.nextInt(3000);
        }
    }

    int resourceCount() {
        return resources.length;
    }

    int pendingSpans() {
        return spanCount;
    }

    int pendingLogs() {
        return logCount;
    }

    // ------------------------------------------------------------------------------------------------ traces

    /** Makes one trace starting at {@code startNanos}, entering the shop where the traffic mix says. */
    TraceInfo trace(long startNanos) {
        Endpoint entry = topology.pickEntry(rnd.nextDouble());
        traceId = randomId(16);
        requestId = "req-" + hex(randomId(8));
        traceSpans = 0;
        traceLogs = 0;
        traceLogsWithContext = 0;
        traceError = false;
        server(entry, ByteString.EMPTY, startNanos, true);
        long duration = lastEnd - startNanos;
        tracesMade++;
        if (traceError) {
            errorTraces++;
        }
        if (duration > 500 * MS) {
            slowTraces++;
        }
        return new TraceInfo(hex(traceId), requestId, startNanos, duration, traceSpans, traceLogs, traceLogsWithContext,
                entry.service().name(), entry.spanName(), traceError);
    }

    /** A SERVER span and everything under it; returns the HTTP status, {@link #lastEnd} is its end. */
    private int server(Endpoint ep, ByteString parentSpanId, long start, boolean root) {
        Service svc = ep.service();
        int res = resourceBase[svc.index()] + rnd.nextInt(svc.instances());
        ByteString spanId = randomId(8);
        EndpointAttributes attrs = endpointAttributes.get(ep);
        long self = lognormalNanos(ep.selfMedianMs(), ep.sigma());
        if (rnd.nextInt(400) == 0) {
            self += lognormalNanos(400, 0.6); // a stall: GC, a lock, a cold cache, a retry
        }
        long pre = self / 4;
        long cursor = start + pre;
        long fanOutEnd = cursor;
        int status = 200;
        String failure = null;
        for (Step step : ep.steps()) {
            if (rnd.nextDouble() >= step.probability()) {
                continue;
            }
            if (step instanceof Call c) {
                int callee = client(c.target(), spanId, cursor, res);
                if (ep.parallel()) {
                    fanOutEnd = Math.max(fanOutEnd, lastEnd);
                } else {
                    cursor = lastEnd + gap();
                }
                if (callee >= 500 && status < 500 && rnd.nextInt(10) < 8) {
                    status = 502;
                    failure = "upstream " + c.target().service().name() + " answered " + callee;
                }
            } else if (step instanceof Query q) {
                cursor = Math.max(cursor, fanOutEnd); // a fan-out's other steps wait for its calls
                boolean ok = query(q, spanId, cursor, res);
                cursor = lastEnd + gap();
                if (!ok && status < 500 && rnd.nextInt(10) < 9) {
                    status = 500;
                    failure = q.db().system() + " query failed: " + dbError(q);
                }
            } else if (step instanceof Internal i) {
                cursor = Math.max(cursor, fanOutEnd);
                internal(i, spanId, cursor, res);
                cursor = lastEnd + gap();
            }
        }
        cursor = Math.max(cursor, fanOutEnd);
        if (status < 500 && rnd.nextDouble() < ep.errorRate()) {
            status = rnd.nextInt(3) == 0 ? 503 : 500;
            failure = status == 503 ? "service overloaded: connection pool exhausted"
                    : "java.lang.IllegalStateException: unexpected state for " + ep.route();
        } else if (status == 200 && rnd.nextDouble() < ep.notFoundRate()) {
            status = 404;
        } else if (status == 200 && ep.method().equals("POST")) {
            status = 201;
        }
        long end = cursor + (self - pre);
        Span.Builder span = Span.newBuilder().setTraceId(traceId).setSpanId(spanId).setParentSpanId(parentSpanId)
                .setName(attrs.spanName).setKind(SpanKind.SPAN_KIND_SERVER)
                .setStartTimeUnixNano(start).setEndTimeUnixNano(end).setFlags(0x301)
                .addAllAttributes(attrs.server)
                .addAttributes(str("url.path", attrs.path(rnd)))
                .addAttributes(statusCodes.get(status))
                .addAttributes(str("client.address", "10.12." + rnd.nextInt(64) + "." + rnd.nextInt(256)));
        if (root) {
            span.addAttributes(str("request_id", requestId))
                    .addAttributes(str("user_agent.original", svc.name().equals("mobile-bff")
                            ? "ShopApp/5.2.1 (iOS 18.1)" : "Mozilla/5.0 (X11; Linux x86_64) Firefox/133.0"))
                    .addAttributes(str("enduser.id", "customer-" + rnd.nextInt(200_000)));
        }
        if (status >= 500) {
            traceError = true;
            span.setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR).setMessage(failure))
                    .addEvents(Span.Event.newBuilder().setName("exception").setTimeUnixNano(end - 50_000)
                            .addAttributes(str("exception.type", failure.startsWith("upstream")
                                    ? "org.springframework.web.client.HttpServerErrorException"
                                    : failure.startsWith("service") ? "java.util.concurrent.RejectedExecutionException"
                                    : "java.lang.IllegalStateException"))
                            .addAttributes(str("exception.message", failure)));
        }
        add(res, SCOPE_SERVER, span.build());
        serverSpans.computeIfAbsent(ep, k -> new long[1])[0]++;
        requestsThisMinute[res]++;
        KeyValue statusCode = statusCodes.get(status);
        httpDurations.get(res).computeIfAbsent(attrs.durationSeries[statusIndex(status)], k -> new Buckets(List.of(
                str("http.request.method", ep.method()), str("http.route", ep.route()), statusCode,
                str("url.scheme", "http")), DURATION_BOUNDS)).record((end - start) / 1e9);

        // The service's own log lines: an access line for half the requests, always one for a failure.
        if (status >= 500) {
            log(res, spanId, end - 20_000, SeverityNumber.SEVERITY_NUMBER_ERROR,
                    "Request " + ep.method() + " " + ep.route() + " failed with " + status + ": " + failure, root,
                    true);
        } else if (status == 404 && rnd.nextBoolean()) {
            log(res, spanId, end - 20_000, SeverityNumber.SEVERITY_NUMBER_WARN,
                    "Not found: " + ep.route() + " (id " + rnd.nextInt(1_000_000) + ")", root, true);
        } else if (rnd.nextBoolean()) {
            // Some access lines come from a layer that knows the request ID but has no trace context.
            log(res, spanId, end, SeverityNumber.SEVERITY_NUMBER_INFO, attrs.spanName + " -> " + status + " in "
                    + (end - start) / 100_000 / 10.0 + " ms", root, !root || rnd.nextInt(4) != 0);
        }
        lastEnd = end;
        return status;
    }

    /** A CLIENT span around the call of {@code target}; returns the callee's status. */
    private int client(Endpoint target, ByteString parentSpanId, long start, int res) {
        ByteString spanId = randomId(8);
        int status = server(target, spanId, start + lognormalNanos(0.25, 0.5), false);
        long end = lastEnd + lognormalNanos(0.2, 0.5);
        EndpointAttributes attrs = endpointAttributes.get(target);
        Span.Builder span = Span.newBuilder().setTraceId(traceId).setSpanId(spanId).setParentSpanId(parentSpanId)
                .setName(attrs.spanName).setKind(SpanKind.SPAN_KIND_CLIENT)
                .setStartTimeUnixNano(start).setEndTimeUnixNano(end).setFlags(0x101)
                .addAllAttributes(attrs.client)
                .addAttributes(str("url.full", "http://" + target.service().name() + ":8080" + attrs.path(rnd)))
                .addAttributes(statusCodes.get(status));
        if (status >= 500) {
            span.setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR));
        }
        add(res, SCOPE_HTTP_CLIENT, span.build());
        lastEnd = end;
        return status;
    }

    /** A database CLIENT span; false when the query failed. */
    private boolean query(Query q, ByteString parentSpanId, long start, int res) {
        ByteString spanId = randomId(8);
        long duration = lognormalNanos(q.medianMs(), q.sigma());
        boolean failed = rnd.nextDouble() < q.errorRate();
        if (failed) {
            duration += rnd.nextInt(3) == 0 ? 5_000 * MS : 0; // some failures are timeouts
        }
        long end = start + duration;
        Span.Builder span = Span.newBuilder().setTraceId(traceId).setSpanId(spanId).setParentSpanId(parentSpanId)
                .setName(queryNames.get(q)).setKind(SpanKind.SPAN_KIND_CLIENT)
                .setStartTimeUnixNano(start).setEndTimeUnixNano(end).setFlags(0x101)
                .addAllAttributes(queryAttributes.get(q));
        if (failed) {
            String error = dbError(q);
            span.setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR).setMessage(error))
                    .addAttributes(str("error.type", error.substring(0, error.indexOf(':'))));
            log(res, spanId, end, SeverityNumber.SEVERITY_NUMBER_ERROR, "Query on " + q.collection() + " failed: "
                    + error, false, true);
        } else if (duration > 5 * q.medianMs() * MS) {
            log(res, spanId, end, SeverityNumber.SEVERITY_NUMBER_WARN, String.format(Locale.ROOT,
                    "Slow query (%.1f ms) on %s: %s", duration / 1e6, q.collection(), q.statement()), false, true);
        }
        add(res, scopeOf(q), span.build());
        dbDurations.get(res).computeIfAbsent(queryNames.get(q), k -> new Buckets(List.of(
                str("db.system", q.db().system()), str("db.operation.name", q.operation()),
                str("db.collection.name", q.collection())), DURATION_BOUNDS)).record(duration / 1e9);
        lastEnd = end;
        return !failed;
    }

    private void internal(Internal step, ByteString parentSpanId, long start, int res) {
        ByteString spanId = randomId(8);
        long end = start + lognormalNanos(step.medianMs(), step.sigma());
        add(res, SCOPE_INTERNAL, Span.newBuilder().setTraceId(traceId).setSpanId(spanId)
                .setParentSpanId(parentSpanId).setName(step.name()).setKind(SpanKind.SPAN_KIND_INTERNAL)
                .setStartTimeUnixNano(start).setEndTimeUnixNano(end).setFlags(0x101)
                .addAttributes(str("code.function.name", "com.shop." + step.name().replace(' ', '_')))
                .addAttributes(integer("app.items", 1 + rnd.nextInt(48)))
                .build());
        if (rnd.nextInt(6) == 0) {
            log(res, spanId, end, SeverityNumber.SEVERITY_NUMBER_DEBUG, step.name() + " done in "
                    + (end - start) / 1000 + " us", false, true);
        }
        lastEnd = end;
    }

    private static String dbError(Query q) {
        return switch (q.db().system()) {
            case "postgresql" -> "org.postgresql.util.PSQLException: ERROR: deadlock detected";
            case "redis" -> "io.lettuce.core.RedisCommandTimeoutException: Command timed out after 5 second(s)";
            default -> "java.net.SocketTimeoutException: Read timed out";
        };
    }

    private static int scopeOf(Query q) {
        return switch (q.db().system()) {
            case "redis" -> 3;
            case "elasticsearch" -> 4;
            case "mongodb" -> 5;
            default -> 2;
        };
    }

    /**
     * A log record of the current trace. The root service logs with the request ID in its MDC; without
     * {@code withContext} the record has the request ID only (no trace and span ID).
     */
    private void log(int res, ByteString spanId, long time, SeverityNumber severity, String body, boolean root,
                     boolean withContext) {
        LogRecord.Builder r = LogRecord.newBuilder().setTimeUnixNano(time)
                .setObservedTimeUnixNano(time + lognormalNanos(0.5, 0.5))
                .setSeverityNumber(severity).setSeverityText(severityText(severity))
                .setBody(AnyValue.newBuilder().setStringValue(body))
                .addAttributes(loggers[serviceOfResource[res].index()])
                .addAttributes(threads[rnd.nextInt(threads.length)]);
        if (root) {
            r.addAttributes(str("request_id", requestId));
        }
        if (withContext || !root) {
            r.setTraceId(traceId).setSpanId(spanId).setFlags(1);
            traceLogsWithContext++;
        }
        addLog(res, r.build());
        traceLogs++;
    }

    private static String severityText(SeverityNumber s) {
        return switch (s) {
            case SEVERITY_NUMBER_ERROR -> "ERROR";
            case SEVERITY_NUMBER_WARN -> "WARN";
            case SEVERITY_NUMBER_DEBUG -> "DEBUG";
            default -> "INFO";
        };
    }

    private void add(int res, int scope, Span span) {
        int slot = res * SCOPE_NAMES.length + scope;
        if (pendingSpans[slot] == null) {
            pendingSpans[slot] = new ArrayList<>();
        }
        pendingSpans[slot].add(span);
        spanCount++;
        spansMade++;
        traceSpans++;
    }

    private void addLog(int res, LogRecord r) {
        if (pendingLogs[res] == null) {
            pendingLogs[res] = new ArrayList<>();
        }
        pendingLogs[res].add(r);
        logCount++;
        logsMade++;
    }

    /** The spans made since the last call, as one export request. */
    byte[] takeSpans() {
        ExportTraceServiceRequest.Builder request = ExportTraceServiceRequest.newBuilder();
        for (int res = 0; res < resources.length; res++) {
            ResourceSpans.Builder rs = null;
            for (int scope = 0; scope < SCOPE_NAMES.length; scope++) {
                List<Span> spans = pendingSpans[res * SCOPE_NAMES.length + scope];
                if (spans == null || spans.isEmpty()) {
                    continue;
                }
                if (rs == null) {
                    rs = ResourceSpans.newBuilder().setResource(resources[res])
                            .setSchemaUrl("https://opentelemetry.io/schemas/1.27.0");
                }
                rs.addScopeSpans(ScopeSpans.newBuilder().setScope(scopes[scope]).addAllSpans(spans));
                spans.clear();
            }
            if (rs != null) {
                request.addResourceSpans(rs);
            }
        }
        spanCount = 0;
        return request.build().toByteArray();
    }

    /** The log records made since the last call, as one export request. */
    byte[] takeLogs() {
        ExportLogsServiceRequest.Builder request = ExportLogsServiceRequest.newBuilder();
        for (int res = 0; res < resources.length; res++) {
            List<LogRecord> logs = pendingLogs[res];
            if (logs != null && !logs.isEmpty()) {
                request.addResourceLogs(ResourceLogs.newBuilder().setResource(resources[res])
                        .addScopeLogs(ScopeLogs.newBuilder().setScope(logScope).addAllLogRecords(logs)));
                logs.clear();
            }
        }
        logCount = 0;
        return request.build().toByteArray();
    }

    // ----------------------------------------------------------------------------------------------- metrics

    /** The metrics export of every instance at the end of the simulated minute ending at {@code nanos}. */
    MetricsRequest minute(long nanos) {
        ExportMetricsServiceRequest.Builder request = ExportMetricsServiceRequest.newBuilder();
        int points = 0;
        for (int res = 0; res < resources.length; res++) {
            ScopeMetrics.Builder scope = ScopeMetrics.newBuilder().setScope(metricScope);
            points += histograms(scope, "http.server.request.duration", "Duration of HTTP server requests.",
                    httpDurations.get(res).values(), nanos);
            if (!dbDurations.get(res).isEmpty()) {
                points += histograms(scope, "db.client.operation.duration", "Duration of database client operations.",
                        dbDurations.get(res).values(), nanos);
            }
            int requests = requestsThisMinute[res];
            requestsThisMinute[res] = 0;
            double cpu = Math.min(1.0, 0.03 + requests / 6000.0 + rnd.nextDouble() * 0.05);
            scope.addMetrics(gauge("jvm.cpu.recent_utilization", "1", "Recent CPU utilization for the process.",
                    point(nanos, cpu)));
            scope.addMetrics(gauge("jvm.memory.used", "By", "Measure of memory used.",
                    point(nanos, 40e6 + rnd.nextDouble() * 200e6, str("jvm.memory.type", "heap"),
                            str("jvm.memory.pool.name", "G1 Eden Space")),
                    point(nanos, 150e6 + rnd.nextDouble() * 100e6, str("jvm.memory.type", "heap"),
                            str("jvm.memory.pool.name", "G1 Old Gen")),
                    point(nanos, 90e6 + rnd.nextDouble() * 2e6, str("jvm.memory.type", "non_heap"),
                            str("jvm.memory.pool.name", "Metaspace"))));
            scope.addMetrics(gauge("jvm.thread.count", "{thread}", "Number of executing platform threads.",
                    point(nanos, 40 + rnd.nextInt(30))));
            scope.addMetrics(Metric.newBuilder().setName("http.server.active_requests").setUnit("{request}")
                    .setDescription("Number of active HTTP server requests.")
                    .setSum(Sum.newBuilder().setIsMonotonic(false)
                            .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE)
                            .addDataPoints(NumberDataPoint.newBuilder().setStartTimeUnixNano(dayStartNanos)
                                    .setTimeUnixNano(nanos).setAsInt(rnd.nextInt(1 + requests / 200 + 1)))));
            classesLoaded[res] += rnd.nextInt(3);
            scope.addMetrics(Metric.newBuilder().setName("jvm.class.loaded").setUnit("{class}")
                    .setDescription("Number of classes loaded since JVM start.")
                    .setSum(Sum.newBuilder().setIsMonotonic(true)
                            .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE)
                            .addDataPoints(NumberDataPoint.newBuilder().setStartTimeUnixNano(dayStartNanos)
                                    .setTimeUnixNano(nanos).setAsInt(classesLoaded[res]))));
            for (int i = 1 + requests / 2000 + rnd.nextInt(3); i > 0; i--) {
                gcDurations[res].record(0.002 + rnd.nextDouble() * 0.02);
            }
            points += histograms(scope, "jvm.gc.duration", "Duration of JVM garbage collection actions.",
                    List.of(gcDurations[res]), nanos);
            points += 7;
            request.addResourceMetrics(ResourceMetrics.newBuilder().setResource(resources[res]).addScopeMetrics(scope)
                    .setSchemaUrl("https://opentelemetry.io/schemas/1.27.0"));
            // A line from outside any request: scheduled work logs too.
            addLog(res, LogRecord.newBuilder().setTimeUnixNano(nanos - rnd.nextInt(1_000_000_000))
                    .setObservedTimeUnixNano(nanos).setSeverityNumber(SeverityNumber.SEVERITY_NUMBER_INFO)
                    .setSeverityText("INFO")
                    .setBody(AnyValue.newBuilder().setStringValue("Connection pool stats: active=" + rnd.nextInt(20)
                            + ", idle=" + rnd.nextInt(10) + ", waiting=0"))
                    .addAttributes(str("logger.name", "com.zaxxer.hikari.pool.HikariPool"))
                    .addAttributes(str("thread.name", "housekeeper")).build());
        }
        pointsMade += points;
        return new MetricsRequest(request.build().toByteArray(), points);
    }

    record MetricsRequest(byte[] body, int points) {
    }

    private int histograms(ScopeMetrics.Builder scope, String name, String description,
                           Iterable<Buckets> series, long nanos) {
        Histogram.Builder h = Histogram.newBuilder()
                .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE);
        int n = 0;
        for (Buckets b : series) {
            h.addDataPoints(b.point(dayStartNanos, nanos));
            n++;
        }
        if (n > 0) {
            scope.addMetrics(Metric.newBuilder().setName(name).setUnit("s").setDescription(description)
                    .setHistogram(h));
        }
        return n;
    }

    private static Metric gauge(String name, String unit, String description, NumberDataPoint... points) {
        Gauge.Builder g = Gauge.newBuilder();
        for (NumberDataPoint p : points) {
            g.addDataPoints(p);
        }
        return Metric.newBuilder().setName(name).setUnit(unit).setDescription(description).setGauge(g).build();
    }

    private static NumberDataPoint point(long nanos, double value, KeyValue... attributes) {
        NumberDataPoint.Builder p = NumberDataPoint.newBuilder().setTimeUnixNano(nanos).setAsDouble(value);
        for (KeyValue a : attributes) {
            p.addAttributes(a);
        }
        return p.build();
    }

    /** A cumulative explicit-bucket histogram of one series. */
    private static final class Buckets {
        final List<KeyValue> attributes;
        final double[] bounds;
        final long[] counts;
        long count;
        double sum;
        double min = Double.MAX_VALUE;
        double max;

        Buckets(List<KeyValue> attributes, double[] bounds) {
            this.attributes = attributes;
            this.bounds = bounds;
            this.counts = new long[bounds.length + 1];
        }

        void record(double v) {
            int i = 0;
            while (i < bounds.length && v > bounds[i]) {
                i++;
            }
            counts[i]++;
            count++;
            sum += v;
            min = Math.min(min, v);
            max = Math.max(max, v);
        }

        HistogramDataPoint point(long start, long time) {
            HistogramDataPoint.Builder p = HistogramDataPoint.newBuilder().setStartTimeUnixNano(start)
                    .setTimeUnixNano(time).addAllAttributes(attributes).setCount(count).setSum(sum);
            for (double b : bounds) {
                p.addExplicitBounds(b);
            }
            for (long c : counts) {
                p.addBucketCounts(c);
            }
            if (count > 0) {
                p.setMin(min).setMax(max);
            }
            return p.build();
        }
    }

    // ----------------------------------------------------------------------------------------------- helpers

    /** Attributes an endpoint's spans share, built once. */
    private static final class EndpointAttributes {
        final String spanName;
        final List<KeyValue> server;
        final List<KeyValue> client;
        final String[] pathParts;
        final String[] durationSeries = new String[STATUSES.length];

        EndpointAttributes(Endpoint e) {
            spanName = e.spanName();
            for (int i = 0; i < STATUSES.length; i++) {
                durationSeries[i] = spanName + " " + STATUSES[i];
            }
            String host = e.service().name() + ".shop.svc.cluster.local";
            server = List.of(str("http.request.method", e.method()), str("http.route", e.route()),
                    str("url.scheme", "http"), str("server.address", host), integer("server.port", 8080),
                    str("network.protocol.version", "1.1"));
            client = List.of(str("http.request.method", e.method()), str("server.address", host),
                    integer("server.port", 8080), str("peer.service", e.service().name()));
            pathParts = e.route().split("\\{[a-z]+}", -1);
        }

        /** The route with its placeholder filled in, as the URL path of one request. */
        String path(SplittableRandom rnd) {
            if (pathParts.length == 1) {
                return pathParts[0];
            }
            StringBuilder b = new StringBuilder(pathParts[0]);
            for (int i = 1; i < pathParts.length; i++) {
                b.append(rnd.nextInt(1_000_000)).append(pathParts[i]);
            }
            return b.toString();
        }
    }

    private static int statusIndex(int status) {
        for (int i = 0; i < STATUSES.length; i++) {
            if (STATUSES[i] == status) {
                return i;
            }
        }
        throw new IllegalArgumentException("status " + status);
    }

    /** SERVER spans made per (service, span name), in the topology's order. */
    Map<String, Long> serverSpansByOperation() {
        Map<String, Long> out = new LinkedHashMap<>();
        for (Endpoint e : topology.endpoints) {
            long[] n = serverSpans.get(e);
            if (n != null) {
                out.put(e.service().name() + "\t" + e.spanName(), n[0]);
            }
        }
        return out;
    }

    private long gap() {
        return 20_000 + rnd.nextInt(200_000);
    }

    private long lognormalNanos(double medianMs, double sigma) {
        return Math.max(1000, (long) (medianMs * MS * Math.exp(sigma * rnd.nextGaussian())));
    }

    private ByteString randomId(int length) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i += 8) {
            long v;
            do {
                v = rnd.nextLong();
            } while (v == 0);
            for (int j = 0; j < 8; j++) {
                b[i + j] = (byte) (v >>> (8 * j));
            }
        }
        return ByteString.copyFrom(b);
    }

    private static String hex(ByteString id) {
        StringBuilder b = new StringBuilder(id.size() * 2);
        for (int i = 0; i < id.size(); i++) {
            b.append(Character.forDigit((id.byteAt(i) >> 4) & 0xF, 16)).append(Character.forDigit(id.byteAt(i) & 0xF, 16));
        }
        return b.toString();
    }

    private static Resource resource(Service s, int instance) {
        String pod = s.name() + "-7d9f8c6b5-" + (char) ('a' + instance) + "x" + (s.index() * 7 + instance) % 10 + "q";
        return Resource.newBuilder()
                .addAttributes(str("service.name", s.name()))
                .addAttributes(str("service.namespace", "shop"))
                .addAttributes(str("service.version", s.version()))
                .addAttributes(str("service.instance.id", pod))
                .addAttributes(str("k8s.pod.name", pod))
                .addAttributes(str("k8s.namespace.name", "shop-prod"))
                .addAttributes(str("k8s.node.name", "node-" + ((s.index() + instance) % 6)))
                .addAttributes(str("host.name", pod))
                .addAttributes(str("cloud.region", "eu-west-1"))
                .addAttributes(str("deployment.environment.name", "production"))
                .addAttributes(str("telemetry.sdk.language", "java"))
                .addAttributes(str("telemetry.sdk.name", "opentelemetry"))
                .addAttributes(str("telemetry.sdk.version", "1.44.1"))
                .build();
    }

    private static InstrumentationScope scope(String name) {
        return InstrumentationScope.newBuilder().setName(name).setVersion("2.10.0").build();
    }

    static KeyValue str(String key, String value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
    }

    static KeyValue integer(String key, long value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setIntValue(value)).build();
    }
}
