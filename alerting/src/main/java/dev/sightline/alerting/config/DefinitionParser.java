package dev.sightline.alerting.config;

import java.util.List;

/**
 * Reads a file of definitions (SLOs, rules). {@code file} names the source in errors (a path, or
 * {@code api:<name>} for one sent through the API); JSON is YAML, so the API sends the same shape.
 */
@FunctionalInterface
public interface DefinitionParser<T> {
    List<T> parse(String file, String text) throws ConfigException;
}
