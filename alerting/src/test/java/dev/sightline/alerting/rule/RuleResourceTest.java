package dev.sightline.alerting.rule;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sightline.alerting.storage.AlertingDatabase;
import dev.sightline.query.errors.ApiError;
import dev.sightline.query.errors.BadParameterException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.Set;

import static dev.sightline.alerting.rule.RuleTestStore.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The rules API over a real rule file, alerting database and store, called as the framework would. */
class RuleResourceTest {
    static final String FILE_RULES = """
            rules:
              - alert: HighErrorRate
                expr: error_ratio[5m] > 5%
                for: 2m
                labels: {severity: page}
                runbook: high-error-rate
            """;

    @TempDir
    Path dir;
    Path file;
    RuleTestStore data;
    AlertingDatabase db;
    RuleRegistry registry;
    RuleResource resource;

    @BeforeEach
    void setUp() throws Exception {
        file = dir.resolve("rules.yaml");
        Files.writeString(file, FILE_RULES);
        data = new RuleTestStore(dir.resolve("store"));
        data.requests("checkout", "POST /pay", NOW.minus(Duration.ofMinutes(2)), 100, 10, Duration.ofMillis(20));
        data.requests("cart", "GET /cart", NOW.minus(Duration.ofMinutes(2)), 100, 1, Duration.ofMillis(20));
        data.awaitIndexed();
        db = AlertingDatabase.open(dir.resolve("db"));
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        registry = new RuleRegistry(Optional.of(file), new RuleFile(Set.of("high-error-rate")::contains), db, clock);
        resource = new RuleResource(registry, data.conditions(), clock);
    }

    @AfterEach
    void close() {
        db.close();
        data.close();
    }

    @Test
    void listsTheFilesRulesInTheFilesFieldNames() {
        ObjectNode list = resource.list();

        assertThat(list.get("rules")).hasSize(1);
        ObjectNode r = (ObjectNode) list.get("rules").get(0);
        assertThat(r.get("name").asText()).isEqualTo("HighErrorRate");
        assertThat(r.get("expr").asText()).isEqualTo("error_ratio[5m] > 5%");
        assertThat(r.get("for").asText()).isEqualTo("2m");
        assertThat(r.get("keep_firing_for").asText()).isEqualTo("0s");
        assertThat(r.get("labels").get("severity").asText()).isEqualTo("page");
        assertThat(r.get("runbook").asText()).isEqualTo("high-error-rate");
        assertThat(r.get("origin").asText()).isEqualTo(file + ":2");
        assertThat(r.get("source").asText()).isEqualTo("file");
    }

    @Test
    void putAddsARuleFromJsonOrYaml() {
        var json = resource.put("SlowCart", """
                {"alert": "SlowCart", "expr": "latency_p99{service=\\"cart\\"}[5m] > 1s", "keep_firing_for": "90s",
                 "runbook": "high-error-rate"}
                """);
        assertThat(json.getStatus()).isEqualTo(200);
        assertThat(((ObjectNode) json.getEntity()).get("keep_firing_for").asText()).isEqualTo("1m30s");

        var yaml = resource.put("Errors", "alert: Errors\nexpr: errors[5m] > 5\nrunbook: high-error-rate\n");
        assertThat(yaml.getStatus()).isEqualTo(200);

        assertThat(resource.list().get("rules")).extracting(n -> n.get("name").asText())
                .containsExactly("HighErrorRate", "Errors", "SlowCart");
        var got = resource.get("SlowCart");
        assertThat(got.getStatus()).isEqualTo(200);
        assertThat(((ObjectNode) got.getEntity()).get("source").asText()).isEqualTo("api");
    }

    @Test
    void putRefusesAnInvalidRuleWithSourceLineAndReason() {
        var response = resource.put("Bad", "alert: Bad\nexpr: errors[5m] > 5\nrunbook: nope\n");

        assertThat(response.getStatus()).isEqualTo(400);
        assertThat(((ApiError) response.getEntity()).error())
                .isEqualTo("api:Bad:3: runbook 'nope' does not exist (add nope.md to the runbook folder)");
        assertThat(resource.get("Bad").getStatus()).isEqualTo(404);
    }

