package dev.sightline.alerting.examples;

import dev.sightline.alerting.rule.AlertRule;
import dev.sightline.alerting.rule.RuleFile;
import dev.sightline.alerting.runbook.BuiltInRunbooks;
import dev.sightline.alerting.slo.SloDefinition;
import dev.sightline.alerting.slo.SloFile;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The example files users copy (and docker-compose mounts) load with the built-in runbooks. */
class ExampleFilesTest {
    private static final Path EXAMPLES = Path.of("..", "examples");

    @Test
    void exampleRulesLoad() throws Exception {
        Path file = EXAMPLES.resolve("rules.yaml");
        List<AlertRule> rules = new RuleFile(BuiltInRunbooks.NAMES::contains)
                .parse(file.toString(), Files.readString(file));
        assertThat(rules).extracting(AlertRule::name)
                .containsExactly("HighErrorRate", "HighLatencyP99", "DatabasePoolNearlyFull");
    }

    @Test
    void exampleSlosLoad() throws Exception {
        Path file = EXAMPLES.resolve("slos.yaml");
        List<SloDefinition> slos = new SloFile(BuiltInRunbooks.NAMES::contains)
                .parse(file.toString(), Files.readString(file));
        assertThat(slos).extracting(SloDefinition::name)
                .containsExactly("checkout-availability", "checkout-latency");
    }
}
