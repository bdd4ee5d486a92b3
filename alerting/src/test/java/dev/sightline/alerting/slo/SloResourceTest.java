package dev.sightline.alerting.slo;

import dev.sightline.alerting.config.DefinitionRegistry;
import dev.sightline.alerting.storage.AlertingDatabase;
import dev.sightline.query.errors.ApiError;
import dev.sightline.store.model.SpanKind;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The resource's methods called directly over a real registry (H2 file) and tracker. */
class SloResourceTest {
    static final Instant NOW = Instant.parse("2026-03-02T12:00:30Z");

    @TempDir
    Path dir;
    AlertingDatabase db;
    SloRegistry registry;
    SloTracker tracker;
    SloResource resource;

    @BeforeEach
    void setUp() throws Exception {
        Path file = dir.resolve("slos.yaml");
        Files.writeString(file, "slos:\n  - name: from-file\n    service: checkout\n    sli: availability\n"
                + "    objective: 99.9%\n");
        RollupTable table = new RollupTable();
        long minute = NOW.getEpochSecond() / 60;
        for (long m = minute - 180; m < minute; m++) {
            table.add("checkout", "POST /checkout", SpanKind.SERVER, m, 100, m % 10 == 0 ? 1 : 0);
            table.addSpan("cart", "GET /cart", SpanKind.SERVER, m, 40_000_000L, false);
        }
        db = AlertingDatabase.open(dir.resolve("db"));
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        registry = new SloRegistry(new DefinitionRegistry<>("slo", Optional.of(file),
                new SloFile(name -> name.startsWith("slo-")), SloDefinition::name, db, clock));
        tracker = new SloTracker(table);
        resource = new SloResource(registry, tracker, new SloSuggestions(table), clock);
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    @Test
    void listsStatusesOnceEvaluated() {
        assertThat(resource.list().slos()).singleElement().satisfies(s -> {
            assertThat(s.slo().name()).isEqualTo("from-file");
            assertThat(s.slo().origin()).isEqualTo("file");
            assertThat(s.evaluated()).isFalse();
        });
        tracker.update(registry.active(), NOW);
        SloJson.Status s = resource.list().slos().get(0);
        assertThat(s.evaluated()).isTrue();
        assertThat(s.totalEvents()).isEqualTo(18_000);
        assertThat(s.consumed()).isEqualTo(18);
        assertThat(s.history()).isEmpty();
        Response one = resource.get("from-file");
        assertThat(one.getStatus()).isEqualTo(200);
        assertThat(((SloJson.Status) one.getEntity()).history()).hasSize(721);
        assertThat(resource.get("nope").getStatus()).isEqualTo(404);
    }

    @Test
    void putRefusesAnInvalidSloWithFileLineAndReason() {
        Response r = resource.put("x", "name: x\nservice: cart\nsli: availability\nobjective: 150%\n");
        assertThat(r.getStatus()).isEqualTo(400);
        assertThat(((ApiError) r.getEntity()).error()).isEqualTo(
                "api:x:4: objective must be above 0 and below 100% (e.g. 99.9% or 0.999), not '150%'");
    }

    @Test
    void putAddsAndDeleteRemovesApiSlosButNotTheFilesOnes() {
        Response r = resource.put("cart", "{\"name\": \"cart\", \"service\": \"cart\", \"sli\": \"availability\", "
                + "\"objective\": \"99.5%\"}");
        assertThat(r.getStatus()).isEqualTo(200);
        assertThat(((SloJson.Slo) r.getEntity()).objective()).isEqualTo(0.995);
        assertThat(resource.list().slos()).extracting(s -> s.slo().name()).containsExactly("from-file", "cart");
        assertThat(resource.config().count()).isEqualTo(2);

        assertThat(resource.put("from-file", "name: from-file\nservice: x\nsli: availability\nobjective: 99%\n")
                .getStatus()).isEqualTo(409);
        assertThat(resource.delete("from-file").getStatus()).isEqualTo(409);
        assertThat(resource.delete("cart").getStatus()).isEqualTo(204);
        assertThat(resource.delete("cart").getStatus()).isEqualTo(404);
        assertThat(resource.list().slos()).hasSize(1);
    }

    @Test
    void configNamesTheFileAndItsProblem() throws Exception {
        assertThat(resource.config().problem()).isNull();
        Files.writeString(dir.resolve("slos.yaml"), "slos:\n  - name: a\n    servce: x\n");
        registry.reloadIfChanged();
        SloJson.Config c = resource.config();
        assertThat(c.file()).endsWith("slos.yaml");
        assertThat(c.problem().line()).isEqualTo(3);
        assertThat(c.problem().reason()).contains("unknown field 'servce'");
        assertThat(c.count()).isEqualTo(1); // the previous valid file stays
    }

    @Test
    void suggestsForServicesWithoutAnSlo() {
        // checkout has an availability SLO, and its rollups here carry no latencies: nothing for it.
        assertThat(resource.suggestions().suggestions()).extracting(s -> s.slo().name())
                .containsExactly("cart-availability", "cart-latency");
        assertThat(resource.suggestions().suggestions().get(1).yaml()).contains("threshold: 50ms");
    }
}
