package dev.sightline.alerting.engine;

import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs a round every interval on one daemon thread, at the clock's time. Fixed delay, not fixed rate: a round that
 * overruns (a huge rule set, a slow disk) pushes the next one back instead of piling rounds up.
 */
public final class EvaluationLoop implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(EvaluationLoop.class);

    private final AlertingEngine engine;
    private final Clock clock;
    private final Duration interval;
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sightline-alerting");
        t.setDaemon(true);
        return t;
    });

    public EvaluationLoop(AlertingEngine engine, Clock clock, Duration interval) {
        this.engine = engine;
        this.clock = clock;
        this.interval = interval;
    }

    public void start(Duration initialDelay) {
        executor.scheduleWithFixedDelay(this::round, initialDelay.toMillis(), interval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    private void round() {
        try {
            RoundReport r = engine.evaluate(clock.instant());
            if (r.took().compareTo(interval) > 0) {
                LOG.warnf("an alerting round took %d ms, longer than the %d s interval", r.took().toMillis(),
                        interval.toSeconds());
            }
        } catch (RuntimeException e) {
            // The next round tries again; a thrown exception would end the schedule for good.
            LOG.errorf(e, "alerting round failed");
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
