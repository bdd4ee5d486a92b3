package dev.sightline.store.rollup;

import dev.sightline.store.index.IndexDelta;
import dev.sightline.store.index.IndexOptions;
import dev.sightline.store.index.IndexStore;
import dev.sightline.store.index.IndexedRecord;
import dev.sightline.store.model.ResourceGroup;
import dev.sightline.store.model.ScopeGroup;
import dev.sightline.store.model.Signal;
import dev.sightline.store.model.Span;
import dev.sightline.store.model.SpanBatch;
import dev.sightline.store.testing.ModelFixtures;
import dev.sightline.store.wal.RecordPosition;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A timing loop, not a test: what the rollups cost the indexer thread, beside what the index costs it, in CPU time
 * of this thread (so a busy shared box distorts it less than wall time; H2's background writer is not counted in
 * either). Two span shapes: the random fixtures, whose spans start anywhere in an hour (nearly one rollup cell per
 * span: the worst case), and the same spans moved into one minute (what SDK batches look like). Run with
 * {@code java -Xmx512m <chronicle flags> [-DcachedCells=n] -cp <test classpath> dev.sightline.store.rollup.RollupApplyProbe
 * [batches]}.
 */
public final class RollupApplyProbe {
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();
    private static final int RECORDS_PER_TRANSACTION = 16;

    public static void main(String[] args) throws Exception {
        int batches = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        for (boolean oneMinute : new boolean[] {false, true, false, true}) {
            run(batches, oneMinute);
        }
    }

    private static void run(int batches, boolean oneMinute) throws Exception {
        Random rnd = new Random(42);
        List<SpanBatch> pool = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            SpanBatch b = ModelFixtures.spans(rnd, 4, 128);
            pool.add(oneMinute ? intoOneMinute(b) : b);
        }
        long spans = 0;
        long t0 = CPU.getCurrentThreadCpuTime();
        List<IndexedRecord> records = new ArrayList<>(batches);
        for (int i = 0; i < batches; i++) {
            SpanBatch b = pool.get(i % pool.size());
            // Received an hour after the fixtures' base time, when all their spans have ended.
            long received = ModelFixtures.BASE_EPOCH_NANOS / 1_000_000 + 3_600_000 + i;
            records.add(new IndexedRecord(Signal.TRACES, RecordPosition.of(1, 24 + 1000L * i), received,
                    IndexDelta.of(b)));
            spans += b.itemCount();
        }
        long extractNanos = CPU.getCurrentThreadCpuTime() - t0;
        t0 = CPU.getCurrentThreadCpuTime();
        for (int i = 0; i < batches; i++) {
            RollupDelta.Builder builder = RollupDelta.builder();
            for (ResourceGroup<Span> g : pool.get(i % pool.size()).resources()) {
                String service = g.resource().serviceName();
                for (ScopeGroup<Span> s : g.scopes()) {
                    s.items().forEach(span -> builder.add(service, span));
                }
            }
            builder.build();
        }
        long rollupExtractNanos = CPU.getCurrentThreadCpuTime() - t0;

        Path dir = Files.createTempDirectory("sightline-rollup-probe");
        long indexNanos;
        long rollupNanos;
        try (IndexStore index = IndexStore.open(dir.resolve("index"), IndexOptions.defaults());
             RollupStore rollups = RollupStore.openOrRecreate(dir.resolve("rollup"), RollupOptions.defaults()
                     .withCachedCells(Integer.getInteger("cachedCells", RollupOptions.defaults().cachedCells())),
                     Duration.ofDays(35))) {
            indexNanos = 0;
            rollupNanos = 0;
            for (int from = 0; from < records.size(); from += RECORDS_PER_TRANSACTION) {
                List<IndexedRecord> tx = records.subList(from, Math.min(records.size(), from + RECORDS_PER_TRANSACTION));
                long a = CPU.getCurrentThreadCpuTime();
                index.apply(tx);
                long b = CPU.getCurrentThreadCpuTime();
                rollups.apply(tx);
                rollupNanos += CPU.getCurrentThreadCpuTime() - b;
                indexNanos += b - a;
            }
            System.out.printf("%-22s %d spans: extract (all) %.0f spans/s, of it rollup extract %.0f%%; index apply "
                            + "%.0f spans/s, rollup apply %.0f spans/s (%.0f%% of the index's CPU); %d operations%n",
                    oneMinute ? "spans in one minute" : "spans over an hour", spans, spans / (extractNanos / 1e9),
                    100.0 * rollupExtractNanos / extractNanos, spans / (indexNanos / 1e9),
                    spans / (rollupNanos / 1e9), 100.0 * rollupNanos / indexNanos, rollups.stats().operations());
            if (rollups.stats().outOfRangeSpans() > 0) {
                throw new IllegalStateException("spans out of range: " + rollups.stats());
            }
        }
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** The same spans, each moved to start in the first minute after the fixtures' base time. */
    private static SpanBatch intoOneMinute(SpanBatch batch) {
        List<ResourceGroup<Span>> groups = new ArrayList<>();
        for (ResourceGroup<Span> g : batch.resources()) {
            List<ScopeGroup<Span>> scopes = new ArrayList<>();
            for (ScopeGroup<Span> s : g.scopes()) {
                List<Span> moved = new ArrayList<>();
                for (Span x : s.items()) {
                    long start = ModelFixtures.BASE_EPOCH_NANOS
                            + Math.floorMod(x.startEpochNanos() - ModelFixtures.BASE_EPOCH_NANOS, 60_000_000_000L);
                    moved.add(new Span(x.traceId(), x.spanId(), x.traceState(), x.parentSpanId(), x.flags(), x.name(),
                            x.kind(), start, start + x.durationNanos(), x.attributes(), x.droppedAttributesCount(),
                            x.events(), x.droppedEventsCount(), x.links(), x.droppedLinksCount(), x.status()));
                }
                scopes.add(new ScopeGroup<>(s.scope(), moved));
            }
            groups.add(new ResourceGroup<>(g.resource(), scopes));
        }
        return new SpanBatch(groups);
    }

    private RollupApplyProbe() {
    }
}
