package dev.sightline.server.store;

import dev.sightline.store.StoreConfig;
import dev.sightline.store.StoreOverloadedException;
import dev.sightline.store.codec.BinaryBatchCodec;
import dev.sightline.store.engine.EmbeddedStore;
import dev.sightline.store.index.IndexOptions;
import dev.sightline.store.model.Signal;
import dev.sightline.store.rollup.RollupOptions;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * Opens the store at start-up and closes it last at shutdown. Opening replays the write-ahead log, which can
 * take a while after a crash, so it runs beside start-up: the HTTP and gRPC ports come up at once, liveness
 * is UP, readiness stays DOWN and every export or query is answered "retry later" until replay is done.
 */
@ApplicationScoped
public class StoreLifecycle {
    private static final Logger LOG = Logger.getLogger(StoreLifecycle.class);
    private static final Duration STARTING_RETRY_AFTER = Duration.ofSeconds(2);

    private final StoreSettings settings;
    private final Clock clock;
    private volatile EmbeddedStore store;
    private volatile Thread opener;

    public StoreLifecycle(StoreSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    void open(@Observes @Priority(1) StartupEvent event) {
        StoreConfig config = toConfig(settings);
        Thread t = new Thread(() -> {
            try {
                long started = System.nanoTime();
                EmbeddedStore opened = EmbeddedStore.open(config, new BinaryBatchCodec(), clock,
                        IndexOptions.defaults(), toRollupOptions(settings.rollups()));
                store = opened;
                LOG.infof("store opened in %d ms (data in %s); readiness follows once its log is replayed",
                        (System.nanoTime() - started) / 1_000_000, config.dataDirectory().toAbsolutePath());
            } catch (Exception | Error e) {
                LOG.errorf(e, "cannot open the store in %s; stopping", config.dataDirectory().toAbsolutePath());
                Quarkus.asyncExit(1);
            }
        }, "sightline-store-open");
        opener = t;
        t.start();
    }

    void close(@Observes @Priority(10_000) ShutdownEvent event) throws InterruptedException {
        Thread t = opener;
        if (t != null) {
            t.join(Duration.ofMinutes(5).toMillis());
        }
        EmbeddedStore s = store;
        if (s != null) {
            s.close();
            LOG.info("store closed cleanly");
        }
    }

    /** The open store; while it is still opening, a retryable refusal. */
    public EmbeddedStore require() {
        EmbeddedStore s = store;
        if (s == null || !s.isReady()) {
            throw new StoreOverloadedException("Sightline is starting: replaying its write-ahead log", STARTING_RETRY_AFTER);
        }
        return s;
    }

    public boolean isReady() {
        EmbeddedStore s = store;
        return s != null && s.isReady();
    }

    /** The store when open, else null: for metrics, which must not fail while starting. */
    public EmbeddedStore storeIfOpen() {
        return store;
    }

    static StoreConfig toConfig(StoreSettings s) {
        return new StoreConfig(Path.of(s.dataDir()), s.segmentBytes(), s.segmentMaxAge(), s.fsync(),
                s.fsyncInterval(), s.maxPendingBytes(), s.maxIndexLag(),
                Map.of(Signal.TRACES, s.retention().traces(), Signal.LOGS, s.retention().logs(),
                        Signal.METRICS, s.retention().metrics()),
                s.diskBudgetBytes(), s.retentionInterval())
                .withCorrelationKeys(s.correlationKeys())
                .withRollupRetention(s.retention().rollups());
    }

    static RollupOptions toRollupOptions(StoreSettings.Rollups r) {
        return new RollupOptions(r.maxOperationsPerService(), r.maxOperations(), r.maxCalleesPerCaller(),
                r.edgeWait(), r.maxPendingEdges(), r.cachedRows(), r.flushInterval(), r.maxClockSkew());
    }
}
