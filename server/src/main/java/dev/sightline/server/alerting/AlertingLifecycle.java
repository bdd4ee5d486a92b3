package dev.sightline.server.alerting;

import dev.sightline.alerting.engine.AlertingEngine;
import dev.sightline.alerting.engine.EvaluationLoop;
import dev.sightline.alerting.notify.NotificationDispatcher;
import dev.sightline.alerting.slo.SloTracker;
import dev.sightline.alerting.storage.AlertingDatabase;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;

/**
 * Starts the evaluation loop after the store has started opening, and stops it before the store closes. Rounds
 * that come while the store still replays its log report their conditions as not evaluable, which keeps every
 * alert as it was.
 */
@ApplicationScoped
public class AlertingLifecycle {
    private static final Logger LOG = Logger.getLogger(AlertingLifecycle.class);

    private final AlertingSettings settings;
    private final AlertingEngine engine;
    private final Clock clock;
    private final NotificationDispatcher notifications;
    private final AlertingDatabase db;
    private final SloTracker sloTracker;
    private EvaluationLoop loop;

    public AlertingLifecycle(AlertingSettings settings, AlertingEngine engine, Clock clock,
                             NotificationDispatcher notifications, AlertingDatabase db, SloTracker sloTracker) {
        this.settings = settings;
        this.engine = engine;
        this.clock = clock;
        this.notifications = notifications;
        this.db = db;
        this.sloTracker = sloTracker;
    }

    void start(@Observes @Priority(100) StartupEvent event) {
        if (!settings.enabled()) {
            LOG.info("alerting is disabled (sightline.alerting.enabled=false)");
            return;
        }
        loop = new EvaluationLoop(engine, clock, settings.evaluationInterval());
        loop.start(Duration.ofSeconds(1));
        LOG.infof("alerting evaluates every %d s", settings.evaluationInterval().toSeconds());
    }

    void stop(@Observes @Priority(1_000) ShutdownEvent event) {
        if (loop != null) {
            loop.close();
        }
        // The SLO histories, so the next start reads minutes since now instead of rebuilding weeks of them.
        sloTracker.save();
        // Deliveries in flight log their outcome before the file they log to closes.
        notifications.close();
        db.close();
    }
}
