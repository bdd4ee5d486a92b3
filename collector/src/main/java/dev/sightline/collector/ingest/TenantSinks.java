package dev.sightline.collector.ingest;

import dev.sightline.store.SignalSink;

/**
 * Where each tenant's telemetry goes. Tenants never share a store, so isolation does not depend on every read
 * remembering a filter.
 */
@FunctionalInterface
public interface TenantSinks {

    SignalSink forTenant(String tenant);
}
