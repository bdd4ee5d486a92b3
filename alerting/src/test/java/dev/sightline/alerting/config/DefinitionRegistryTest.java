package dev.sightline.alerting.config;

import dev.sightline.alerting.storage.AlertingDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class DefinitionRegistryTest {
    /** A definition with a name and a threshold: enough to see which version is active. */
    record Thing(String name, double threshold) {
    }

    /** {@code things: [{name, threshold}]}, strict, like the real SLO and rule files. */
    static final DefinitionParser<Thing> PARSER = (file, text) -> {
        YamlNode root = YamlNode.parse(file, text);
        Map<String, YamlNode> top = root.checkKeys("the file", Set.of("things"));
        List<Thing> out = new ArrayList<>();
        for (YamlNode item : root.child(top, "things").sequence("things")) {
            Map<String, YamlNode> f = item.checkKeys("a thing", Set.of("name", "threshold"));
            out.add(new Thing(item.child(f, "name").text("name"), item.child(f, "threshold").number("threshold")));
        }
        return out;
    };

    @TempDir
    Path dir;
    private AlertingDatabase db;
    private Path file;
    private final Clock clock = Clock.fixed(Instant.parse("2026-11-30T10:00:00Z"), ZoneOffset.UTC);

    @BeforeEach
    void open() {
        db = AlertingDatabase.open(dir.resolve("db"));
        file = dir.resolve("things.yaml");
    }

    @AfterEach
    void close() {
        db.close();
    }

    private DefinitionRegistry<Thing> registry() {
        return new DefinitionRegistry<>("thing", Optional.of(file), PARSER, Thing::name, db, clock);
    }

    private void write(String text, int version) throws Exception {
        Files.writeString(file, text);
        // Same-second rewrites must still count as a change.
        Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2026-11-30T10:00:00Z").plusSeconds(version)));
    }

    @Test
    void aMissingFileIsNoDefinitionsAndAppearingLaterLoadsIt() throws Exception {
        DefinitionRegistry<Thing> r = registry();
        assertThat(r.active()).isEmpty();
        assertThat(r.problem()).isNull();
        write("things:\n  - {name: a, threshold: 1}\n", 1);
        assertThat(r.reloadIfChanged()).isTrue();
        assertThat(r.active()).containsExactly(new Thing("a", 1));
        assertThat(r.reloadIfChanged()).as("unchanged file is not re-read").isFalse();
    }

    @Test
    void anInvalidFileKeepsThePreviousDefinitionsAndSaysWhereItIsWrong() throws Exception {
        write("things:\n  - {name: a, threshold: 1}\n", 1);
        DefinitionRegistry<Thing> r = registry();
        write("things:\n  - name: a\n    threshold: 2\n  - name: b\n    treshold: 3\n", 2);
        assertThat(r.reloadIfChanged()).isFalse();
        assertThat(r.active()).containsExactly(new Thing("a", 1));
        assertThat(r.problem().file()).isEqualTo(file.toString());
        assertThat(r.problem().line()).isEqualTo(5);
        assertThat(r.problem().reason()).contains("unknown field 'treshold'");
        assertThat(r.problem().message()).startsWith(file + ":5: ");

        write("things:\n  - {name: a, threshold: 2}\n", 3);
        assertThat(r.reloadIfChanged()).isTrue();
        assertThat(r.active()).containsExactly(new Thing("a", 2));
        assertThat(r.problem()).as("a good file clears the problem").isNull();
    }

    @Test
    void yamlSyntaxErrorsAndBadUtf8AreRefusedWithTheirPlace() throws Exception {
        write("things:\n  - {name: a, threshold: 1\n", 1);
        DefinitionRegistry<Thing> r = registry();
        assertThat(r.problem().reason()).startsWith("not valid YAML");
        assertThat(r.problem().line()).isGreaterThan(0);
        Files.write(file, new byte[]{'t', 'h', (byte) 0xC3, (byte) 0x28});
        Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2026-11-30T10:00:09Z")));
        r.reloadIfChanged();
        assertThat(r.problem().reason()).isEqualTo("not valid UTF-8");
    }

    @Test
    void apiDefinitionsArePersistedAndCannotTakeAFileName() throws Exception {
        write("things:\n  - {name: a, threshold: 1}\n", 1);
        DefinitionRegistry<Thing> r = registry();
        r.put("b", "{\"name\": \"b\", \"threshold\": 5}".replace("{", "things: [{").concat("]"));
        ConfigException taken = catchThrowableOfType(ConfigException.class,
                () -> r.put("a", "things: [{name: a, threshold: 9}]"));
        assertThat(taken.getMessage()).contains("'a' is defined in " + file);
        ConfigException wrongName = catchThrowableOfType(ConfigException.class,
                () -> r.put("c", "things: [{name: d, threshold: 9}]"));
        assertThat(wrongName.getMessage()).contains("named 'd', not 'c'");
        ConfigException reserved = catchThrowableOfType(ConfigException.class,
                () -> r.put("config", "things: [{name: config, threshold: 9}]"));
        assertThat(reserved.getMessage()).contains("reserved");

        DefinitionRegistry<Thing> reopened = registry();
        assertThat(reopened.active()).containsExactly(new Thing("a", 1), new Thing("b", 5));
        assertThat(reopened.isFromApi("b")).isTrue();
        assertThat(reopened.delete("b")).isTrue();
        assertThat(reopened.delete("b")).isFalse();
        assertThat(registry().active()).containsExactly(new Thing("a", 1));
    }

    @Test
    void aFileDefinitionShadowsAnApiOneOfTheSameName() throws Exception {
        DefinitionRegistry<Thing> r = registry();
        r.put("a", "things: [{name: a, threshold: 5}]");
        write("things:\n  - {name: a, threshold: 1}\n", 1);
        r.reloadIfChanged();
        assertThat(r.active()).containsExactly(new Thing("a", 1));
    }

    @Test
    void aRemovedFileRemovesItsDefinitions() throws Exception {
        write("things:\n  - {name: a, threshold: 1}\n", 1);
        DefinitionRegistry<Thing> r = registry();
        Files.delete(file);
        assertThat(r.reloadIfChanged()).isTrue();
        assertThat(r.active()).isEmpty();
    }
}
