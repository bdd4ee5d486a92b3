package dev.sightline.alerting.rule;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.sightline.alerting.config.ConfigException;
import dev.sightline.alerting.config.YamlLines;
import dev.sightline.alerting.runbook.BuiltInRunbooks;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Fuzz target for the rules file parser. The contract: any text, read as a file or as an API body, yields its
 * definitions or a {@link ConfigException} that names that file and a line within it; no other exception, no
 * hang. Without {@code JAZZER_FUZZ} this replays {@code RuleFileFuzzTestInputs/rulesFile/} (docs/testing.md).
 */
class RuleFileFuzzTest {

    private final RuleFile parser = new RuleFile(BuiltInRunbooks.NAMES::contains);

    @FuzzTest(maxDuration = "2m")
    void rulesFile(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        yieldsDefinitionsOrAClearError("rules.yaml", text);
        yieldsDefinitionsOrAClearError("api:fuzzed", text);
    }

    private void yieldsDefinitionsOrAClearError(String file, String text) {
        List<AlertRule> definitions;
        try {
            definitions = parser.parse(file, text);
        } catch (ConfigException e) {
            assertThat(e.file()).isEqualTo(file);
            assertThat(e.line()).as(e.getMessage()).isBetween(0, YamlLines.count(text) + 1);
            assertThat(e.reason()).isNotBlank();
            return;
        }
        assertThat(definitions).doesNotContainNull();
    }
}
