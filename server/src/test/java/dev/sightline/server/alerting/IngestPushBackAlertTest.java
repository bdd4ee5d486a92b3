package dev.sightline.server.alerting;

import dev.sightline.alerting.alert.AlertDefinition;
import dev.sightline.alerting.alert.Violation;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Sightline's own alert reads the ingest counters /q/metrics shows and compares them over five minutes. */
class IngestPushBackAlertTest {
    private static final Instant T0 = Instant.parse("2026-11-30T10:00:00Z");

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final AlertDefinition alert = new IngestPushBackAlert(registry).definitions(T0).get(0);

    private Counter requests(String outcome) {
        return Counter.builder("sightline.ingest.requests").tag("signal", "traces").tag("transport", "grpc")
                .tag("outcome", outcome).register(registry);
    }

    private List<Violation> at(Duration after) {
        return alert.condition().evaluate(T0.plus(after));
    }

    @Test
    void firesWhilePushBackGrewInTheLastFiveMinutesThenResolves() {
        requests("accepted").increment(1000);
        assertThat(at(Duration.ZERO)).isEmpty();
        requests("overloaded").increment(3);
        Counter.builder("sightline.ingest.items").tag("signal", "logs").tag("outcome", "refused")
                .tag("reason", "overloaded").register(registry).increment(40);
        assertThat(at(Duration.ofSeconds(15))).singleElement().extracting(Violation::value).isEqualTo(43.0);
        requests("accepted").increment(1000);
        assertThat(at(Duration.ofMinutes(4))).as("still within five minutes").hasSize(1);
        assertThat(at(Duration.ofMinutes(5).plusSeconds(30))).as("nothing new for five minutes").isEmpty();
        requests("failed").increment();
        assertThat(at(Duration.ofMinutes(6))).singleElement().extracting(Violation::value).isEqualTo(1.0);
    }

    @Test
    void acceptedAndRejectedInputDoNotCount() {
        requests("accepted").increment(50);
        requests("malformed").increment(5);
        at(Duration.ZERO);
        requests("malformed").increment(5);
        requests("too_large").increment(1);
        assertThat(at(Duration.ofMinutes(1))).isEmpty();
        assertThat(alert.runbook()).isEqualTo("ingest-overload");
        assertThat(alert.labels()).containsEntry("severity", "warning");
    }
}
