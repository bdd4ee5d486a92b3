package dev.sightline.server.store;

import dev.sightline.store.SignalSink;
import dev.sightline.store.model.LogRecord;
import dev.sightline.store.model.Scoped;
import dev.sightline.store.model.TraceId;
import dev.sightline.store.read.LogReader;
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
        return new LogReader() {
            @Override
            public List<Scoped<LogRecord>> logsOfTrace(TraceId traceId) {
                return lifecycle.require().logsOfTrace(traceId);
            }

            @Override
            public List<Scoped<LogRecord>> recentLogs(String service, int limit, int maxBatchesScanned) {
                return lifecycle.require().recentLogs(service, limit, maxBatchesScanned);
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
