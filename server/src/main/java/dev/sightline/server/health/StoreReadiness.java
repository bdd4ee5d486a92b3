package dev.sightline.server.health;

import dev.sightline.server.store.StoreLifecycle;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready once the store has replayed its log: before that, nothing acknowledged may be missing from reads. */
@Readiness
@ApplicationScoped
public class StoreReadiness implements HealthCheck {

    private final StoreLifecycle lifecycle;

    public StoreReadiness(StoreLifecycle lifecycle) {
        this.lifecycle = lifecycle;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("store")
                .status(lifecycle.isReady())
                .withData("state", lifecycle.isReady() ? "open" : "replaying write-ahead log")
                .build();
    }
}
