package dev.sightline.server.support;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.logs.Logger;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.exporter.otlp.logs.OtlpGrpcLogRecordExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.export.BatchLogRecordProcessor;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Applications as the OpenTelemetry Java SDK makes them: one tracer and logger provider per service, exporting
 * over OTLP/gRPC to the test server in batches, as applications do. {@link #close()} flushes and shuts them down.
 */
public final class Telemetry implements AutoCloseable {
    private final String endpoint;
    private final Map<String, String> headers;
    private final List<SdkTracerProvider> tracers = new ArrayList<>();
    private final List<SdkLoggerProvider> loggers = new ArrayList<>();

    public Telemetry(int grpcPort) {
        this(grpcPort, null);
    }

    /** Exports with {@code authorization: Bearer token}, as an app configured with an ingest token does. */
    public Telemetry(int grpcPort, String token) {
        this.endpoint = "http://127.0.0.1:" + grpcPort;
        this.headers = token == null ? Map.of() : Map.of("authorization", "Bearer " + token);
    }

    public Tracer tracer(String service) {
        SdkTracerProvider p = SdkTracerProvider.builder()
                .setResource(resource(service))
                .addSpanProcessor(BatchSpanProcessor.builder(OtlpGrpcSpanExporter.builder().setEndpoint(endpoint)
                        .setHeaders(() -> headers).build()).build())
                .build();
        tracers.add(p);
        return p.get("sightline-ui-test");
    }

    public Logger logger(String service) {
        SdkLoggerProvider p = SdkLoggerProvider.builder()
                .setResource(resource(service))
                .addLogRecordProcessor(BatchLogRecordProcessor.builder(OtlpGrpcLogRecordExporter.builder()
                        .setEndpoint(endpoint).setHeaders(() -> headers).build()).build())
                .build();
        loggers.add(p);
        return p.get("sightline-ui-test");
    }

    /** Waits until everything ended so far has been exported. */
    public void flush() {
        tracers.forEach(t -> t.forceFlush().join(10, TimeUnit.SECONDS));
        loggers.forEach(l -> l.forceFlush().join(10, TimeUnit.SECONDS));
    }

    private static Resource resource(String service) {
        return Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), service));
    }

    @Override
    public void close() {
        tracers.forEach(t -> t.shutdown().join(10, TimeUnit.SECONDS));
        loggers.forEach(l -> l.shutdown().join(10, TimeUnit.SECONDS));
    }
}
