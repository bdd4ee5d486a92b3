package dev.sightline.alerting.notify;

import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * The deliveries of one receiver, off the evaluation thread. At most one delivery per group waits (a newer
 * notification of a group replaces the one waiting, retry or not: the receiver only needs the latest state) and at
 * most one per group is in flight, so a group's notifications arrive in order. Up to {@code concurrency} groups
 * are posted at once. When the queue is full — the receiver has been failing for a long time and every group is
 * waiting for a retry — the oldest waiting retry is dropped (and logged) rather than growing without bound.
 *
 * <p>Retries are timed on the {@link Scheduler} with one pending wake-up at a time (the earliest due), so thousands
 * of retrying groups do not mean thousands of scheduled tasks.
 */
final class DeliveryQueue {
    private static final Logger LOG = Logger.getLogger(DeliveryQueue.class);

    private final Receiver receiver;
    private final WebhookNotifier notifier;
    private final DeliveryLog log;
    private final Clock clock;
    private final Executor executor;
    private final Scheduler scheduler;
    private final NotificationSettings settings;
    private final Consumer<Notification> onDelivered;

    // Guarded by this.
    private final LinkedHashMap<String, Delivery> waiting = new LinkedHashMap<>();
    private final Map<String, Delivery> inFlight = new HashMap<>();
    private Instant wakeUpAt;

    /** One notification's progress: attempts made, when it was first tried, when it may next be tried. */
    private record Delivery(Notification notification, int attempt, Instant firstAttempt, Instant dueAt) {
        String groupKey() {
            return notification.groupKey();
        }
    }

    DeliveryQueue(Receiver receiver, WebhookNotifier notifier, DeliveryLog log, Clock clock, Executor executor,
                  Scheduler scheduler, NotificationSettings settings, Consumer<Notification> onDelivered) {
        this.receiver = receiver;
        this.notifier = notifier;
        this.log = log;
        this.clock = clock;
        this.executor = executor;
        this.scheduler = scheduler;
        this.settings = settings;
        this.onDelivered = onDelivered;
    }

    void submit(Notification n) {
        Delivery dropped = null;
        List<Delivery> start;
        synchronized (this) {
            Instant now = clock.instant();
            waiting.remove(n.groupKey());
            if (waiting.size() >= settings.queueCapacity()) {
                dropped = evictOne();
            }
            waiting.put(n.groupKey(), new Delivery(n, 1, null, now));
            start = takeStartable(now);
        }
        if (dropped != null) {
            LOG.warnf("%s: delivery queue full (%d waiting); dropped the notification of %s", receiver,
                    settings.queueCapacity(), dropped.groupKey());
            log.record(dropped.notification(), dropped.attempt(), clock.instant(), DeliveryOutcome.DROPPED, null,
                    "delivery queue full (" + settings.queueCapacity() + " waiting)", 0);
        }
        start(start);
    }

    /** Whether a notification with exactly these alerts is waiting or in flight for the group. */
    synchronized boolean hasPending(String groupKey, Set<String> firing, Set<String> resolved) {
        Delivery w = waiting.get(groupKey);
        if (w != null) {
            return w.notification().sameAlerts(firing, resolved);
        }
        Delivery f = inFlight.get(groupKey);
        return f != null && f.notification().sameAlerts(firing, resolved);
    }

    synchronized int waitingCount() {
        return waiting.size();
    }

    private void attempt(Delivery d) {
        Instant attemptedAt = clock.instant();
        WebhookNotifier.Result result;
        try {
            result = notifier.post(receiver, d.notification().body());
        } catch (RuntimeException e) {
            // The message only: class names and stack traces are not for the delivery log the API shows.
            LOG.debugf(e, "%s: delivery of %s failed", receiver, d.groupKey());
            result = new WebhookNotifier.Result(DeliveryOutcome.RETRYING, null, "internal error: "
                    + (e.getMessage() == null ? "unexpected failure" : e.getMessage()), null, 0);
        }
        Instant now = clock.instant();
        Instant first = d.firstAttempt() == null ? attemptedAt : d.firstAttempt();
        DeliveryOutcome outcome = result.kind();
        String error = result.error();
        List<Delivery> start;
        synchronized (this) {
            inFlight.remove(d.groupKey());
            if (result.retryable()) {
                if (waiting.containsKey(d.groupKey())) {
                    outcome = DeliveryOutcome.SUPERSEDED;
                } else if (Duration.between(first, now).compareTo(settings.giveUpAfter()) >= 0) {
                    outcome = DeliveryOutcome.FAILED;
                    error = error + "; gave up after " + settings.giveUpAfter();
                } else {
                    Duration delay = settings.backoff().delay(d.attempt(), ThreadLocalRandom.current().nextDouble());
                    if (result.retryAfter() != null && result.retryAfter().compareTo(delay) > 0) {
                        delay = result.retryAfter();
                    }
                    Instant due = now.plus(delay);
                    waiting.put(d.groupKey(), new Delivery(d.notification(), d.attempt() + 1, first, due));
                    wakeUpBy(due, now);
                }
            }
            start = takeStartable(now);
        }
        log.record(d.notification(), d.attempt(), attemptedAt, outcome, result.httpStatus(), error,
                result.durationMs());
        if (outcome == DeliveryOutcome.FAILED) {
            LOG.warnf("%s: notification of %s not delivered (attempt %d): %s", receiver, d.groupKey(), d.attempt(),
                    error);
        }
        if (result.delivered()) {
            onDelivered.accept(d.notification());
        }
        start(start);
    }

    private void wakeUp() {
        List<Delivery> start;
        synchronized (this) {
            wakeUpAt = null;
            Instant now = clock.instant();
            start = takeStartable(now);
            waiting.values().stream().filter(w -> !inFlight.containsKey(w.groupKey())).map(Delivery::dueAt)
                    .filter(t -> t.isAfter(now)).min(Instant::compareTo).ifPresent(t -> wakeUpBy(t, now));
        }
        start(start);
    }

    /** Makes sure a wake-up comes no later than {@code due}. Holds the lock. */
    private void wakeUpBy(Instant due, Instant now) {
        if (wakeUpAt != null && !wakeUpAt.isAfter(due)) {
            return;
        }
        wakeUpAt = due;
        scheduler.schedule(Duration.between(now, due), this::wakeUp);
    }

    /** Removes and marks in flight what may start now, oldest first. Holds the lock. */
    private List<Delivery> takeStartable(Instant now) {
        List<Delivery> out = new ArrayList<>();
        Iterator<Delivery> it = waiting.values().iterator();
        while (it.hasNext() && inFlight.size() < settings.concurrency()) {
            Delivery d = it.next();
            if (!d.dueAt().isAfter(now) && !inFlight.containsKey(d.groupKey())) {
                it.remove();
                inFlight.put(d.groupKey(), d);
                out.add(d);
            }
        }
        return out;
    }

    /** The oldest waiting retry, else the oldest waiting delivery. Holds the lock. */
    private Delivery evictOne() {
        Delivery victim = waiting.values().stream().filter(d -> d.attempt() > 1).findFirst()
                .orElse(waiting.values().iterator().next());
        waiting.remove(victim.groupKey());
        return victim;
    }

    private void start(List<Delivery> deliveries) {
        for (Delivery d : deliveries) {
            try {
                executor.execute(() -> attempt(d));
            } catch (RejectedExecutionException e) {
                synchronized (this) {
                    inFlight.remove(d.groupKey());
                }
                LOG.debugf("%s: shutting down; the notification of %s is not sent", receiver, d.groupKey());
            }
        }
    }
}
