package dev.sightline.server.alerting;

import dev.sightline.alerting.alert.AlertDefinition;
import dev.sightline.alerting.alert.AlertKind;
import dev.sightline.alerting.alert.Violation;
import dev.sightline.alerting.engine.AlertDefinitionSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Sightline's own alert: it told exporters to back off (overloaded), failed to store what it was sent, or refused
 * items it could not keep, in the last {@link #WINDOW}. Data is at risk on the senders' side (their queues fill up
 * and, past their retry limit, drop), so it is worth a warning even when every retry eventually succeeds. Read from
 * the same counters {@code /q/metrics} shows ({@code sightline_ingest_requests_total},
 * {@code sightline_ingest_items_total}); each round samples their total and compares it with the sample
 * {@link #WINDOW} earlier.
 */
final class IngestPushBackAlert implements AlertDefinitionSource {
    static final String NAME = "SightlineIngestPushBack";
    static final Duration WINDOW = Duration.ofMinutes(5);
    private static final Set<String> BAD_REQUEST_OUTCOMES = Set.of("overloaded", "failed");

    private record Sample(Instant at, double pushedBack) {
    }

    private final MeterRegistry registry;
    private final Deque<Sample> samples = new ArrayDeque<>();
    private final AlertDefinition definition;

    IngestPushBackAlert(MeterRegistry registry) {
        this.registry = registry;
        this.definition = new AlertDefinition(NAME, AlertKind.RULE, Duration.ZERO, Duration.ZERO,
                Map.of("severity", "warning", "service", "sightline"),
                Map.of("summary", "Sightline pushed back or failed {{ $value }} export requests or items in the "
                                + "last 5 minutes",
                        "description", "Exporters were told to retry (429/503, UNAVAILABLE) or their data could "
                                + "not be stored. Check /q/metrics sightline_ingest_* and the store's index lag."),
                "ingest-overload", "built-in", null, this::evaluate);
    }

    @Override
    public List<AlertDefinition> definitions(Instant now) {
        return List.of(definition);
    }

    private synchronized List<Violation> evaluate(Instant now) {
        double total = pushedBack();
        samples.addLast(new Sample(now, total));
        // Keep the newest sample at least WINDOW old as the baseline; drop the older ones.
        Instant cutoff = now.minus(WINDOW);
        while (samples.size() > 1) {
            Sample first = samples.removeFirst();
            if (samples.peekFirst().at().isAfter(cutoff)) {
                samples.addFirst(first);
                break;
            }
        }
        double increase = total - samples.peekFirst().pushedBack();
        return increase > 0 ? List.of(new Violation(Map.of(), increase, Map.of(), null)) : List.of();
    }

    private double pushedBack() {
        double sum = 0;
        for (Counter c : registry.find("sightline.ingest.requests").counters()) {
            if (BAD_REQUEST_OUTCOMES.contains(c.getId().getTag("outcome"))) {
                sum += c.count();
            }
        }
        for (Counter c : registry.find("sightline.ingest.items").tag("outcome", "refused").counters()) {
            sum += c.count();
        }
        return sum;
    }
}
