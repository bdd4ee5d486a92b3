package dev.sightline.server.store;

import dev.sightline.store.engine.EmbeddedStore;
import dev.sightline.store.query.Correlation;
import dev.sightline.store.read.CorrelationReader;
import dev.sightline.store.read.LogReader;
import dev.sightline.store.read.LogSearcher;
import dev.sightline.store.read.MetricReader;
import dev.sightline.store.read.MetricSeries;
import dev.sightline.store.read.RollupReader;
import dev.sightline.store.read.ServiceCatalog;
import dev.sightline.store.read.TraceReader;
import dev.sightline.store.read.TraceSearcher;
import dev.sightline.store.rollup.EdgeRollup;
import dev.sightline.store.rollup.OperationInfo;
import dev.sightline.store.rollup.SpanRollup;

import java.util.List;
import java.util.function.Supplier;

/**
 * The store's read seams over whichever store {@code store} names at the time of each call. The query
 * API and the UI get seams over the current request's tenant; each tenant's alerting gets seams fixed to its own.
 */
public record StoreSeams(TraceReader traces, LogReader logs, TraceSearcher traceSearcher,
                         LogSearcher logSearcher, CorrelationReader correlations, RollupReader rollups,
                         ServiceCatalog services, MetricReader metrics) {

    public static StoreSeams over(Supplier<EmbeddedStore> store) {
        return new StoreSeams(
                id -> store.get().findTrace(id),
                traceId -> store.get().logsOfTrace(traceId),
                query -> store.get().searchTraces(query),
                query -> store.get().searchLogs(query),
                new CorrelationReader() {
                    @Override
                    public List<String> correlationKeys() {
                        return store.get().correlationKeys();
                    }

                    @Override
                    public Correlation correlate(String correlationId) {
                        return store.get().correlate(correlationId);
                    }
                },
                new RollupReader() {
                    @Override
                    public List<OperationInfo> operations(String service) {
                        return store.get().operations(service);
                    }

                    @Override
                    public List<SpanRollup> spanRollups(String service, String operation, long fromEpochMinute,
                                                        long toEpochMinute) {
                        return store.get().spanRollups(service, operation, fromEpochMinute, toEpochMinute);
                    }

                    @Override
                    public List<SpanRollup> spanRollupsByHour(String service, String operation, long fromEpochMinute,
                                                              long toEpochMinute) {
                        return store.get().spanRollupsByHour(service, operation, fromEpochMinute, toEpochMinute);
                    }

                    @Override
                    public List<EdgeRollup> edgeRollups(long fromEpochMinute, long toEpochMinute) {
                        return store.get().edgeRollups(fromEpochMinute, toEpochMinute);
                    }
                },
                () -> store.get().services(),
                new MetricReader() {
                    @Override
                    public List<String> metricNames() {
                        return store.get().metricNames();
                    }

                    @Override
                    public List<MetricSeries> seriesByName(String name, long fromEpochNanos, long toEpochNanos) {
                        return store.get().seriesByName(name, fromEpochNanos, toEpochNanos);
                    }
                });
    }

    /** Seams fixed to one tenant's store, for work that runs outside any request (alerting). */
    public static StoreSeams ofTenant(StoreLifecycle stores, String tenant) {
        return over(() -> stores.require(tenant));
    }
}
