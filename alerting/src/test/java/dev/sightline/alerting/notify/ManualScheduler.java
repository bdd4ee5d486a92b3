package dev.sightline.alerting.notify;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Runs scheduled tasks only when the test moves the clock past their time. */
final class ManualScheduler implements Scheduler {
    private record Task(Instant at, long seq, Runnable run) {
    }

    private final MutableClock clock;
    private final List<Task> tasks = new ArrayList<>();
    private long seq;

    ManualScheduler(MutableClock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized void schedule(Duration delay, Runnable task) {
        tasks.add(new Task(clock.instant().plus(delay), seq++, task));
    }

    /** Moves the clock to {@code t}, running every task due on the way at its own time. */
    void advanceTo(Instant t) {
        while (true) {
            Task next;
            synchronized (this) {
                next = tasks.stream().filter(x -> !x.at().isAfter(t))
                        .min(Comparator.comparing(Task::at).thenComparing(Task::seq)).orElse(null);
                if (next != null) {
                    tasks.remove(next);
                }
            }
            if (next == null) {
                break;
            }
            if (next.at().isAfter(clock.instant())) {
                clock.set(next.at());
            }
            next.run().run();
        }
        clock.set(t);
    }

    void advance(Duration d) {
        advanceTo(clock.instant().plus(d));
    }
}
