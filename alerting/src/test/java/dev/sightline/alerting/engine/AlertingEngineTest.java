package dev.sightline.alerting.engine;

import dev.sightline.alerting.alert.AlertDefinition;
import dev.sightline.alerting.alert.AlertInstance;
import dev.sightline.alerting.alert.AlertKind;
import dev.sightline.alerting.alert.AlertState;
import dev.sightline.alerting.alert.AlertStateStore;
import dev.sightline.alerting.alert.EvidenceQuery;
import dev.sightline.alerting.alert.Violation;
import dev.sightline.alerting.evidence.EvidenceFinder;
import dev.sightline.alerting.storage.AlertingDatabase;
import dev.sightline.store.StoreConfig;
import dev.sightline.store.codec.BinaryBatchCodec;
import dev.sightline.store.engine.EmbeddedStore;
import dev.sightline.store.model.LogBatch;
import dev.sightline.store.model.LogRecord;
import dev.sightline.store.model.ResourceGroup;
import dev.sightline.store.model.ScopeGroup;
import dev.sightline.store.model.Span;
import dev.sightline.store.model.SpanKind;
import dev.sightline.store.model.TraceId;
import dev.sightline.store.model.InstrumentationScope;
import dev.sightline.store.model.AnyValue;
import dev.sightline.store.testing.ModelFixtures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/** Rounds of the engine over a real store (evidence) and a real H2 file (state), with a fixed clock. */
class AlertingEngineTest {
    private static final Instant NOW = Instant.ofEpochSecond(0, ModelFixtures.BASE_EPOCH_NANOS)
            .plus(Duration.ofHours(1));
    private static final Duration STEP = Duration.ofSeconds(15);
    private static final long MS = 1_000_000L;

    @TempDir
    Path dir;

    private EmbeddedStore store;
    private AlertingDatabase db;
    private final AtomicBoolean violating = new AtomicBoolean(true);
    private final List<List<AlertInstance>> notified = new ArrayList<>();
    private final List<TraceId> failedTraces = new ArrayList<>();

