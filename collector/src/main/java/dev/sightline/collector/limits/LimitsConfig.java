package dev.sightline.collector.limits;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

import java.time.Duration;

/**
 * Overload and cardinality limits. Every one is listed in docs/configuration.md ("Limits"). The per-tenant ones
 * apply to each tenant separately; with no tenants configured everything is the tenant {@code default}.
 */
@ConfigMapping(prefix = "sightline.limits")
public interface LimitsConfig {

    Memory memory();

    /**
     * Spans, log records and data points a tenant may send per second; past it exports are throttled (HTTP 429,
     * gRPC UNAVAILABLE, both with a retry hint). 0 = no rate limit.
     */
    @WithName("ingest-rate")
    @WithDefault("0")
    long ingestRate();

    /** Items a tenant may send at once above the rate (the token bucket's size). 0 = two seconds of the rate. */
    @WithName("ingest-burst")
    @WithDefault("0")
    long ingestBurst();

    /**
     * Metric series (resource, scope, metric name and point attributes) a tenant may have active at once. Data points
     * that would start a new series past it are rejected; series already active keep flowing.
     */
    @WithName("max-active-series")
    @WithDefault("100000")
    int maxActiveSeries();

    /** A series that received no data point for this long stops counting as active. */
    @WithName("series-active-window")
    @WithDefault("1h")
    Duration seriesActiveWindow();

    /**
     * Attributes kept per span, span event, span link and log record; the rest are dropped and counted in the
     * item's dropped_attributes_count. A metric data point with more is rejected: cutting labels would merge series.
     */
    @WithName("max-attributes-per-item")
    @WithDefault("128")
    int maxAttributesPerItem();

    /**
     * Characters of a string attribute value (bytes of a bytes value), nested values included; longer values are
     * truncated, as the SDKs' attribute limits do. A metric data point with a longer label value is rejected.
     */
    @WithName("max-attribute-value-length")
    @WithDefault("32768")
    int maxAttributeValueLength();

    /** UTF-8 bytes of a log record's body (strings and bytes, nested values included); larger records are rejected. */
    @WithName("max-log-body-bytes")
    @WithDefault("1048576")
    int maxLogBodyBytes();

    /** Spans one trace may have; later spans of a trace past it are rejected. */
    @WithName("max-spans-per-trace")
    @WithDefault("100000")
    int maxSpansPerTrace();

    /**
     * Traces whose span count is remembered per tenant (a fixed table: a trace that falls out of it starts counting
     * again from zero).
     */
    @WithName("tracked-traces")
    @WithDefault("65536")
    int trackedTraces();

    interface Memory {
        /** Heap in use after the last garbage collection, in percent of the maximum, above which exports are refused. */
        @WithName("soft-percent")
        @WithDefault("75")
        int softPercent();

        /** Above this, query API requests are refused too (HTTP 503); 0 turns that off. */
        @WithName("hard-percent")
        @WithDefault("90")
        int hardPercent();

        /** How often the heap is sampled. */
        @WithName("check-interval")
        @WithDefault("1s")
        Duration checkInterval();
    }
}
