package dev.sightline.server.store;

import dev.sightline.store.SignalSink;
import dev.sightline.store.query.Correlation;
import dev.sightline.store.read.CorrelationReader;
import dev.sightline.store.read.LogReader;
import dev.sightline.store.read.LogSearcher;
import dev.sightline.store.read.RollupReader;
import dev.sightline.store.read.TraceSearcher;
import dev.sightline.store.rollup.EdgeRollup;
import dev.sightline.store.rollup.OperationInfo;
import dev.sightline.store.rollup.SpanRollup;
import dev.sightline.store.read.MetricReader;
import dev.sightline.store.read.MetricSeries;
import dev.sightline.store.read.ServiceCatalog;
import dev.sightline.store.read.TraceReader;
import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.util.List;

/**
 * The store's seams as beans. Each goes through {@link StoreLifecycle#require()}, so callers get a clear
 * "starting, retry later" while the log replays instead of a half-open store.
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
    SignalSink sink(StoreLifecycle lifecycle) {
        return batch -> lifecycle.require().append(batch);
    }

    @Produces
    @Singleton
    TraceReader traces(StoreLifecycle lifecycle) {
        return id -> lifecycle.require().findTrace(id);
    }

    @Produces
    @Singleton
    LogReader logs(StoreLifecycle lifecycle) {
        return traceId -> lifecycle.require().logsOfTrace(traceId);
    }

    @Produces
    @Singleton
    TraceSearcher traceSearcher(StoreLifecycle lifecycle) {
        return query -> lifecycle.require().searchTraces(query);
    }

    @Produces
    @Singleton
    LogSearcher logSearcher(StoreLifecycle lifecycle) {
        return query -> lifecycle.require().searchLogs(query);
    }

    @Produces
    @Singleton
    CorrelationReader correlations(StoreLifecycle lifecycle) {
        return new CorrelationReader() {
            @Override
            public List<String> correlationKeys() {
                return lifecycle.require().correlationKeys();
            }

            @Override
            public Correlation correlate(String correlationId) {
                return lifecycle.require().correlate(correlationId);
            }
        };
    }

    @Produces
    @Singleton
    RollupReader rollups(StoreLifecycle lifecycle) {
        return new RollupReader() {
            @Override
            public List<OperationInfo> operations(String service) {
                return lifecycle.require().operations(service);
            }

            @Override
            public List<SpanRollup> spanRollups(String service, String operation, long fromEpochMinute,
                                                long toEpochMinute) {
                return lifecycle.require().spanRollups(service, operation, fromEpochMinute, toEpochMinute);
            }

            @Override
            public List<SpanRollup> spanRollupsByHour(String service, String operation, long fromEpochMinute,
                                                      long toEpochMinute) {
                return lifecycle.require().spanRollupsByHour(service, operation, fromEpochMinute, toEpochMinute);
            }

            @Override
            public List<EdgeRollup> edgeRollups(long fromEpochMinute, long toEpochMinute) {
                return lifecycle.require().edgeRollups(fromEpochMinute, toEpochMinute);
            }
        };
    }

    @Produces
    @Singleton
    ServiceCatalog services(StoreLifecycle lifecycle) {
        return () -> lifecycle.require().services();
    }

    @Produces
    @Singleton
    MetricReader metrics(StoreLifecycle lifecycle) {
        return new MetricReader() {
            @Override
            public List<String> metricNames() {
                return lifecycle.require().metricNames();
            }

            @Override
            public List<MetricSeries> seriesByName(String name, long fromEpochNanos, long toEpochNanos) {
                return lifecycle.require().seriesByName(name, fromEpochNanos, toEpochNanos);
            }
        };
    }
}
