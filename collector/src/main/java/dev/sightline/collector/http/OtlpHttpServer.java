package dev.sightline.collector.http;

import dev.sightline.security.Authenticator;
import dev.sightline.collector.ingest.CollectorConfig;
import dev.sightline.collector.ingest.IngestPipeline;
import dev.sightline.collector.ingest.OtlpResponses;
import dev.sightline.collector.otlp.OtlpDecoder;
import dev.sightline.collector.otlp.OtlpMapper;
import dev.sightline.store.model.Signal;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.List;

/**
 * The OTLP/HTTP listener on its own port (4318 by default). Quarkus has one main HTTP port, which serves the
 * UI and the query API, so OTLP/HTTP gets a plain Vert.x server on the same Vert.x instance.
 */
@ApplicationScoped
public class OtlpHttpServer {
    private static final Logger LOG = Logger.getLogger(OtlpHttpServer.class);

    private final Vertx vertx;
    private final IngestPipeline pipeline;
    private final OtlpDecoder decoder;
    private final OtlpMapper mapper;
    private final CollectorConfig config;
    private final Authenticator authenticator;
    private volatile HttpServer server;

    public OtlpHttpServer(Vertx vertx, IngestPipeline pipeline, OtlpDecoder decoder, OtlpMapper mapper,
                          CollectorConfig config, Authenticator authenticator) {
        this.vertx = vertx;
        this.authenticator = authenticator;
        this.pipeline = pipeline;
        this.decoder = decoder;
        this.mapper = mapper;
        this.config = config;
    }

    void start(@Observes StartupEvent event) {
        CollectorConfig.Http http = config.http();
        OtlpHttpHandler handler = new OtlpHttpHandler(vertx, pipeline, routes(decoder, mapper), http.maxBodyBytes(),
                http.corsAllowedOrigins(), authenticator);
        HttpServerOptions options = new HttpServerOptions()
                .setHost(http.host())
                .setPort(http.port())
                .setDecompressionSupported(false)
                .setCompressionSupported(false)
                .setIdleTimeout(120);
        server = vertx.createHttpServer(options).requestHandler(handler)
                .listen().toCompletionStage().toCompletableFuture()
                .orTimeout(Duration.ofSeconds(30).toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
                .join();
        LOG.infof("OTLP/HTTP receiver listening on %s:%d", http.host(), server.actualPort());
    }

    /** The three OTLP/HTTP endpoints. */
    static List<HttpSignalRoute> routes(OtlpDecoder decoder, OtlpMapper mapper) {
        return List.of(
                new HttpSignalRoute(Signal.TRACES, "/v1/traces",
                        (body, enc) -> mapper.map(decoder.parseTraces(body, enc)), OtlpResponses::traces),
                new HttpSignalRoute(Signal.LOGS, "/v1/logs",
                        (body, enc) -> mapper.map(decoder.parseLogs(body, enc)), OtlpResponses::logs),
                new HttpSignalRoute(Signal.METRICS, "/v1/metrics",
                        (body, enc) -> mapper.map(decoder.parseMetrics(body, enc)), OtlpResponses::metrics));
    }

    void stop(@Observes ShutdownEvent event) {
        HttpServer s = server;
        if (s != null) {
            s.close().toCompletionStage().toCompletableFuture().join();
        }
    }

    /** The bound port: differs from the configured one when that is 0. */
    public int port() {
        HttpServer s = server;
        if (s == null) {
            throw new IllegalStateException("the OTLP/HTTP receiver is not started");
        }
        return s.actualPort();
    }
}
