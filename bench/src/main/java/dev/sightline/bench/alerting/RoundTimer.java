package dev.sightline.bench.alerting;

import dev.sightline.alerting.alert.AlertDefinition;
import dev.sightline.alerting.alert.AlertInstance;
import dev.sightline.alerting.engine.AlertDefinitionSource;
import dev.sightline.alerting.engine.AlertSuppressor;
import dev.sightline.alerting.engine.NotificationSink;
import dev.sightline.alerting.engine.Suppression;
import dev.sightline.store.model.LogRecord;
import dev.sightline.store.model.Scoped;
import dev.sightline.store.query.LogQuery;
import dev.sightline.store.query.Page;
import dev.sightline.store.query.TraceHit;
import dev.sightline.store.query.TraceQuery;
import dev.sightline.store.read.LogSearcher;
import dev.sightline.store.read.TraceSearcher;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Where a round's time goes, without a profiler: thin wrappers around the seams the engine is built from (its
 * definition sources, each definition's condition, the evidence searches, the mute stage, the notifier) add up the
 * nanoseconds spent in each. What no seam covers (the lifecycle, saving the instances to H2, building the report)
 * is the round's time minus the rest. A wrapper costs two {@code System.nanoTime()} calls per use (about 3,000 a
 * round), far below a millisecond.
 */
final class RoundTimer {
    static final List<String> PARTS = List.of("slo-update", "rule-defs", "slo-conditions", "rule-conditions",
            "evidence", "mute", "notify");

    private final Map<String, AtomicLong> nanos = new LinkedHashMap<>();
    /** The {@code now} of every round started, in order (the first source is asked first). */
    private final List<Instant> roundStarts = new java.util.concurrent.CopyOnWriteArrayList<>();

    RoundTimer() {
        for (String p : PARTS) {
            nanos.put(p, new AtomicLong());
        }
    }

    /** Nanoseconds per part since the last call, and resets them. */
    Map<String, Long> takeNanos() {
        Map<String, Long> out = new LinkedHashMap<>();
        nanos.forEach((k, v) -> out.put(k, v.getAndSet(0)));
        return out;
    }

    private void add(String part, long started) {
        nanos.get(part).addAndGet(System.nanoTime() - started);
    }

    /** The latest round that started at or before {@code t}; null if none. */
    Instant roundStartedBy(Instant t) {
        Instant found = null;
        for (Instant s : roundStarts) {
            if (!s.isAfter(t)) {
                found = s;
            }
        }
        return found;
    }

    AlertDefinitionSource source(AlertDefinitionSource inner, String updatePart, String conditionPart) {
        return now -> {
            if (updatePart.equals("slo-update")) {
                roundStarts.add(now);
            }
            long t = System.nanoTime();
            List<AlertDefinition> defs;
            try {
                defs = inner.definitions(now);
            } finally {
                add(updatePart, t);
            }
            List<AlertDefinition> out = new ArrayList<>(defs.size());
            for (AlertDefinition d : defs) {
                out.add(new AlertDefinition(d.name(), d.kind(), d.forDuration(), d.keepFiringFor(), d.labels(),
                        d.annotations(), d.runbook(), d.origin(), d.slo(), at -> {
                            long s = System.nanoTime();
                            try {
                                return d.condition().evaluate(at);
                            } finally {
                                add(conditionPart, s);
                            }
                        }));
            }
            return out;
        };
    }

    AlertSuppressor suppressor(AlertSuppressor inner) {
        return (List<AlertInstance> all, Instant now) -> {
            long t = System.nanoTime();
            try {
                Map<String, Suppression> r = inner.check(all, now);
                return r;
            } finally {
                add("mute", t);
            }
        };
    }

    NotificationSink sink(NotificationSink inner) {
        return (alerts, now) -> {
            long t = System.nanoTime();
            try {
                inner.process(alerts, now);
            } finally {
                add("notify", t);
            }
        };
    }

    TraceSearcher traces(TraceSearcher inner) {
        return new TraceSearcher() {
            @Override
            public Page<TraceHit> searchTraces(TraceQuery query) {
                long t = System.nanoTime();
                try {
                    return inner.searchTraces(query);
                } finally {
                    add("evidence", t);
                }
            }
        };
    }

    LogSearcher logs(LogSearcher inner) {
        return new LogSearcher() {
            @Override
            public Page<Scoped<LogRecord>> searchLogs(LogQuery query) {
                long t = System.nanoTime();
                try {
                    return inner.searchLogs(query);
                } finally {
                    add("evidence", t);
                }
            }
        };
    }
}
