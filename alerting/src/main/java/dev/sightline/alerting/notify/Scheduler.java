package dev.sightline.alerting.notify;

import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs a task later: group flushes between evaluation rounds and delivery retries. A seam so tests drive time by
 * hand instead of sleeping.
 */
@FunctionalInterface
public interface Scheduler {

    void schedule(Duration delay, Runnable task);

    /** On a scheduled executor; a task that throws is logged, never lost silently in a discarded future. */
    static Scheduler of(ScheduledExecutorService executor) {
        Logger log = Logger.getLogger(Scheduler.class);
        return (delay, task) -> {
            try {
                executor.schedule(() -> {
                    try {
                        task.run();
                    } catch (RuntimeException e) {
                        log.errorf(e, "notification task failed: %s", e.getMessage());
                    }
                }, Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException e) {
                log.debugf("notifications are shutting down; a task scheduled in %s is dropped", delay);
            }
        };
    }
}
