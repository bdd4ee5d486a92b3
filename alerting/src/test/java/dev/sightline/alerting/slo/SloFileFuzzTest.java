package dev.sightline.alerting.slo;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.sightline.alerting.config.DefinitionFileContract;
import dev.sightline.alerting.runbook.BuiltInRunbooks;

/**
 * Fuzz target for the SLO file parser (contract: {@link DefinitionFileContract}). Without {@code JAZZER_FUZZ}
 * this replays {@code SloFileFuzzTestInputs/slosFile/} (docs/testing.md).
 */
class SloFileFuzzTest {

    private final SloFile parser = new SloFile(BuiltInRunbooks.NAMES::contains);

    @FuzzTest(maxDuration = "2m")
    void slosFile(byte[] input) {
        DefinitionFileContract.check(parser, "slos.yaml", input);
    }
}
