package dev.sightline.collector.ingest;

import dev.sightline.collector.otlp.OtlpDecoder;
import dev.sightline.collector.otlp.OtlpMapper;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.time.Duration;

/** Wires the collector's plain classes into CDI; the classes themselves stay framework-free. */
public class IngestBeans {

    @Produces
    @Singleton
    OtlpDecoder decoder() {
        return new OtlpDecoder();
    }

    @Produces
    @Singleton
    OtlpMapper mapper() {
        return new OtlpMapper();
    }

    @Produces
    @Singleton
    IngestPipeline pipeline(TenantSinks sinks, MeterRegistry registry, CollectorConfig config) {
        long limit = config.maxInFlightBytes() > 0
                ? config.maxInFlightBytes()
                : Math.max(8L << 20, Runtime.getRuntime().maxMemory() / 16);
        return new IngestPipeline(sinks, new IngestMetrics(registry), new InFlightBytes(limit),
                Duration.ofSeconds(config.retryAfterSeconds()));
    }
}
