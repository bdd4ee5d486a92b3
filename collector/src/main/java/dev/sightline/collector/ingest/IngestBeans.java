package dev.sightline.collector.ingest;

import dev.sightline.collector.limits.HeapAfterGc;
import dev.sightline.collector.limits.HeapUsage;
import dev.sightline.collector.limits.IngestLimits;
import dev.sightline.collector.limits.LimitsConfig;
import dev.sightline.collector.limits.MemoryGuard;
import dev.sightline.collector.otlp.OtlpDecoder;
import dev.sightline.collector.otlp.OtlpMapper;
import dev.sightline.collector.redaction.RedactionConfig;
import dev.sightline.collector.redaction.RedactionMetrics;
import dev.sightline.collector.redaction.Redactor;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Wires the collector's plain classes into CDI; the classes themselves stay framework-free. */
public class IngestBeans {

    @Produces
    @Singleton
    OtlpDecoder decoder() {
        return new OtlpDecoder();
    }

    @Produces
    @Singleton
    Redactor redactor(RedactionConfig config, MeterRegistry registry) {
        return new Redactor(config.settings(), new RedactionMetrics(registry));
    }

    @Produces
    @Singleton
    OtlpMapper mapper(Redactor redactor) {
        return new OtlpMapper(redactor);
    }

    /** The JVM's heap after the last collection; a test may put an alternative in its place. */
    @Produces
    @Singleton
    @DefaultBean
    HeapUsage heapUsage() {
        return new HeapAfterGc();
    }

    void closeHeapUsage(@Disposes HeapUsage heap) throws Exception {
        if (heap instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }

    /** The memory guard and the thread that samples it; closing stops the thread. */
    public record SampledMemoryGuard(MemoryGuard guard, ScheduledExecutorService sampler) implements AutoCloseable {
        @Override
        public void close() {
            sampler.shutdownNow();
        }
    }

    @Produces
    @Singleton
    SampledMemoryGuard sampledMemoryGuard(LimitsConfig config, HeapUsage heap) {
        MemoryGuard guard = new MemoryGuard(heap, config.memory().softPercent(), config.memory().hardPercent(),
                heap instanceof HeapAfterGc real ? real::collectNow : System::gc);
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "sightline-memory-guard");
            t.setDaemon(true);
            return t;
        });
        long every = config.memory().checkInterval().toMillis();
        sampler.scheduleAtFixedRate(guard::sample, 0, every, TimeUnit.MILLISECONDS);
        return new SampledMemoryGuard(guard, sampler);
    }

    void closeMemoryGuard(@Disposes SampledMemoryGuard sampled) {
        sampled.close();
    }

    @Produces
    @Singleton
    MemoryGuard memoryGuard(SampledMemoryGuard sampled) {
        return sampled.guard();
    }

    @Produces
    @Singleton
    IngestLimits limits(LimitsConfig config) {
        return IngestLimits.from(config, System::nanoTime);
    }

    @Produces
    @Singleton
    IngestPipeline pipeline(TenantSinks sinks, MeterRegistry registry, CollectorConfig config, MemoryGuard memory,
                            IngestLimits limits) {
        long limit = config.maxInFlightBytes() > 0
                ? config.maxInFlightBytes()
                : Math.max(8L << 20, Runtime.getRuntime().maxMemory() / 64);
        IngestMetrics metrics = new IngestMetrics(registry);
        metrics.watchMemory(memory);
        return new IngestPipeline(sinks, metrics, new InFlightBytes(limit),
                Duration.ofSeconds(config.retryAfterSeconds()), memory, limits);
    }
}
