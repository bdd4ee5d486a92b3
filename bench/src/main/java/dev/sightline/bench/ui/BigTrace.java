package dev.sightline.bench.ui;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.logs.v1.SeverityNumber;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * One very large trace, for the trace page's worst case: {@code spans} spans (10,000 by default) across the given
 * services, both wide and deep. The root (a batch endpoint) fans out 50 calls at once, in waves of ten; each call is
 * a CLIENT span in the caller and a SERVER span in the callee, whose work is database queries, internal steps and
 * further calls, three to six children a level; one branch is a chain of {@value #CHAIN} nested steps (a recursive
 * resolver), so the waterfall is also a hundred levels deep. About 1 % of spans fail. Some spans log (with the
 * trace and span ID), and the root carries a {@code request_id}. Seeded: the same seed makes the same trace.
 */
final class BigTrace {
    static final int CHAIN = 100;
    private static final int FAN_OUT = 50;

    private final SplittableRandom rnd;
    private final List<String> services;
    private final Map<String, List<String>> operations;
    private final byte[] traceId = new byte[16];
    private final List<Made> spans = new ArrayList<>();
    private final List<Logged> logs = new ArrayList<>();
    private final int target;
    private final int logTarget;
    private final String requestId;

    /** A span and the service whose resource it is sent under. */
    private record Made(String service, Span.Builder span) {
    }

    private record Logged(String service, LogRecord record) {
    }

    /**
     * @param operations SERVER span names seen per service (from the day's sample), so the big trace's spans have
     *                   baselines to be compared with; a service without any gets generic names
     */
    BigTrace(int spans, int logs, List<String> services, Map<String, List<String>> operations, long startNanos,
             long seed) {
        if (spans < CHAIN + 2 * FAN_OUT + 1) {
            throw new IllegalArgumentException("a big trace needs at least " + (CHAIN + 2 * FAN_OUT + 1) + " spans");
        }
        if (services.size() < 2) {
            throw new IllegalArgumentException("a big trace needs at least two services");
        }
        this.rnd = new SplittableRandom(seed);
        this.services = List.copyOf(services);
        this.operations = operations;
        this.target = spans;
        this.logTarget = logs;
        rnd.nextBytes(traceId);
        traceId[0] |= 0x10;
        this.requestId = "bigtrace-" + HexFormat.of().formatHex(traceId, 0, 6);
        build(startNanos);
    }

    String traceIdHex() {
        return HexFormat.of().formatHex(traceId);
    }

    String requestId() {
        return requestId;
    }

    int spanCount() {
        return spans.size();
    }

    int logCount() {
        return logs.size();
    }

    /** Depth of the deepest span (the root is 1). */
    int depth() {
        return depth;
    }

    private int depth;

    private void build(long start) {
        long duration = 4_800_000_000L;
        String rootService = services.get(0);
        Span.Builder root = span(rootService, null, "POST /batch/reindex", Span.SpanKind.SPAN_KIND_SERVER, start,
                start + duration, 1);
        root.addAttributes(str("request_id", requestId)).addAttributes(str("http.request.method", "POST"))
                .addAttributes(str("http.route", "/batch/reindex")).addAttributes(num("http.response.status_code",
                        200));
        // Spans left for the fan-out subtrees once the root, the calls' CLIENT/SERVER pairs and the chain are made.
        int budget = target - 1 - 2 * FAN_OUT - CHAIN;
        long slot = duration / 6;
        for (int i = 0; i < FAN_OUT; i++) {
            String callee = services.get(1 + i % (services.size() - 1));
            long s = start + 2_000_000 + (i / 10) * slot + rnd.nextLong(5_000_000);
            long e = s + slot - 10_000_000 - rnd.nextLong(slot / 4);
            int share = budget / FAN_OUT + (i < budget % FAN_OUT ? 1 : 0);
            Span.Builder server = call(root, rootService, callee, s, e, 2);
            work(server, callee, share, s, e, 3);
            if (i == FAN_OUT - 1) {
                chain(server, callee, s, e, 3);
            }
        }
        int i = 0;
        while (logs.size() < logTarget && !spans.isEmpty()) {
            Made m = spans.get(rnd.nextInt(spans.size()));
            log(m, i++);
        }
    }

