package dev.sightline.alerting.rule;

import dev.sightline.alerting.config.ConfigException;
import dev.sightline.alerting.config.ConfigProblem;
import dev.sightline.alerting.config.DefinitionRegistry;
import dev.sightline.alerting.storage.AlertingDatabase;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The active alert rules: the rule file's (reloaded on change; a refused file keeps the previous rules) and those
 * added through the API. A typed front of {@link DefinitionRegistry}, which CDI injects more easily than a generic.
 */
public final class RuleRegistry {
    private final DefinitionRegistry<AlertRule> definitions;

    public RuleRegistry(Optional<Path> file, RuleFile parser, AlertingDatabase db, Clock clock) {
        this(new DefinitionRegistry<>("rule", file, parser, AlertRule::name, db, clock));
    }

    public RuleRegistry(DefinitionRegistry<AlertRule> definitions) {
        this.definitions = definitions;
    }

    /** Every active rule: the file's in file order, then the API's that the file does not shadow, by name. */
    public List<AlertRule> active() {
        DefinitionRegistry.Snapshot<AlertRule> snapshot = definitions.snapshot();
        Set<String> inFile = new HashSet<>();
        List<AlertRule> out = new ArrayList<>(snapshot.fromFile());
        snapshot.fromFile().forEach(r -> inFile.add(r.name()));
        // Sorted: the registry keeps API definitions in an unordered map, and a listing should not reshuffle.
        snapshot.fromApi().values().stream().filter(r -> !inFile.contains(r.name()))
                .sorted(Comparator.comparing(AlertRule::name)).forEach(out::add);
        return out;
    }

    /** Names of the rule file's rules (as last loaded successfully). */
    public Set<String> fileNames() {
        Set<String> out = new HashSet<>();
        definitions.snapshot().fromFile().forEach(r -> out.add(r.name()));
        return out;
    }

    public Optional<AlertRule> find(String name) {
        return active().stream().filter(r -> r.name().equals(name)).findFirst();
    }

    /** Whether the rule file (as last loaded successfully) defines {@code name}. */
    public boolean isInFile(String name) {
        return fileNames().contains(name);
    }

    /** Whether {@code name} was added through the API (it may be shadowed by the file's rule of that name). */
    public boolean isFromApi(String name) {
        return definitions.isFromApi(name);
    }

    /** Parses {@code text} as the one rule {@code name} and stores it; refused with {@code api:name:line: reason}. */
    public AlertRule put(String name, String text) throws ConfigException {
        return definitions.put(name, text);
    }

    /** Removes a rule added through the API; false when there was none. */
    public boolean delete(String name) {
        return definitions.delete(name);
    }

    /** The rule file's refusal, if its last change did not load; null when it loaded. */
    public ConfigProblem problem() {
        return definitions.problem();
    }

    public Optional<Path> file() {
        return definitions.file();
    }

    /** Reads the rule file again if it changed; whether the active rules changed. */
    public boolean reloadIfChanged() {
        return definitions.reloadIfChanged();
    }
}
