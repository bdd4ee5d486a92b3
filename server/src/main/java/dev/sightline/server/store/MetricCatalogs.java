package dev.sightline.server.store;

import dev.sightline.query.metrics.MetricCatalog;
import dev.sightline.server.auth.CurrentPrincipal;
import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One {@link MetricCatalog} per tenant: it caches what it learned of each metric name, and one tenant's metric
 * description must not answer for another's metric of the same name.
 */
@Singleton
public class MetricCatalogs {
    private final StoreLifecycle stores;
    private final Clock clock;
    private final Map<String, MetricCatalog> catalogs = new ConcurrentHashMap<>();

    public MetricCatalogs(StoreLifecycle stores, Clock clock) {
        this.stores = stores;
        this.clock = clock;
    }

    @Produces
    @RequestScoped
    MetricCatalog current(CurrentPrincipal principal) {
        String tenant = principal.tenant();
        return catalogs.computeIfAbsent(tenant,
                t -> new MetricCatalog(StoreSeams.ofTenant(stores, t).metrics(), clock));
    }
}
