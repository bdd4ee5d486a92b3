package dev.sightline.alerting.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * What every definition file parser promises, for its fuzz target: any text, read as a file or as an API body,
 * yields definitions or a {@link ConfigException} that names that file and a line within it; no other exception.
 */
public final class DefinitionFileContract {
    private DefinitionFileContract() {
    }

    /** Checks the contract for {@code input} read as {@code fileName} and as an API body. */
    public static void check(DefinitionParser<?> parser, String fileName, byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        yieldsDefinitionsOrAClearError(parser, fileName, text);
        yieldsDefinitionsOrAClearError(parser, "api:fuzzed", text);
    }

    private static void yieldsDefinitionsOrAClearError(DefinitionParser<?> parser, String file, String text) {
        List<?> definitions;
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