    /** {@code budget} spans of work under {@code parent}, within [start, end). */
    private void work(Span.Builder parent, String service, int budget, long start, long end, int level) {
        if (budget <= 0) {
            return;
        }
        int children = Math.min(budget, level <= 3 ? 6 : level <= 6 ? 4 : 3);
        int rest = budget - children;
        long step = Math.max(1, (end - start) / children);
        for (int c = 0; c < children; c++) {
            long s = start + c * step + step / 20;
            long e = start + (c + 1) * step - step / 20;
            int share = rest / children + (c < rest % children ? 1 : 0);
            if (share >= 2 && level < 12 && c % 3 == 0) {
                String callee = other(service);
                Span.Builder server = call(parent, service, callee, s, e, level);
                work(server, callee, share - 1, s, e, level + 2);
            } else if (share == 0 && c % 2 == 0) {
                query(parent, service, s, e, level);
            } else {
                Span.Builder internal = span(service, parent, step(c), Span.SpanKind.SPAN_KIND_INTERNAL, s, e, level);
                work(internal, service, share, s, e, level + 1);
            }
        }
    }

    /** A chain of nested internal spans, each a little shorter than its parent. */
    private void chain(Span.Builder parent, String service, long start, long end, int level) {
        Span.Builder p = parent;
        long s = start;
        long e = end;
        long shrink = Math.max(1, (end - start) / (2 * CHAIN));
        for (int i = 0; i < CHAIN; i++) {
            s += shrink / 2;
            e -= shrink / 2;
            p = span(service, p, "resolve dependency level " + i, Span.SpanKind.SPAN_KIND_INTERNAL, s, e,
                    level + i);
        }
    }

