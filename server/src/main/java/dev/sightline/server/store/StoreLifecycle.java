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
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.io.IOException;
import java.nio.file.Files;
import java.util.stream.Stream;
import dev.sightline.security.Authenticator;
import dev.sightline.security.TenantId;

/**
 * Opens each tenant's store and closes them last at shutdown. Every tenant has a store of its own (log, H2 index,
 * Chronicle Maps, rollups): the default tenant's in the data directory, every other one's in
 * {@code tenants/<name>} under it. Separate stores make isolation structural; no read depends on remembering a
 * tenant filter.
 *
 * <p>Opening replays the write-ahead log, which can take a while after a crash, so it runs beside start-up: the
 * HTTP and gRPC ports come up at once, liveness is UP, readiness stays DOWN and every export or query is answered
 * "retry later" until replay is done. Tenants known at start (a directory, or a configured token) open then; a
 * tenant first seen later (a token made through the API) opens on first use the same way.
 */
@ApplicationScoped
public class StoreLifecycle {
    private static final Logger LOG = Logger.getLogger(StoreLifecycle.class);
    private static final Duration STARTING_RETRY_AFTER = Duration.ofSeconds(2);
    static final String TENANTS_DIR = "tenants";

    private final StoreSettings settings;
    private final Clock clock;
    private final Authenticator authenticator;
    private final Map<String, TenantStore> stores = new ConcurrentHashMap<>();
    private volatile boolean closing;

    /** One tenant's store while it opens and after. */
    private static final class TenantStore {
        volatile EmbeddedStore store;
        volatile Thread opener;
    }

    public StoreLifecycle(StoreSettings settings, Clock clock, Authenticator authenticator) {
        this.settings = settings;
        this.clock = clock;
        this.authenticator = authenticator;
    }

    void open(@Observes @Priority(1) StartupEvent event) {
        for (String tenant : knownTenants()) {
            stores.computeIfAbsent(tenant, this::startOpening);
        }
    }

    /** The default tenant, every tenant with a directory and every tenant of a configured token. */
    List<String> knownTenants() {
        TreeSet<String> tenants = new TreeSet<>();
        tenants.add(TenantId.DEFAULT);
        Path dir = Path.of(settings.dataDir()).resolve(TENANTS_DIR);
        if (Files.isDirectory(dir)) {
            try (Stream<Path> children = Files.list(dir)) {
                children.filter(Files::isDirectory).map(p -> p.getFileName().toString())
                        .filter(TenantId::isValid).forEach(tenants::add);
            } catch (IOException e) {
                LOG.warnf("cannot list %s: %s", dir, e.getMessage());
            }
        }
        tenants.addAll(authenticator.tenants());
        return List.copyOf(tenants);
    }

    /** Where a tenant's data lives. */
    public Path dataDirectory(String tenant) {
        Path root = Path.of(settings.dataDir());
        return TenantId.DEFAULT.equals(TenantId.require(tenant)) ? root : root.resolve(TENANTS_DIR).resolve(tenant);
    }

    private TenantStore startOpening(String tenant) {
        TenantStore ts = new TenantStore();
        StoreConfig config = toConfig(settings, dataDirectory(tenant));
        Thread t = new Thread(() -> {
            try {
                long started = System.nanoTime();
                ts.store = EmbeddedStore.open(config, new BinaryBatchCodec(), clock,
                        IndexOptions.defaults(), toRollupOptions(settings.rollups()));
                LOG.infof("store of tenant %s opened in %d ms (data in %s); readiness follows once its log is replayed",
                        tenant, (System.nanoTime() - started) / 1_000_000, config.dataDirectory().toAbsolutePath());
            } catch (Exception | Error e) {
                LOG.errorf(e, "cannot open the store in %s; stopping", config.dataDirectory().toAbsolutePath());
                Quarkus.asyncExit(1);
            }
        }, "sightline-store-open-" + tenant);
        ts.opener = t;
        t.start();
        return ts;
    }

    void close(@Observes @Priority(10_000) ShutdownEvent event) throws InterruptedException {
        closing = true;
        for (Map.Entry<String, TenantStore> e : stores.entrySet()) {
            Thread t = e.getValue().opener;
            if (t != null) {
                t.join(Duration.ofMinutes(5).toMillis());
            }
            EmbeddedStore s = e.getValue().store;
            if (s != null) {
                s.close();
                LOG.infof("store of tenant %s closed cleanly", e.getKey());
            }
        }
    }

    /** The tenant's open store; while it is still opening (or was never used before), a retryable refusal. */
    public EmbeddedStore require(String tenant) {
        if (closing) {
            throw new StoreOverloadedException("Sightline is shutting down", STARTING_RETRY_AFTER);
        }
        TenantStore ts = stores.get(tenant);
        // Names are checked once, when a tenant's store is first opened, not on every read and write.
        if (ts == null) {
            ts = stores.computeIfAbsent(TenantId.require(tenant), this::startOpening);
        }
        EmbeddedStore s = ts.store;
        if (s == null || !s.isReady()) {
            throw new StoreOverloadedException("Sightline is starting: replaying its write-ahead log", STARTING_RETRY_AFTER);
        }
        return s;
    }

    /** Starts opening a tenant's store ahead of its first use (a token was just made for it). */
    public void prepare(String tenant) {
        if (!closing) {
            stores.computeIfAbsent(TenantId.require(tenant), this::startOpening);
        }
    }

    /** Whether every store opened so far has replayed its log. */
    public boolean isReady() {
        if (stores.isEmpty()) {
            return false;
        }
        for (TenantStore ts : stores.values()) {
            EmbeddedStore s = ts.store;
            if (s == null || !s.isReady()) {
                return false;
            }
        }
        return true;
    }

    /** The tenant's store when open, else null: for metrics, which must not fail while starting. */
    public EmbeddedStore storeIfOpen(String tenant) {
        TenantStore ts = stores.get(tenant);
        return ts == null ? null : ts.store;
    }

    /** Tenants whose store is open or opening. */
    public List<String> tenants() {
        return stores.keySet().stream().sorted().toList();
    }

    static StoreConfig toConfig(StoreSettings s, Path dataDirectory) {
        return new StoreConfig(dataDirectory, s.segmentBytes(), s.segmentMaxAge(), s.fsync(),
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
