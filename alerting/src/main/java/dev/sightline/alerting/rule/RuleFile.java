package dev.sightline.alerting.rule;

import dev.sightline.alerting.config.ConfigException;
import dev.sightline.alerting.config.DefinitionParser;
import dev.sightline.alerting.config.YamlNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Reads a rule file, Prometheus' alerting-rule shape without the groups:
 * <pre>
 * rules:
 *   - alert: HighErrorRate
 *     expr: error_ratio{service="checkout"}[5m] &gt; 5%
 *     for: 2m
 *     keep_firing_for: 5m
 *     min_requests: 10
 *     labels: {severity: page}
 *     annotations: {summary: "{{ $labels.service }} fails {{ $value }} of requests"}
 *     runbook: high-error-rate
 * </pre>
 * Strict: an unknown field, a bad duration or expression, a missing or unknown runbook, or two rules of one name
 * refuse the whole file with {@code file:line: reason}. A definition sent through the API ({@code file}
 * {@code api:<name>}) is one item of the list, alone; the {@code rules:} wrapper is accepted there too.
 */
public final class RuleFile implements DefinitionParser<AlertRule> {
    static final Set<String> FILE_FIELDS = Set.of("rules");
    static final Set<String> RULE_FIELDS = new LinkedHashSet<>(List.of("alert", "expr", "for", "keep_firing_for",
            "min_requests", "labels", "annotations", "runbook"));
    /** Names go in URLs ({@code /api/rules/{name}}) and in a 256-character database key. */
    static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.:-]{0,199}");
    static final Pattern LABEL_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final Predicate<String> runbookExists;

    public RuleFile(Predicate<String> runbookExists) {
        this.runbookExists = runbookExists;
    }

    @Override
    public List<AlertRule> parse(String file, String text) throws ConfigException {
        YamlNode root = YamlNode.parse(file, text);
        if (root.isMissing()) {
            return List.of();
        }
        if (!root.isMapping()) {
            throw root.error(file.startsWith("api:") ? "a rule must be a mapping with alert, expr and runbook"
                    : "a rule file must be a mapping with a 'rules' list");
        }
        Map<String, YamlNode> top = root.mapping("rule file");
        if (file.startsWith("api:") && !top.containsKey("rules")) {
            return List.of(rule(root));
        }
        if (top.containsKey("groups")) {
            throw top.get("groups").error("rules are listed under 'rules:', without Prometheus' groups");
        }
        Map<String, YamlNode> entries = root.checkKeys("rule file", FILE_FIELDS);
        List<AlertRule> out = new ArrayList<>();
        Map<String, Integer> lineOfName = new HashMap<>();
        for (YamlNode item : root.child(entries, "rules").sequence("rules")) {
            AlertRule rule = rule(item);
            Integer first = lineOfName.putIfAbsent(rule.name(), item.line());
            if (first != null) {
                throw item.error("a rule named '" + rule.name() + "' is already defined at line " + first);
            }
            out.add(rule);
        }
        return out;
    }

    private AlertRule rule(YamlNode item) throws ConfigException {
        if (!item.isMapping()) {
            throw item.error("each rule must be a mapping with alert, expr and runbook");
        }
        Map<String, YamlNode> f = item.checkKeys("rule", RULE_FIELDS);
        YamlNode nameNode = item.child(f, "alert");
        String name = nameNode.text("alert").strip();
        if (!NAME.matcher(name).matches()) {
            throw nameNode.error("alert must start with a letter or _ and hold only letters, digits and _ . : -"
                    + " (at most 200): '" + name + "'");
        }
        YamlNode exprNode = item.child(f, "expr");
        String source = exprNode.text("expr");
        RuleExpression expression;
        try {
            expression = RuleExpression.parse(source);
        } catch (InvalidExpressionException e) {
            throw exprNode.error("invalid expr at column " + e.column() + ": " + e.reason() + " in \""
                    + source.strip() + "\"");
        }
        Duration forDuration = optionalDuration(item.child(f, "for"), "for");
        Duration keepFiringFor = optionalDuration(item.child(f, "keep_firing_for"), "keep_firing_for");
        long minRequests = AlertRule.DEFAULT_MIN_REQUESTS;
        YamlNode minNode = item.child(f, "min_requests");
        if (!minNode.isMissing()) {
            if (!(expression.selector() instanceof Selector.Signal)) {
                throw minNode.error("min_requests applies to golden-signal expressions only (error_ratio, latency_p99,"
                        + " ...), not to saturation or metric queries");
            }
            minRequests = minNode.integer("min_requests");
            if (minRequests < 0) {
                throw minNode.error("min_requests must not be negative: " + minRequests);
            }
        }
        YamlNode labelsNode = item.child(f, "labels");
        Map<String, String> labels = labelsNode.stringMap("labels");
        for (String label : labels.keySet()) {
            if (!LABEL_NAME.matcher(label).matches()) {
                throw labelsNode.error("label name '" + label + "' must be letters, digits and _");
            }
            if (label.equals("alertname")) {
                throw labelsNode.error("the label alertname is the rule's alert name; it cannot be set");
            }
        }
        Map<String, String> annotations = item.child(f, "annotations").stringMap("annotations");
        YamlNode runbookNode = item.child(f, "runbook");
        if (runbookNode.isMissing()) {
            throw item.error("runbook is required: every rule names the runbook that says what to do when it fires");
        }
        String runbook = runbookNode.text("runbook").strip();
        if (!runbookExists.test(runbook)) {
            throw runbookNode.error("runbook '" + runbook + "' does not exist (add " + runbook
                    + ".md to the runbook folder)");
        }
        return new AlertRule(name, expression, expression.text(), forDuration, keepFiringFor, labels, annotations,
                runbook, minRequests, item.file() + ":" + item.line());
    }

    private static Duration optionalDuration(YamlNode node, String what) throws ConfigException {
        if (node.isMissing()) {
            return Duration.ZERO;
        }
        return node.duration(what);
    }
}