    /** A CLIENT span in the caller and the SERVER span it reaches in the callee; returns the SERVER span. */
    private Span.Builder call(Span.Builder parent, String caller, String callee, long start, long end, int level) {
        List<String> ops = operations.getOrDefault(callee, List.of());
        String name = ops.isEmpty() ? "GET /internal/" + callee : ops.get(rnd.nextInt(ops.size()));
        Span.Builder client = span(caller, parent, name, Span.SpanKind.SPAN_KIND_CLIENT, start, end, level);
        client.addAttributes(str("peer.service", callee)).addAttributes(str("server.address", callee));
        long latency = Math.min(2_000_000, (end - start) / 10);
        Span.Builder server = span(callee, client, name, Span.SpanKind.SPAN_KIND_SERVER, start + latency,
                end - latency, level + 1);
        boolean failed = rnd.nextInt(100) == 0;
        server.addAttributes(num("http.response.status_code", failed ? 500 : 200));
        if (failed) {
            server.setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR).setMessage("boom"));
            client.setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR));
        }
        return server;
    }

    private void query(Span.Builder parent, String service, long start, long end, int level) {
        String table = TABLES[rnd.nextInt(TABLES.length)];
        Span.Builder q = span(service, parent, "SELECT shop." + table, Span.SpanKind.SPAN_KIND_CLIENT, start,
                start + Math.max(1, (end - start) * (2 + rnd.nextInt(8)) / 10), level);
        q.addAttributes(str("db.system", "postgresql")).addAttributes(str("db.namespace", "shop"))
                .addAttributes(str("db.query.text", "SELECT * FROM " + table + " WHERE id = $1"))
                .addAttributes(str("server.address", "postgres-main"));
    }

    private static final String[] TABLES = {"orders", "items", "customers", "prices", "stock", "shipments"};

    private static String step(int c) {
        return switch (c % 5) {
            case 0 -> "validate batch";
            case 1 -> "render document";
            case 2 -> "compute index entries";
            case 3 -> "merge segment";
            default -> "serialize";
        };
    }

    private String other(String service) {
        String s;
        do {
            s = services.get(rnd.nextInt(services.size()));
        } while (s.equals(service));
        return s;
    }

    private Span.Builder span(String service, Span.Builder parent, String name, Span.SpanKind kind, long start,
                              long end, int level) {
        byte[] id = new byte[8];
        rnd.nextBytes(id);
        id[0] |= 0x01;
        Span.Builder b = Span.newBuilder().setTraceId(ByteString.copyFrom(traceId)).setSpanId(ByteString.copyFrom(id))
                .setName(name).setKind(kind).setStartTimeUnixNano(start).setEndTimeUnixNano(Math.max(start + 1, end))
                .addAttributes(str("thread.name", "worker-" + rnd.nextInt(16)));
        if (parent != null) {
            b.setParentSpanId(parent.getSpanId());
        }
        spans.add(new Made(service, b));
        depth = Math.max(depth, level);
        return b;
    }

    private void log(Made m, int i) {
        boolean error = m.span().getStatus().getCode() == Status.StatusCode.STATUS_CODE_ERROR;
        LogRecord r = LogRecord.newBuilder().setTimeUnixNano(m.span().getStartTimeUnixNano() + 1000)
                .setObservedTimeUnixNano(m.span().getStartTimeUnixNano() + 2000)
                .setSeverityNumber(error ? SeverityNumber.SEVERITY_NUMBER_ERROR : SeverityNumber.SEVERITY_NUMBER_INFO)
                .setSeverityText(error ? "ERROR" : "INFO")
                .setBody(AnyValue.newBuilder().setStringValue((error ? "failed: " : "step done: ")
                        + m.span().getName() + " #" + i))
                .setTraceId(m.span().getTraceId()).setSpanId(m.span().getSpanId())
                .addAttributes(str("request_id", requestId)).build();
        logs.add(new Logged(m.service(), r));
    }

    /** The spans as export requests of at most {@code maxSpans} spans, grouped by service. */
    List<ExportTraceServiceRequest> traceRequests(int maxSpans) {
        Map<String, List<Span>> byService = new LinkedHashMap<>();
        for (Made m : spans) {
            byService.computeIfAbsent(m.service(), k -> new ArrayList<>()).add(m.span().build());
        }
        List<ExportTraceServiceRequest> out = new ArrayList<>();
        byService.forEach((service, list) -> {
            for (int from = 0; from < list.size(); from += maxSpans) {
                out.add(ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder()
                        .setResource(resource(service)).addScopeSpans(ScopeSpans.newBuilder().setScope(SCOPE)
                                .addAllSpans(list.subList(from, Math.min(list.size(), from + maxSpans))))).build());
            }
        });
        return out;
    }

    ExportLogsServiceRequest logRequest() {
        Map<String, List<LogRecord>> byService = new LinkedHashMap<>();
        for (Logged l : logs) {
            byService.computeIfAbsent(l.service(), k -> new ArrayList<>()).add(l.record());
        }
        ExportLogsServiceRequest.Builder b = ExportLogsServiceRequest.newBuilder();
        byService.forEach((service, list) -> b.addResourceLogs(ResourceLogs.newBuilder().setResource(resource(service))
                .addScopeLogs(ScopeLogs.newBuilder().setScope(SCOPE).addAllLogRecords(list))));
        return b.build();
    }

    private static final InstrumentationScope SCOPE = InstrumentationScope.newBuilder().setName("sightline-ui-bench")
            .setVersion("1").build();

    private static Resource resource(String service) {
        return Resource.newBuilder().addAttributes(str("service.name", service))
                .addAttributes(str("service.instance.id", service + "-big-1"))
                .addAttributes(str("host.name", "bench-host")).build();
    }

    private static KeyValue str(String key, String value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
    }

    private static KeyValue num(String key, long value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setIntValue(value)).build();
    }
}