    @BeforeEach
    void open() throws Exception {
        store = EmbeddedStore.open(StoreConfig.defaults(dir.resolve("store")), new BinaryBatchCodec(),
                Clock.fixed(NOW, ZoneOffset.UTC));
        assertThat(store.awaitReady(Duration.ofSeconds(60))).isTrue();
        long start = (NOW.getEpochSecond() - 120) * 1_000_000_000L;
        List<Span> spans = new ArrayList<>();
        List<LogRecord> logs = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            TraceId id = new TraceId(0x1234, i + 1);
            boolean failed = i % 2 == 0;
            spans.add(ModelFixtures.span(id, 100 + i, 0, SpanKind.SERVER, "POST /pay", start + i * MS,
                    20 * MS, failed, List.of()));
            if (failed) {
                failedTraces.add(id);
                logs.add(new LogRecord(start + i * MS + 5 * MS, 0, 17, "ERROR", AnyValue.of("card declined " + i),
                        List.of(), 0, 1, id, null, ""));
            }
            logs.add(ModelFixtures.log(id, null, "handled " + i, start + i * MS));
        }
        store.append(ModelFixtures.spanBatch("checkout", spans)).toCompletableFuture().join();
        InstrumentationScope scope = new InstrumentationScope("test", "1", List.of(), 0, "");
        store.append(new LogBatch(List.of(new ResourceGroup<>(ModelFixtures.resource("checkout"),
                List.of(new ScopeGroup<>(scope, logs)))))).toCompletableFuture().join();
        assertThat(store.awaitIndexed(Duration.ofSeconds(60))).isTrue();
        db = AlertingDatabase.open(dir.resolve("alerting"));
    }

    @AfterEach
    void close() {
        db.close();
        store.close();
    }

    private AlertDefinition definition() {
        return new AlertDefinition("CheckoutErrors", AlertKind.RULE, Duration.ofSeconds(30), Duration.ZERO,
                Map.of("severity", "page"), Map.of(), "high-error-rate", "test", null,
                now -> violating.get()
                        ? List.of(new Violation(Map.of("service", "checkout"), 0.5, Map.of(),
                        EvidenceQuery.failedRequests("checkout", null, now.minus(Duration.ofMinutes(5)), now)))
                        : List.of());
    }

    private AlertingEngine engine(AlertSuppressor suppressor) {
        AlertDefinition def = definition();
        return new AlertingEngine(List.of(now -> List.of(def)), new AlertStateStore(db), Duration.ofMinutes(15),
                "http://sightline.test", new EvidenceFinder(store, store, id -> "/traces/" + id), suppressor,
                (alerts, now) -> notified.add(alerts));
    }

    @Test
    void firesWithEvidenceNotifiesAndResolves() {
        AlertingEngine engine = engine(AlertSuppressor.NONE);
        RoundReport first = engine.evaluate(NOW);
        assertThat(first.alerts()).singleElement().satisfies(v ->
                assertThat(v.alert().state()).isEqualTo(AlertState.PENDING));
        assertThat(notified.get(0)).as("pending alerts are not notified").isEmpty();

        engine.evaluate(NOW.plus(STEP));
        RoundReport fired = engine.evaluate(NOW.plus(STEP.multipliedBy(2)));
        AlertInstance alert = fired.alerts().get(0).alert();
        assertThat(alert.state()).isEqualTo(AlertState.FIRING);
        assertThat(alert.evidence()).as("the failed traces, none of the good ones")
                .extracting(e -> e.traceId())
                .containsExactlyInAnyOrderElementsOf(failedTraces.stream().map(TraceId::toHex).toList());
        assertThat(alert.evidence()).allSatisfy(e -> {
            assertThat(e.error()).isTrue();
            assertThat(e.service()).isEqualTo("checkout");
            assertThat(e.url()).isEqualTo("/traces/" + e.traceId());
            assertThat(e.errorLogs()).singleElement().asString().startsWith("checkout: ERROR card declined");
        });
        assertThat(notified.get(2)).singleElement().extracting(AlertInstance::state).isEqualTo(AlertState.FIRING);

        violating.set(false);
        RoundReport resolved = engine.evaluate(NOW.plus(STEP.multipliedBy(3)));
        assertThat(resolved.alerts().get(0).alert().state()).isEqualTo(AlertState.RESOLVED);
        assertThat(notified.get(3)).singleElement().extracting(AlertInstance::state).isEqualTo(AlertState.RESOLVED);
    }

    @Test
    void suppressedAlertsAreShownButNotNotified() {
        AlertingEngine engine = engine((all, now) -> Map.of(all.get(0).fingerprint(),
                new Suppression(List.of("silence-1"), null)));
        engine.evaluate(NOW);
        RoundReport r = engine.evaluate(NOW.plus(Duration.ofMinutes(1)));
        assertThat(r.alerts()).singleElement().satisfies(v -> {
            assertThat(v.alert().state()).isEqualTo(AlertState.FIRING);
            assertThat(v.suppression().silencedBy()).containsExactly("silence-1");
        });
        assertThat(notified).allSatisfy(n -> assertThat(n).isEmpty());
    }

    @Test
    void aRestartKeepsTheFiringAlertWithoutFiringItAgain() {
        AlertingEngine engine = engine(AlertSuppressor.NONE);
        engine.evaluate(NOW);
        RoundReport before = engine.evaluate(NOW.plus(Duration.ofMinutes(1)));
        AlertInstance firing = before.alerts().get(0).alert();

        AlertingEngine restarted = engine(AlertSuppressor.NONE);
        RoundReport after = restarted.evaluate(NOW.plus(Duration.ofMinutes(2)));
        AlertInstance again = after.alerts().get(0).alert();
        assertThat(again.state()).isEqualTo(AlertState.FIRING);
        assertThat(again.firedAt()).isEqualTo(firing.firedAt());
        assertThat(again.evidence()).isEqualTo(firing.evidence());
    }

    @Test
    void aSourceThatCannotAnswerYetAfterARestartResolvesNothing() {
        AlertingEngine engine = engine(AlertSuppressor.NONE);
        engine.evaluate(NOW);
        engine.evaluate(NOW.plus(Duration.ofMinutes(1)));
        notified.clear();

        AtomicBoolean replaying = new AtomicBoolean(true);
        AlertDefinition def = definition();
        AlertingEngine restarted = new AlertingEngine(List.of(now -> {
            if (replaying.get()) {
                throw new IllegalStateException("store starting");
            }
            return List.of(def);
        }), new AlertStateStore(db), Duration.ofMinutes(15), "http://x", new EvidenceFinder(store, store, id -> id),
                AlertSuppressor.NONE, (alerts, now) -> notified.add(alerts));
        RoundReport waiting = restarted.evaluate(NOW.plus(Duration.ofMinutes(2)));
        assertThat(waiting.alerts()).singleElement().extracting(v -> v.alert().state()).isEqualTo(AlertState.FIRING);
        assertThat(waiting.errors()).isNotEmpty();
        assertThat(notified).as("no round, no notification").isEmpty();

        replaying.set(false);
        RoundReport ready = restarted.evaluate(NOW.plus(Duration.ofMinutes(3)));
        assertThat(ready.alerts()).singleElement().extracting(v -> v.alert().state()).isEqualTo(AlertState.FIRING);
    }

    @Test
    void aFailingConditionKeepsItsAlertAndIsReported() {
        AlertDefinition good = definition();
        AtomicBoolean fail = new AtomicBoolean(false);
        AlertDefinition flaky = new AlertDefinition(good.name(), good.kind(), good.forDuration(),
                good.keepFiringFor(), good.labels(), good.annotations(), good.runbook(), good.origin(), null, now -> {
                    if (fail.get()) {
                        throw new IllegalStateException("store replaying its log");
                    }
                    return good.condition().evaluate(now);
                });
        AlertingEngine engine = new AlertingEngine(List.of(now -> List.of(flaky)), new AlertStateStore(db),
                Duration.ofMinutes(15), "http://x", new EvidenceFinder(store, store, id -> id), AlertSuppressor.NONE,
                NotificationSink.NONE);
        engine.evaluate(NOW);
        engine.evaluate(NOW.plus(Duration.ofMinutes(1)));
        fail.set(true);
        RoundReport r = engine.evaluate(NOW.plus(Duration.ofMinutes(2)));
        assertThat(r.alerts()).singleElement().extracting(v -> v.alert().state()).isEqualTo(AlertState.FIRING);
        assertThat(r.errors()).containsEntry("CheckoutErrors", "store replaying its log");
    }
}
