package dev.sightline.collector.ingest;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

import java.util.List;

/** The OTLP receivers' settings. Every one is listed in docs/configuration.md. */
@ConfigMapping(prefix = "sightline.otlp")
public interface CollectorConfig {

    Http http();

    Grpc grpc();

    /** Seconds an overloaded client is told to wait: HTTP {@code Retry-After}, gRPC {@code RetryInfo}. */
    @WithName("retry-after-seconds")
    @WithDefault("1")
    int retryAfterSeconds();

    /**
     * Bytes of request bodies being decoded at once, across all receivers; past it requests are refused
     * with a retry hint instead of risking the heap. 0 = a 64th of the maximum heap, at least 8 MiB.
     */
    @WithName("max-in-flight-bytes")
    @WithDefault("0")
    long maxInFlightBytes();

    interface Http {
        /** Address the OTLP/HTTP receiver binds to. */
        @WithDefault("${sightline.host:127.0.0.1}")
        String host();

        /** Port of the OTLP/HTTP receiver (OTLP's default is 4318). 0 picks a free port. */
        @WithDefault("4318")
        int port();

        /** Largest request body, after gzip decompression. Larger bodies get 413. */
        @WithName("max-body-bytes")
        @WithDefault("20971520")
        int maxBodyBytes();

        /** Origins allowed to send from a browser (CORS). */
        @WithName("cors-allowed-origins")
        @WithDefault("*")
        List<String> corsAllowedOrigins();
    }

    /**
     * Read by Quarkus' gRPC server through {@code quarkus.grpc.server.*} (application.properties); declared here
     * so they are documented and validated with the rest.
     */
    interface Grpc {
        /** Port of the OTLP/gRPC receiver (OTLP's default is 4317). */
        @WithDefault("4317")
        int port();

        /** Largest gRPC message; larger ones get RESOURCE_EXHAUSTED. */
        @WithName("max-message-bytes")
        @WithDefault("16777216")
        int maxMessageBytes();
    }
}
