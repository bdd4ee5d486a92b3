package dev.sightline.server.metrics;

import dev.sightline.server.store.StoreLifecycle;
import dev.sightline.store.engine.EmbeddedStore;
import dev.sightline.store.engine.StoreStats;
import dev.sightline.store.engine.StoreStats.SignalStats;
import dev.sightline.store.model.Signal;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The store's own numbers in /q/metrics: log size, queue depth, fsync latency, index lag, corruption cut at
 * start, retention. One stats snapshot serves a whole scrape.
 */
@Singleton
public class StoreMetrics implements MeterBinder {

    private final StoreLifecycle lifecycle;
    private volatile List<StoreStats> cached;
    private volatile long cachedAtNanos;

    public StoreMetrics(StoreLifecycle lifecycle) {
        this.lifecycle = lifecycle;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("sightline.store.ready", this, m -> m.lifecycle.isReady() ? 1 : 0)
                .description("1 once the write-ahead log is replayed into the indexes").register(registry);
        for (Signal signal : Signal.values()) {
            gauge(registry, signal, "sightline.wal.bytes", "Bytes of the signal's log segments on disk", SignalStats::walBytes);
            gauge(registry, signal, "sightline.wal.segments", "Log segment files", SignalStats::segments);
            gauge(registry, signal, "sightline.ingest.queue.bytes",
                    "Encoded bytes accepted but not yet written to the log", SignalStats::pendingBytes);
            gauge(registry, signal, "sightline.index.lag.records",
                    "Log records written but not yet indexed", SignalStats::indexLagRecords);
            gauge(registry, signal, "sightline.wal.fsync.last.seconds", "Duration of the latest fsync",
                    s -> s.lastFsyncNanos() / 1e9);
            counter(registry, signal, "sightline.wal.fsyncs", "Forces of the log to disk", SignalStats::fsyncs);
            counter(registry, signal, "sightline.wal.fsync.seconds", "Total time spent forcing the log to disk",
                    s -> s.fsyncNanos() / 1e9);
            counter(registry, signal, "sightline.wal.records", "Batches acknowledged (durable in the log)",
                    SignalStats::acceptedRecords);
            counter(registry, signal, "sightline.wal.overload.rejections",
                    "Batches refused because the log queue or the index lag was full", SignalStats::rejectedRecords);
            counter(registry, signal, "sightline.wal.truncated.tails",
                    "Torn or corrupt log tails cut at start", SignalStats::truncatedTails);
            counter(registry, signal, "sightline.wal.truncated.bytes", "Bytes cut from torn or corrupt tails",
                    SignalStats::truncatedBytes);
            counter(registry, signal, "sightline.wal.skipped.bytes",
                    "Unreadable bytes after a bad record in an older segment", SignalStats::skippedBytes);
            counter(registry, signal, "sightline.wal.replayed.records", "Records replayed into the indexes at start",
                    SignalStats::replayedRecords);
            counter(registry, signal, "sightline.wal.undecodable.records",
                    "Records whose payload could not be decoded (kept, not indexed)", SignalStats::undecodableRecords);
            counter(registry, signal, "sightline.retention.deleted.segments", "Log segments deleted by retention",
                    SignalStats::retentionDeletedSegments);
            counter(registry, signal, "sightline.retention.deleted.bytes", "Bytes deleted by retention",
                    SignalStats::retentionDeletedBytes);
        }
    }

    private void gauge(MeterRegistry registry, Signal signal, String name, String help,
                       ToDoubleFunction<SignalStats> value) {
        Gauge.builder(name, this, m -> m.value(signal, value)).description(help)
                .tag("signal", signal.lowerName()).register(registry);
    }

    private void counter(MeterRegistry registry, Signal signal, String name, String help,
                         ToDoubleFunction<SignalStats> value) {
        FunctionCounter.builder(name, this, m -> m.value(signal, value)).description(help)
                .tag("signal", signal.lowerName()).register(registry);
    }

    /** Summed over the tenants' stores: these are the process's disk, queues and work. */
    private double value(Signal signal, ToDoubleFunction<SignalStats> value) {
        double sum = 0;
        for (StoreStats stats : stats()) {
            sum += value.applyAsDouble(stats.of(signal));
        }
        return sum;
    }

    /** One snapshot per scrape: a scrape reads dozens of these within a millisecond. */
    private List<StoreStats> stats() {
        long now = System.nanoTime();
        if (cached == null || now - cachedAtNanos > 500_000_000L) {
            List<StoreStats> all = new ArrayList<>();
            for (String tenant : lifecycle.tenants()) {
                EmbeddedStore store = lifecycle.storeIfOpen(tenant);
                if (store != null) {
                    all.add(store.stats());
                }
            }
            cached = all;
            cachedAtNanos = now;
        }
        return cached;
    }
}
