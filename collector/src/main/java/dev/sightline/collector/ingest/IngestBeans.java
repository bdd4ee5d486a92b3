package dev.sightline.collector.ingest;

import dev.sightline.collector.otlp.OtlpDecoder;
import dev.sightline.collector.otlp.OtlpMapper;
import dev.sightline.collector.redaction.RedactionConfig;
import dev.sightline.collector.redaction.RedactionMetrics;
import dev.sightline.collector.redaction.Redactor;
import dev.sightline.store.SignalSink;
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
    Redactor redactor(RedactionConfig config, MeterRegistry registry) {
        return new Redactor(config.settings(), new RedactionMetrics(registry));
    }

    @Produces
    @Singleton
    OtlpMapper mapper(Redactor redactor) {
        return new OtlpMapper(redactor);
    }

    @Produces
    @Singleton
    IngestPipeline pipeline(SignalSink sink, MeterRegistry registry, CollectorConfig config) {
        long limit = config.maxInFlightBytes() > 0
                ? config.maxInFlightBytes()
                : Math.max(8L << 20, Runtime.getRuntime().maxMemory() / 16);
        return new IngestPipeline(sink, new IngestMetrics(registry), new InFlightBytes(limit),
                Duration.ofSeconds(config.retryAfterSeconds()));
    }
}
