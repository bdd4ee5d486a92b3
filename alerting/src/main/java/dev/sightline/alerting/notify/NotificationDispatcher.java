package dev.sightline.alerting.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sightline.alerting.alert.AlertInstance;
import dev.sightline.alerting.alert.AlertState;
import dev.sightline.alerting.storage.AlertingDatabase;
import org.jboss.logging.Logger;

import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Turns each round's alerts into webhook notifications with Alertmanager's aggregation semantics, per receiver:
 * <ul>
 *   <li>alerts are grouped by the receiver's {@code group_by} labels;</li>
 *   <li>a new group waits {@code group_wait} before its first notification (at once when its alert started
 *       longer ago than that, e.g. after a restart, as Alertmanager does), then is looked at every
 *       {@code group_interval};</li>
 *   <li>at each look it is sent when it has a firing alert not sent before, when all its sent firing alerts have
 *       resolved, when (with {@code send_resolved}) an alert resolved since the last notification, or when the last
 *       notification is {@code repeat_interval} old (Alertmanager's notification-log rules);</li>
 *   <li>resolved alerts leave the group after the look that handled them; an empty group is dropped with its
 *       state.</li>
 * </ul>
 * The engine calls {@link #process} every round; between rounds a scheduled wake-up flushes groups that fall due,
 * so a 30 s {@code group_wait} is not stretched to the next round. With {@code group_wait: 0s} a new group is sent
 * within the same {@code process} call. Deliveries run on their own threads ({@link DeliveryQueue}): nothing here
 * waits for a receiver.
 *
 * <p>Alerts missing from a round's input are treated as muted (silenced, inhibited): a firing one leaves its group
 * without a "resolved"; a resolved one stays until it has been handled, so a resolution passed in for a single
 * round is not lost. What was last delivered per group is kept in H2 ({@link SentStateStore}), so after a restart
 * an unchanged firing group is not sent again before its repeat interval.
 */
public final class NotificationDispatcher implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(NotificationDispatcher.class);
    private static final Comparator<AlertInstance> SEND_ORDER = Comparator
            .comparing((AlertInstance a) -> a.isFiring() ? 0 : 1)
            .thenComparing(NotificationDispatcher::startOf, Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparing(AlertInstance::fingerprint);
    /** Stands for "resolved at an unknown time" in the map of handled resolutions. */
    private static final Instant UNKNOWN = Instant.MIN;

    private final Clock clock;
    private final Scheduler scheduler;
    private final SentStateStore stateStore;
    private final DeliveryLog deliveryLog;
    private final WebhookPayloads payloads;
    private final ObjectMapper json = new ObjectMapper();
    private final List<Receiver> receivers;
    private final List<ReceiverGroups> byReceiver = new ArrayList<>();
    private final WebhookNotifier notifier;
    private final Runnable shutdown;

    // Guarded by this.
    private Instant wakeUpAt;

    /**
     * @param executor  runs delivery attempts (blocking HTTP); {@code Runnable::run} in tests makes them synchronous
     * @param scheduler times group flushes between rounds and retries
     */
    public NotificationDispatcher(AlertingDatabase db, Clock clock, List<Receiver> receivers,
                                  NotificationSettings settings, Executor executor, Scheduler scheduler) {
        this(db, clock, receivers, settings, executor, scheduler,
                new WebhookNotifier(settings.version(), clock), HostResolver.SYSTEM, () -> { });
    }

    /** With the notifier and resolver given: tests resolve names to the addresses they need. */
    NotificationDispatcher(AlertingDatabase db, Clock clock, List<Receiver> receivers, NotificationSettings settings,
                           Executor executor, Scheduler scheduler, WebhookNotifier notifier, HostResolver resolver) {
        this(db, clock, receivers, settings, executor, scheduler, notifier, resolver, () -> { });
    }

    private NotificationDispatcher(AlertingDatabase db, Clock clock, List<Receiver> receivers,
                                   NotificationSettings settings, Executor executor, Scheduler scheduler,
                                   WebhookNotifier notifier, HostResolver resolver, Runnable shutdown) {
        this.clock = clock;
        this.scheduler = scheduler;
        this.shutdown = shutdown;
        this.receivers = List.copyOf(receivers);
        Set<String> names = new HashSet<>();
        for (Receiver r : this.receivers) {
            if (!names.add(r.name())) {
                throw new IllegalArgumentException("receiver \"" + r.name() + "\" is configured twice");
            }
            checkAddress(r, resolver);
        }
        this.notifier = notifier;
        this.stateStore = new SentStateStore(db);
        this.deliveryLog = new DeliveryLog(db, settings.deliveryLogRows(), settings.deliveryLogMaxAge());
        this.payloads = new WebhookPayloads(settings.externalUrl());
        Map<String, Map<String, SentState>> sent = stateStore.load();
        for (Receiver r : this.receivers) {
            ReceiverGroups groups = new ReceiverGroups(r, sent.getOrDefault(r.name(), new HashMap<>()));
            groups.queue = new DeliveryQueue(r, notifier, deliveryLog, clock, executor, scheduler, settings,
                    n -> delivered(groups, n));
            byReceiver.add(groups);
        }
    }

    /**
     * A dispatcher with its own daemon threads: one timer thread, and {@code concurrency} delivery threads per
     * receiver. {@link #close()} stops them.
     */
    public static NotificationDispatcher start(AlertingDatabase db, Clock clock, List<Receiver> receivers,
                                               NotificationSettings settings) {
        ExecutorService deliveries = Executors.newFixedThreadPool(
                Math.max(1, settings.concurrency() * receivers.size()), daemon("sightline-notify-send-"));
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(daemon("sightline-notify-timer-"));
        return new NotificationDispatcher(db, clock, receivers, settings, deliveries, Scheduler.of(timer),
                new WebhookNotifier(settings.version(), clock), HostResolver.SYSTEM, () -> {
            timer.shutdownNow();
            // Interrupts requests in flight; they end at once and are logged before the database closes.
            deliveries.shutdownNow();
            try {
                if (!deliveries.awaitTermination(5, TimeUnit.SECONDS)) {
                    LOG.warn("notification deliveries did not stop within 5 s");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    public List<Receiver> receivers() {
        return receivers;
    }

    public DeliveryLog deliveryLog() {
        return deliveryLog;
    }

    /**
     * One evaluation round: takes the alerts to notify (firing and recently resolved, already through
     * {@code NotificationFilter}; pending ones are ignored), updates the groups and sends what is due at
     * {@code now}. Returns without waiting for any receiver.
     */
    public void process(List<AlertInstance> alerts, Instant now) {
        List<Outgoing> out = new ArrayList<>();
        synchronized (this) {
            for (ReceiverGroups r : byReceiver) {
                r.update(alerts, now);
                r.flushDue(now, out);
                r.purgeOrphanStates(now);
            }
            scheduleWakeUp();
        }
        send(out);
    }

    /** Sends what has fallen due by {@code now}; the scheduled wake-ups call it between rounds. */
    public void flushDue(Instant now) {
        List<Outgoing> out = new ArrayList<>();
        synchronized (this) {
            for (ReceiverGroups r : byReceiver) {
                r.flushDue(now, out);
            }
            scheduleWakeUp();
        }
        send(out);
    }

    /** Groups currently held for a receiver (for tests and diagnostics). */
    synchronized int groupCount(String receiver) {
        return byReceiver.stream().filter(r -> r.receiver.name().equals(receiver)).mapToInt(r -> r.groups.size())
                .sum();
    }

    @Override
    public void close() {
        // First the sockets of requests in flight (a blocked socket read ignores interrupts), then the threads.
        notifier.close();
        shutdown.run();
    }

    /**
     * A receiver whose host is, or resolves now to, an address webhooks may not reach stops the start with its
     * name and the reason. A host that does not resolve now is let through: DNS may be back by the first alert,
     * and every delivery checks the addresses again anyway.
     */
    private static void checkAddress(Receiver r, HostResolver resolver) {
        try {
            r.target().address(resolver, r.allowPrivateAddresses());
        } catch (RefusedTargetException e) {
            throw new IllegalArgumentException("receiver \"" + r.name() + "\": " + e.getMessage());
        } catch (UnknownHostException e) {
            LOG.warnf("%s: host %s does not resolve now; deliveries will try again", r, r.target().host());
        }
    }

    private void send(List<Outgoing> out) {
        for (Outgoing o : out) {
            o.queue().submit(o.notification());
        }
    }

    private synchronized void delivered(ReceiverGroups r, Notification n) {
        r.markSent(n.groupKey(), new SentState(n.firing(), n.resolved(), n.flushedAt()));
    }

    private void wakeUp() {
        synchronized (this) {
            wakeUpAt = null;
        }
        flushDue(clock.instant());
    }

    /** One wake-up pending at a time, for the earliest group due. Holds the lock. */
    private void scheduleWakeUp() {
        Instant earliest = null;
        for (ReceiverGroups r : byReceiver) {
            for (AlertGroup g : r.groups.values()) {
                if (earliest == null || g.nextFlush.isBefore(earliest)) {
                    earliest = g.nextFlush;
                }
            }
        }
        if (earliest == null || (wakeUpAt != null && !wakeUpAt.isAfter(earliest))) {
            return;
        }
        wakeUpAt = earliest;
        Duration delay = Duration.between(clock.instant(), earliest);
        scheduler.schedule(delay.isNegative() ? Duration.ZERO : delay, this::wakeUp);
    }

    private static Instant startOf(AlertInstance a) {
        return a.firedAt() != null ? a.firedAt() : a.activeAt();
    }

    private static ThreadFactory daemon(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return task -> {
            Thread t = new Thread(task, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    private record Outgoing(DeliveryQueue queue, Notification notification) {
    }

    /** Alerts of one group: same receiver, same group labels. */
    private static final class AlertGroup {
        final String key;
        final Map<String, String> labels;
        final Map<String, AlertInstance> alerts = new LinkedHashMap<>();
        final Set<String> seen = new HashSet<>();
        Instant nextFlush;
        boolean flushed;

        AlertGroup(String key, Map<String, String> labels, Instant nextFlush) {
            this.key = key;
            this.labels = labels;
            this.nextFlush = nextFlush;
        }
    }

    /** One receiver's groups and their last delivered notifications. All methods run under the dispatcher lock. */
    private final class ReceiverGroups {
        final Receiver receiver;
        final Map<String, AlertGroup> groups = new LinkedHashMap<>();
        final Map<String, SentState> sent;
        /** Resolutions already handled (fingerprint → resolvedAt), so one passed in again is not re-added. */
        final Map<String, Instant> resolvedDone = new HashMap<>();
        DeliveryQueue queue;

        ReceiverGroups(Receiver receiver, Map<String, SentState> sent) {
            this.receiver = receiver;
            this.sent = sent;
        }

        void update(List<AlertInstance> alerts, Instant now) {
            groups.values().forEach(g -> g.seen.clear());
            Set<String> present = new HashSet<>();
            for (AlertInstance a : alerts) {
                if ((a.state() != AlertState.FIRING && a.state() != AlertState.RESOLVED)
                        || !receiver.accepts(a.labels())) {
                    continue;
                }
                present.add(a.fingerprint());
                if (a.state() == AlertState.RESOLVED) {
                    if (Objects.equals(resolvedDone.get(a.fingerprint()), resolvedKey(a))) {
                        continue;
                    }
                } else {
                    resolvedDone.remove(a.fingerprint());
                }
                Map<String, String> labels = GroupKey.groupLabels(receiver, a.labels());
                String key = GroupKey.of(receiver, labels);
                AlertGroup g = groups.computeIfAbsent(key, k -> new AlertGroup(k, labels,
                        now.plus(receiver.groupWait())));
                Instant start = startOf(a);
                if (!g.flushed && start != null && !start.plus(receiver.groupWait()).isAfter(now)) {
                    g.nextFlush = now;
                }
                g.alerts.put(a.fingerprint(), a);
                g.seen.add(a.fingerprint());
            }
            Iterator<AlertGroup> it = groups.values().iterator();
            while (it.hasNext()) {
                AlertGroup g = it.next();
                g.alerts.values().removeIf(a -> !g.seen.contains(a.fingerprint())
                        && a.state() != AlertState.RESOLVED);
                if (g.alerts.isEmpty()) {
                    it.remove();
                    forget(g.key);
                }
            }
            resolvedDone.keySet().retainAll(present);
        }

        void flushDue(Instant now, List<Outgoing> out) {
            for (AlertGroup g : new ArrayList<>(groups.values())) {
                if (!g.nextFlush.isAfter(now)) {
                    g.nextFlush = now.plus(receiver.groupInterval());
                    g.flushed = true;
                    flush(g, now, out);
                }
            }
        }

        private void flush(AlertGroup g, Instant now, List<Outgoing> out) {
            Set<String> firing = new HashSet<>();
            Set<String> resolved = new HashSet<>();
            g.alerts.values().forEach(a -> (a.isFiring() ? firing : resolved).add(a.fingerprint()));
            if (!needsUpdate(sent.get(g.key), firing, resolved, now)) {
                dropResolved(g, resolved);
                return;
            }
            List<AlertInstance> toSend = g.alerts.values().stream()
                    .filter(a -> a.isFiring() || receiver.sendResolved()).sorted(SEND_ORDER).toList();
            if (toSend.isEmpty()) {
                // Only resolved alerts, and the receiver does not want them: recorded as handled, nothing posted.
                markSent(g.key, new SentState(firing, resolved, now));
                return;
            }
            if (queue.hasPending(g.key, firing, resolved)) {
                return;
            }
            WebhookPayload payload = payloads.build(receiver, g.key, g.labels, toSend);
            byte[] body;
            try {
                body = json.writeValueAsBytes(payload);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("cannot serialize a webhook payload: " + e.getMessage(), e);
            }
            List<String> fingerprints = payload.alerts().stream().map(WebhookPayload.Alert::fingerprint).toList();
            out.add(new Outgoing(queue, new Notification(receiver.name(), g.key, firing, resolved, now,
                    payload.status(), fingerprints, body)));
        }

        /** Alertmanager's DedupStage.needsUpdate, with the repeat due at exactly repeat_interval. */
        private boolean needsUpdate(SentState last, Set<String> firing, Set<String> resolved, Instant now) {
            if (last == null) {
                return !firing.isEmpty();
            }
            if (!last.firing().containsAll(firing)) {
                return true;
            }
            if (firing.isEmpty()) {
                // Everything sent as firing has resolved (tell the receiver), or alerts came and went unseen.
                return !last.firing().isEmpty();
            }
            if (receiver.sendResolved() && !last.resolved().containsAll(resolved)) {
                return true;
            }
            return !last.sentAt().isAfter(now.minus(receiver.repeatInterval()));
        }

        /** A notification of the group was delivered (or needed no post): remember it, let its resolved go. */
        void markSent(String key, SentState state) {
            sent.put(key, state);
            stateStore.put(receiver.name(), key, state);
            AlertGroup g = groups.get(key);
            if (g != null) {
                dropResolved(g, state.resolved());
            }
        }

        private void dropResolved(AlertGroup g, Set<String> handled) {
            for (String fp : handled) {
                AlertInstance a = g.alerts.get(fp);
                if (a != null && a.state() == AlertState.RESOLVED) {
                    g.alerts.remove(fp);
                    resolvedDone.put(fp, resolvedKey(a));
                }
            }
            if (g.alerts.isEmpty() && groups.get(g.key) == g) {
                groups.remove(g.key);
                forget(g.key);
            }
        }

        private void forget(String key) {
            if (sent.remove(key) != null) {
                stateStore.delete(receiver.name(), key);
            }
        }

        /**
         * States of groups that no longer exist (the group was dropped while its notification was in flight, or it
         * did not come back after a restart) are kept one repeat interval, then deleted.
         */
        void purgeOrphanStates(Instant now) {
            Instant before = now.minus(receiver.repeatInterval());
            List<String> orphans = sent.entrySet().stream()
                    .filter(e -> !groups.containsKey(e.getKey()) && !e.getValue().sentAt().isAfter(before))
                    .map(Map.Entry::getKey).toList();
            orphans.forEach(this::forget);
        }

        private Instant resolvedKey(AlertInstance a) {
            return a.resolvedAt() == null ? UNKNOWN : a.resolvedAt();
        }
    }
}
