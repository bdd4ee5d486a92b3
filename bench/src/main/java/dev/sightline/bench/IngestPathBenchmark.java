package dev.sightline.bench;

import dev.sightline.bench.Payloads.Signal;
import dev.sightline.collector.otlp.OtlpDecoder;
import dev.sightline.collector.otlp.OtlpMapper;
import dev.sightline.collector.redaction.RedactionCounter;
import dev.sightline.collector.redaction.RedactionSettings;
import dev.sightline.collector.redaction.Redactor;
import dev.sightline.store.StoreConfig;
import dev.sightline.store.StoreOverloadedException;
import dev.sightline.store.codec.BinaryBatchCodec;
import dev.sightline.store.engine.EmbeddedStore;
import dev.sightline.store.engine.StoreStats;
import dev.sightline.store.model.SpanBatch;
import dev.sightline.store.model.TelemetryBatch;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * The server's ingest path for one OTLP export request of {@value #ITEMS} items, one stage more per benchmark:
 * <ol>
 *   <li>{@code a_*Parse}: protobuf bytes to the OTLP request message ({@link OtlpDecoder}, as OTLP/HTTP does it;
 *       gRPC's marshaller calls the same generated parser) — the ceiling of the whole path;</li>
 *   <li>{@code b_*ParseMap}: + {@link OtlpMapper#map} to the store's model, with validation, redaction off;
 *       {@code b_*ParseMapRedact}: the same with the default redaction, as the server maps;</li>
 *   <li>{@code c_*ParseMapEncode}: + {@link BinaryBatchCodec#encode}, the bytes that go into the log;</li>
 *   <li>{@code d_tracesParseMapAppend}: + {@link EmbeddedStore#append} to a real store in a temporary directory
 *       (default {@link StoreConfig}, fsync {@code never}: written to the OS before the ack), waiting for the
 *       durable ack. The append encodes the batch itself. Every request has fresh IDs ({@link PayloadTemplate},
 *       whose cost {@code p_tracesInstantiate} shows alone), so the indexes grow as they would in service. The
 *       indexer runs on its own thread: on two cores its work competes with this one. A refusal (index lag or
 *       queue full) is retried after 1 ms, so the score is the sustained rate the store accepts.</li>
 * </ol>
 * Scores are items (spans, log records, data points) per second: {@code @OperationsPerInvocation} is the batch
 * size. Payloads cycle through {@value #POOL} distinct requests so the caches see realistic variety.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xmx512m", "-Xms512m",
        "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED",
        "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED",
        "--add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED",
        "--add-opens=java.base/java.lang=ALL-UNNAMED",
        "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
        "--add-opens=java.base/java.io=ALL-UNNAMED",
        "--add-opens=java.base/java.nio=ALL-UNNAMED",
        "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
        "--add-opens=java.base/java.util=ALL-UNNAMED",
        "-Dchronicle.analytics.disable=true", "-Dchronicle.announcer.disable=true"})
public class IngestPathBenchmark {

    static final int ITEMS = 512;
    static final int POOL = 16;

    /** Payloads and the stateless stages; one per thread so the cursor is not shared. */
    @State(Scope.Thread)
    public static class Payload {
        final OtlpDecoder decoder = new OtlpDecoder();
        final OtlpMapper mapper = new OtlpMapper();
        final OtlpMapper redactingMapper = new OtlpMapper(new Redactor(RedactionSettings.DEFAULTS,
                RedactionCounter.NONE));
        final BinaryBatchCodec codec = new BinaryBatchCodec();
        byte[][] traces;
        byte[][] logs;
        byte[][] metrics;
        List<PayloadTemplate> traceTemplates;
        int cursor;

        @Setup(Level.Trial)
        public void build() {
            traceTemplates = Payloads.templates(Signal.TRACES, POOL, ITEMS, 1);
            traces = traceTemplates.stream().map(PayloadTemplate::original).toArray(byte[][]::new);
            logs = Payloads.templates(Signal.LOGS, POOL, ITEMS, 2).stream().map(PayloadTemplate::original)
                    .toArray(byte[][]::new);
            metrics = Payloads.templates(Signal.METRICS, POOL, ITEMS, 3).stream().map(PayloadTemplate::original)
                    .toArray(byte[][]::new);
            checkItems(mapper.map(decoder.parseTraces(traces[0], OtlpDecoder.Encoding.PROTOBUF)).batch());
            checkItems(mapper.map(decoder.parseLogs(logs[0], OtlpDecoder.Encoding.PROTOBUF)).batch());
            checkItems(mapper.map(decoder.parseMetrics(metrics[0], OtlpDecoder.Encoding.PROTOBUF)).batch());
        }

        private static void checkItems(TelemetryBatch batch) {
            if (batch.itemCount() != ITEMS) {
                throw new IllegalStateException(batch.signal() + " payload maps to " + batch.itemCount()
                        + " items, not " + ITEMS);
            }
        }

        byte[] next(byte[][] pool) {
            return pool[cursor++ & (POOL - 1)];
        }

        byte[] nextFreshTraces() {
            return traceTemplates.get(cursor++ & (POOL - 1)).instantiate(ThreadLocalRandom.current().nextLong() | 1,
                    System.currentTimeMillis() * 1_000_000L);
        }
    }

    /** A real embedded store in a temporary directory, shared by the benchmark's threads. */
    @State(Scope.Benchmark)
    public static class Store {
        static final AtomicLong REFUSALS = new AtomicLong();
        EmbeddedStore store;
        Path dir;

        @Setup(Level.Trial)
        public void open() throws Exception {
            dir = Files.createTempDirectory("sightline-jmh-");
            store = EmbeddedStore.open(StoreConfig.defaults(dir), new BinaryBatchCodec(), Clock.systemUTC());
            if (!store.awaitReady(Duration.ofMinutes(1))) {
                throw new IllegalStateException("store not ready");
            }
        }

        @TearDown(Level.Trial)
        public void close() throws IOException {
            StoreStats stats = store.stats();
            long items = 0;
            long wal = 0;
            for (StoreStats.SignalStats s : stats.signals().values()) {
                items += s.acceptedItems();
                wal += s.walBytes();
            }
            store.close();
            System.out.printf(Locale.ROOT, "%n[store] %,d items acked, log %,d bytes = %.1f B/item, %,d refusals "
                    + "retried%n", items, wal, items == 0 ? 0.0 : (double) wal / items, REFUSALS.get());
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }

        void append(TelemetryBatch batch) throws InterruptedException {
            while (true) {
                try {
                    store.append(batch).toCompletableFuture().join();
                    return;
                } catch (StoreOverloadedException e) {
                    REFUSALS.incrementAndGet();
                    Thread.sleep(1);
                }
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ traces

    @Benchmark
    @OperationsPerInvocation(ITEMS)
    public ExportTraceServiceRequest a_tracesParse(Payload p) {
        return p.decoder.parseTraces(p.next(p.traces), OtlpDecoder.Encoding.PROTOBUF);
    }

    @Benchmark
    @OperationsPerInvocation(ITEMS)
    public SpanBatch b_tracesParseMap(Payload p) {
        return p.mapper.map(p.decoder.parseTraces(p.next(p.traces), OtlpDecoder.Encoding.PROTOBUF)).batch();
    }

    @Benchmark
    @OperationsPerInvocation(ITEMS)
    public SpanBatch b_tracesParseMapRedact(Payload p) {
        return p.redactingMapper.map(p.decoder.parseTraces(p.next(p.traces), OtlpDecoder.Encoding.PROTOBUF))
                .batch();
    }

    @Benchmark
    @OperationsPerInvocation(ITEMS)
    public byte[] c_tracesParseMapEncode(Payload p) {
        return p.codec.encode(p.mapper.map(p.decoder.parseTraces(p.next(p.traces), OtlpDecoder.Encoding.PROTOBUF))
                .batch());
    }

    @Benchmark
    @OperationsPerInvocation(ITEMS)
    public void d_tracesParseMapAppend(Payload p, Store s) throws InterruptedException {
        s.append(p.mapper.map(p.decoder.parseTraces(p.nextFreshTraces(), OtlpDecoder.Encoding.PROTOBUF)).batch());
    }

    /** As {@code d_}, four threads at once: group commit and the indexer under concurrent requests. */
    @Benchmark
    @Threads(4)
    @OperationsPerInvocation(ITEMS)
    public void d_tracesParseMapAppend_4threads(Payload p, Store s) throws InterruptedException {
        s.append(p.mapper.map(p.decoder.parseTraces(p.nextFreshTraces(), OtlpDecoder.Encoding.PROTOBUF)).batch());
    }

    /** The cost of a copy with fresh IDs alone (included in {@code d_}); compare with {@code a_}. */
    @Benchmark
    @OperationsPerInvocation(ITEMS)
    public byte[] p_tracesInstantiate(Payload p) {
        return p.nextFreshTraces();
    }

    // -------------------------------------------------------------------------------------------------- logs

    @Benchmark
    @OperationsPerInvocation(ITEMS)
    public Object a_logsParse(Payload p) {
        return p.decoder.parseLogs(p.next(p.logs), OtlpDecoder.Encoding.PROTOBUF);
    }

    @Benchmark
    @OperationsPerInvocation(ITEMS)
    public Object b_logsParseMap(Payload p) {
        return p.mapper.map(p.decoder.parseLogs(p.next(p.logs), OtlpDecoder.Encoding.PROTOBUF)).batch();
    }

    @Benchmark
    @OperationsPerInvocation(ITEMS)
    public Object b_logsParseMapRedact(Payload p) {
        return p.redactingMapper.map(p.decoder.parseLogs(p.next(p.logs), OtlpDecoder.Encoding.PROTOBUF)).batch();
    }

    @Benchmark
    @OperationsPerInvocation(ITEMS)
    public byte[] c_logsParseMapEncode(Payload p) {
        return p.codec.encode(p.mapper.map(p.decoder.parseLogs(p.next(p.logs), OtlpDecoder.Encoding.PROTOBUF))
                .batch());
    }

    // ----------------------------------------------------------------------------------------------- metrics

    @Benchmark
    @OperationsPerInvocation(ITEMS)
    public Object a_metricsParse(Payload p) {
        return p.decoder.parseMetrics(p.next(p.metrics), OtlpDecoder.Encoding.PROTOBUF);
    }

    @Benchmark
    @OperationsPerInvocation(ITEMS)
    public Object b_metricsParseMap(Payload p) {
        return p.mapper.map(p.decoder.parseMetrics(p.next(p.metrics), OtlpDecoder.Encoding.PROTOBUF)).batch();
    }

    @Benchmark
    @OperationsPerInvocation(ITEMS)
    public Object b_metricsParseMapRedact(Payload p) {
        return p.redactingMapper.map(p.decoder.parseMetrics(p.next(p.metrics), OtlpDecoder.Encoding.PROTOBUF))
                .batch();
    }

    @Benchmark
    @OperationsPerInvocation(ITEMS)
    public byte[] c_metricsParseMapEncode(Payload p) {
        return p.codec.encode(p.mapper.map(p.decoder.parseMetrics(p.next(p.metrics),
                OtlpDecoder.Encoding.PROTOBUF)).batch());
    }
}
