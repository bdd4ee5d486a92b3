package dev.sightline.alerting.rule;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One symptom alert rule as written in the rule file or sent through the API.
 *
 * @param name          the {@code alert} field: the {@code alertname} label, unique among rules
 * @param expression    the parsed {@code expr}
 * @param source        the {@code expr} as written
 * @param forDuration   how long a series must violate before it fires (zero: at once)
 * @param keepFiringFor how long a firing series keeps firing after it stops violating
 * @param minRequests   golden-signal series with fewer requests in the window are not evaluated (default 1: no
 *                      data, no alert); 0 also evaluates services without requests
 * @param origin        {@code file:line} of the rule
 */
public record AlertRule(String name, RuleExpression expression, String source, Duration forDuration,
                        Duration keepFiringFor, Map<String, String> labels, Map<String, String> annotations,
                        String runbook, long minRequests, String origin) {
    public static final long DEFAULT_MIN_REQUESTS = 1;

    public AlertRule {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(expression, "expression");
        Objects.requireNonNull(source, "source");
        forDuration = forDuration == null ? Duration.ZERO : forDuration;
        keepFiringFor = keepFiringFor == null ? Duration.ZERO : keepFiringFor;
        // Kept in file order: the API lists them as written.
        labels = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(labels));
        annotations = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(annotations));
        Objects.requireNonNull(runbook, "runbook");
        Objects.requireNonNull(origin, "origin");
    }
}
