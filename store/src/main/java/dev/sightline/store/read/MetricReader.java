package dev.sightline.store.read;

import java.util.List;

public interface MetricReader {

    /** Names of every metric in retained data, sorted. */
    List<String> metricNames();

    /**
     * Every series of the named metric with its points whose time is in [fromEpochNanos, toEpochNanos),
     * each point once (the same series and timestamp sent twice is kept once), oldest first.
     */
    List<MetricSeries> seriesByName(String name, long fromEpochNanos, long toEpochNanos);
}
