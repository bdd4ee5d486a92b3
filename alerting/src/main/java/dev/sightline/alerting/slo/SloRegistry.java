package dev.sightline.alerting.slo;

import dev.sightline.alerting.config.ConfigException;
import dev.sightline.alerting.config.ConfigProblem;
import dev.sightline.alerting.config.DefinitionRegistry;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The active SLOs (the SLO file's and those added through the API), under a plain type so CDI injects it without a
 * generic {@code DefinitionRegistry<SloDefinition>}.
 */
public final class SloRegistry {
    private final DefinitionRegistry<SloDefinition> registry;

    public SloRegistry(DefinitionRegistry<SloDefinition> registry) {
        this.registry = registry;
    }

    public List<SloDefinition> active() {
        return registry.active();
    }

    public Optional<SloDefinition> find(String name) {
        for (SloDefinition slo : registry.active()) {
            if (slo.name().equals(name)) {
                return Optional.of(slo);
            }
        }
        return Optional.empty();
    }

    /** Where {@code name} is defined: {@code file}, {@code api}, or empty when it is not active. */
    public Optional<String> origin(String name) {
        return find(name).map(slo -> registry.snapshot().fromFile().contains(slo) ? "file" : "api");
    }

    public SloDefinition put(String name, String text) throws ConfigException {
        return registry.put(name, text);
    }

    public boolean delete(String name) {
        return registry.delete(name);
    }

    public boolean isFromApi(String name) {
        return registry.isFromApi(name);
    }

    public Optional<Path> file() {
        return registry.file();
    }

    public ConfigProblem problem() {
        return registry.problem();
    }

    public boolean reloadIfChanged() {
        return registry.reloadIfChanged();
    }
}