    @Test
    void putRefusesANameOtherThanThePaths() {
        var response = resource.put("A", "alert: B\nexpr: errors[5m] > 5\nrunbook: high-error-rate\n");

        assertThat(response.getStatus()).isEqualTo(400);
        assertThat(((ApiError) response.getEntity()).error()).startsWith("api:A: ").contains("named 'B'");
    }

    @Test
    void theFilesRulesCannotBeChangedOrDeletedThroughTheApi() {
        String body = "alert: HighErrorRate\nexpr: errors[5m] > 5\nrunbook: high-error-rate\n";

        assertThat(resource.put("HighErrorRate", body).getStatus()).isEqualTo(409);
        assertThat(resource.delete("HighErrorRate").getStatus()).isEqualTo(409);
        assertThat(registry.find("HighErrorRate")).isPresent();
    }

    @Test
    void deleteRemovesAnApiRule() {
        resource.put("Errors", "alert: Errors\nexpr: errors[5m] > 5\nrunbook: high-error-rate\n");

        assertThat(resource.delete("Errors").getStatus()).isEqualTo(204);
        assertThat(resource.get("Errors").getStatus()).isEqualTo(404);
        assertThat(resource.delete("Errors").getStatus()).isEqualTo(404);
    }

    @Test
    void configReportsARefusedFileAndKeepsThePreviousRules() throws Exception {
        ObjectNode ok = resource.config();
        assertThat(ok.get("file").asText()).isEqualTo(file.toString());
        assertThat(ok.get("problem").isNull()).isTrue();
        assertThat(ok.get("count").asInt()).isEqualTo(1);

        Files.writeString(file, FILE_RULES + "  - alert: Second\n    expr: errors[5m] >> 1\n"
                + "    runbook: high-error-rate\n");
        registry.reloadIfChanged();

        ObjectNode refused = resource.config();
        assertThat(refused.get("problem").get("line").asInt()).isEqualTo(8);
        assertThat(refused.get("problem").get("message").asText())
                .startsWith(file + ":8: invalid expr at column 13");
        assertThat(refused.get("count").asInt()).isEqualTo(1);
    }

    @Test
    void evaluateReturnsEverySeriesViolatingFirst() {
        ObjectNode answer = resource.evaluate("error_ratio[5m] > 5%", null, null);

        assertThat(answer.get("violating").asInt()).isEqualTo(1);
        assertThat(answer.get("time").asText()).isEqualTo(NOW.toString());
        assertThat(answer.get("series")).hasSize(2);
        ObjectNode first = (ObjectNode) answer.get("series").get(0);
        assertThat(first.get("labels").get("service").asText()).isEqualTo("checkout");
        assertThat(first.get("value").asDouble()).isEqualTo(0.1);
        assertThat(first.get("violating").asBoolean()).isTrue();
        assertThat(first.get("evidence").get("errorsOnly").asBoolean()).isTrue();
        assertThat(answer.get("series").get(1).get("violating").asBoolean()).isFalse();
    }

    @Test
    void evaluateRefusesABadExpressionWithTheColumn() {
        assertThatThrownBy(() -> resource.evaluate("error_ratio[5m] >> 5%", null, null))
                .isInstanceOf(BadParameterException.class)
                .hasMessageContaining("column 18")
                .satisfies(e -> assertThat(((BadParameterException) e).parameter()).isEqualTo("expr"));
        assertThatThrownBy(() -> resource.evaluate(" ", null, null)).isInstanceOf(BadParameterException.class);
        assertThatThrownBy(() -> resource.evaluate("errors[5m] > 1", "-2", null))
                .isInstanceOf(BadParameterException.class);
    }
}
