package dev.sightline.collector.limits;

/**
 * One tenant's limit state: its ingest-rate bucket (null without a rate limit), its active series and the span
 * counts of its recent traces.
 */
public record TenantLimits(TokenBucket rate, ActiveSeries series, TraceSpanCounts traceSpans) {
}
