package dev.sightline.server.store;

import dev.sightline.collector.ingest.TenantSinks;
import dev.sightline.server.auth.CurrentPrincipal;
import dev.sightline.store.read.CorrelationReader;
import dev.sightline.store.read.LogReader;
import dev.sightline.store.read.LogSearcher;
import dev.sightline.store.read.MetricReader;
import dev.sightline.store.read.RollupReader;
import dev.sightline.store.read.ServiceCatalog;
import dev.sightline.store.read.TraceReader;
import dev.sightline.store.read.TraceSearcher;
import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.time.Clock;

/**
 * The store's seams as beans. The read seams resolve the current request's tenant on every call, so the query
 * API and the UI, written without tenants, read only the caller's store. Each goes through
 * {@link StoreLifecycle#require}, so callers get a clear "starting, retry later" while the log replays instead of
 * a half-open store. Outside a request there is no tenant and a read fails rather than pick one.
 */
public class StoreBeans {

    @Produces
    @Singleton
    @DefaultBean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Produces
    @Singleton
    StoreSeams requestSeams(StoreLifecycle lifecycle, CurrentPrincipal principal) {
        return StoreSeams.over(() -> lifecycle.require(principal.tenant()));
    }

    @Produces
    @Singleton
    TenantSinks sinks(StoreLifecycle lifecycle) {
        return tenant -> batch -> lifecycle.require(tenant).append(batch);
    }

    @Produces
    @Singleton
    TraceReader traces(StoreSeams seams) {
        return seams.traces();
    }

    @Produces
    @Singleton
    LogReader logs(StoreSeams seams) {
        return seams.logs();
    }

    @Produces
    @Singleton
    TraceSearcher traceSearcher(StoreSeams seams) {
        return seams.traceSearcher();
    }

    @Produces
    @Singleton
    LogSearcher logSearcher(StoreSeams seams) {
        return seams.logSearcher();
    }

    @Produces
    @Singleton
    CorrelationReader correlations(StoreSeams seams) {
        return seams.correlations();
    }

    @Produces
    @Singleton
    RollupReader rollups(StoreSeams seams) {
        return seams.rollups();
    }

    @Produces
    @Singleton
    ServiceCatalog services(StoreSeams seams) {
        return seams.services();
    }

    @Produces
    @Singleton
    MetricReader metrics(StoreSeams seams) {
        return seams.metrics();
    }
}
