package dev.sightline.store.engine;

import dev.sightline.store.StoreConfig;
import dev.sightline.store.StoreOverloadedException;
import dev.sightline.store.codec.BinaryBatchCodec;
import dev.sightline.store.index.IndexDelta;
import dev.sightline.store.model.TelemetryBatch;
import dev.sightline.store.testing.ModelFixtures;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntFunction;

/**
 * A timing loop, not a test: one thread appends pre-built batches (512 spans, 512 log records or ~500 metric
 * points each) as fast as the store takes them, then waits until all are indexed. Run with
 * {@code java -Xmx512m <chronicle flags> -cp <test classpath> dev.sightline.store.engine.AppendThroughputProbe [batches]}.
 */
public final class AppendThroughputProbe {

    public static void main(String[] args) throws Exception {
        int batches = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        Random rnd = new Random(42);
        run("spans", batches, 100, i -> ModelFixtures.spans(rnd, 4, 128));
        run("logs", batches, 100, i -> ModelFixtures.logs(rnd, 512));
        run("metrics", batches, 100, i -> ModelFixtures.metrics(rnd, 200));
    }

    private static void run(String what, int batches, int distinct, IntFunction<TelemetryBatch> make)
            throws Exception {
        List<TelemetryBatch> pool = new ArrayList<>();
        for (int i = 0; i < distinct; i++) {
            pool.add(make.apply(i));
        }
        long items = 0;
        BinaryBatchCodec codec = new BinaryBatchCodec();
        long e0 = System.nanoTime();
        for (int i = 0; i < batches; i++) {
            TelemetryBatch b = pool.get(i % distinct);
            codec.encode(b);
            IndexDelta.of(b);
            items += b.itemCount();
        }
        double encodeSeconds = (System.nanoTime() - e0) / 1e9;

        Path dir = Files.createTempDirectory("sightline-probe");
        StoreConfig config = StoreConfig.defaults(dir);
        // The fixtures' spans start on 2026-01-01: a clock there keeps them inside the rollups' window, so the probe
        // measures the rollups too.
        Clock fixtureTime = Clock.fixed(java.time.Instant.ofEpochSecond(ModelFixtures.BASE_EPOCH_NANOS / 1_000_000_000L),
                java.time.ZoneOffset.UTC);
        try (EmbeddedStore store = EmbeddedStore.open(config, codec, fixtureTime)) {
            store.awaitReady(Duration.ofMinutes(1));
            long overloads = 0;
            long t0 = System.nanoTime();
            List<CompletableFuture<Void>> futures = new ArrayList<>();
            for (int i = 0; i < batches; i++) {
                TelemetryBatch b = pool.get(i % distinct);
                while (true) {
                    try {
                        futures.add(store.append(b).toCompletableFuture());
                        break;
                    } catch (StoreOverloadedException e) {
                        overloads++;
                        Thread.sleep(1);
                    }
                }
            }
            CompletableFuture.allOf(futures.toArray(new CompletableFuture[0])).join();
            double ackSeconds = (System.nanoTime() - t0) / 1e9;
            store.awaitIndexed(Duration.ofMinutes(10));
            double seconds = (System.nanoTime() - t0) / 1e9;
            StoreStats stats = store.stats();
            System.out.printf("%-8s %d batches, %d items: encode+extract alone %.0f items/s; acked %.0f items/s; "
                            + "acked+indexed %.0f items/s (%.2f s); overload refusals %d; wal %d MiB%n",
                    what, batches, items, items / encodeSeconds, items / ackSeconds, items / seconds, seconds,
                    overloads, stats.signals().values().stream().mapToLong(StoreStats.SignalStats::walBytes).sum() >> 20);
        }
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private AppendThroughputProbe() {
    }

}
