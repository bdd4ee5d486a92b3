package dev.sightline.bench;

import dev.sightline.bench.Payloads.Signal;
import dev.sightline.collector.otlp.OtlpDecoder;
import dev.sightline.collector.otlp.OtlpMapper;
import dev.sightline.collector.redaction.RedactionCounter;
import dev.sightline.collector.redaction.RedactionSettings;
import dev.sightline.collector.redaction.Redactor;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The CPU cost of redaction on the ingest path, in CPU nanoseconds of this thread rather than wall time: on a
 * shared two-core machine with other JVMs running, JMH's wall-clock scores swing by an order of magnitude, while a
 * thread's CPU time hardly moves. Maps the same decoded requests as {@code IngestPathBenchmark} (512 items each)
 * with redaction off and with the defaults, alternating rounds so both see the same machine.
 *
 * <pre>java -cp bench/target/classes:$(cat bench/target/classpath.txt) dev.sightline.bench.RedactionCpuCost [signal...]</pre>
 * (signals {@code traces logs metrics}, all three by default).
 */
public final class RedactionCpuCost {

    private static final int POOL = 16;
    private static final int ITEMS = 512;
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();
    private static Object sink;

    private RedactionCpuCost() {
    }

    public static void main(String[] args) {
        OtlpDecoder decoder = new OtlpDecoder();
        OtlpMapper plain = new OtlpMapper();
        OtlpMapper redacting = new OtlpMapper(new Redactor(RedactionSettings.DEFAULTS, RedactionCounter.NONE));
        List<ExportTraceServiceRequest> traces = Payloads.templates(Signal.TRACES, POOL, ITEMS, 1).stream()
                .map(t -> decoder.parseTraces(t.original(), OtlpDecoder.Encoding.PROTOBUF)).toList();
        List<ExportLogsServiceRequest> logs = Payloads.templates(Signal.LOGS, POOL, ITEMS, 2).stream()
                .map(t -> decoder.parseLogs(t.original(), OtlpDecoder.Encoding.PROTOBUF)).toList();
        List<ExportMetricsServiceRequest> metrics = Payloads.templates(Signal.METRICS, POOL, ITEMS, 3).stream()
                .map(t -> decoder.parseMetrics(t.original(), OtlpDecoder.Encoding.PROTOBUF)).toList();
        List<String> signals = args.length == 0 ? List.of("traces", "logs", "metrics") : List.of(args);
        if (signals.contains("traces")) {
            compare("traces (per span)", traces, plain::map, redacting::map);
        }
        if (signals.contains("logs")) {
            compare("logs (per record)", logs, plain::map, redacting::map);
        }
        if (signals.contains("metrics")) {
            compare("metrics (per point)", metrics, plain::map, redacting::map);
        }
    }

    private static <R> void compare(String what, List<R> requests, Function<R, ?> off, Function<R, ?> on) {
        int rounds = 400;
        for (int warm = 0; warm < 10; warm++) {
            run(requests, off, rounds);
            run(requests, on, rounds);
        }
        long offNanos = 0;
        long onNanos = 0;
        for (int pass = 0; pass < 10; pass++) {
            offNanos += run(requests, off, rounds);
            onNanos += run(requests, on, rounds);
        }
        double items = 10.0 * rounds * requests.size() * ITEMS;
        System.out.printf(Locale.ROOT, "%-20s map, redaction off: %7.1f CPU ns   on: %7.1f CPU ns   +%.1f %%%n", what,
                offNanos / items, onNanos / items, 100.0 * (onNanos - offNanos) / offNanos);
    }

    private static <R> long run(List<R> requests, Function<R, ?> mapper, int rounds) {
        long start = CPU.getCurrentThreadCpuTime();
        for (int r = 0; r < rounds; r++) {
            for (R request : requests) {
                sink = mapper.apply(request);
            }
        }
        return CPU.getCurrentThreadCpuTime() - start;
    }
}
