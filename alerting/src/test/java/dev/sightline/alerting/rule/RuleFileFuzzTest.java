package dev.sightline.alerting.rule;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.sightline.alerting.config.DefinitionFileContract;
import dev.sightline.alerting.runbook.BuiltInRunbooks;

/**
 * Fuzz target for the rules file parser (contract: {@link DefinitionFileContract}). Without {@code JAZZER_FUZZ}
 * this replays {@code RuleFileFuzzTestInputs/rulesFile/} (docs/testing.md).
 */
class RuleFileFuzzTest {

    private final RuleFile parser = new RuleFile(BuiltInRunbooks.NAMES::contains);

    @FuzzTest(maxDuration = "2m")
    void rulesFile(byte[] input) {
        DefinitionFileContract.check(parser, "rules.yaml", input);
    }
}
