package dev.sightline.alerting.rule;

import dev.sightline.alerting.config.ConfigException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RuleFileTest {
    static final String FILE = "rules.yaml";
    private final RuleFile parser = new RuleFile(Set.of("high-error-rate", "high-latency")::contains);

    private List<AlertRule> parse(String text) throws ConfigException {
        return parser.parse(FILE, text);
    }

    /** Asserts the text is refused naming the file, the line and (part of) the reason. */
    private void refused(String text, int line, String reason) {
        assertThatThrownBy(() -> parse(text))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> {
                    ConfigException c = (ConfigException) e;
                    assertThat(c.file()).isEqualTo(FILE);
                    assertThat(c.line()).as(c.getMessage()).isEqualTo(line);
                    assertThat(c.reason()).contains(reason);
                    assertThat(c.getMessage()).startsWith(FILE + ":" + line + ": ");
                });
    }

    @Test
    void readsEveryFieldOfARule() throws Exception {
        List<AlertRule> rules = parse("""
                rules:
                  - alert: HighErrorRate
                    expr: error_ratio{service="checkout"}[5m] > 0.05
                    for: 2m
                    keep_firing_for: 5m
                    min_requests: 10
                    labels: {severity: page, team: payments}
                    annotations:
                      summary: "{{ $labels.service }} fails {{ $value }} of requests"
                      description: "..."
                    runbook: high-error-rate
                  - alert: SlowCheckout
                    expr: latency_p99[5m] > 2s
                    runbook: high-latency
                """);

        assertThat(rules).hasSize(2);
        AlertRule r = rules.get(0);
        assertThat(r.name()).isEqualTo("HighErrorRate");
        assertThat(r.source()).isEqualTo("error_ratio{service=\"checkout\"}[5m] > 0.05");
        assertThat(r.expression().threshold()).isEqualTo(0.05);
        assertThat(r.forDuration()).isEqualTo(Duration.ofMinutes(2));
        assertThat(r.keepFiringFor()).isEqualTo(Duration.ofMinutes(5));
        assertThat(r.minRequests()).isEqualTo(10);
        assertThat(r.labels()).containsExactly(org.assertj.core.api.Assertions.entry("severity", "page"),
                org.assertj.core.api.Assertions.entry("team", "payments"));
        assertThat(r.annotations()).containsEntry("summary", "{{ $labels.service }} fails {{ $value }} of requests");
        assertThat(r.runbook()).isEqualTo("high-error-rate");
        assertThat(r.origin()).isEqualTo("rules.yaml:2");

        AlertRule defaults = rules.get(1);
        assertThat(defaults.forDuration()).isZero();
        assertThat(defaults.keepFiringFor()).isZero();
        assertThat(defaults.minRequests()).isEqualTo(AlertRule.DEFAULT_MIN_REQUESTS);
        assertThat(defaults.labels()).isEmpty();
        assertThat(defaults.origin()).isEqualTo("rules.yaml:12");
    }

    @Test
    void anEmptyFileHasNoRules() throws Exception {
        assertThat(parse("")).isEmpty();
        assertThat(parse("rules: []")).isEmpty();
    }

    @Test
    void refusesAnUnknownField() {
        refused("""
                rules:
                  - alert: A
                    expr: errors[5m] > 1
                    runbook: high-error-rate
                    severity: page
                """, 5, "unknown field 'severity' in rule");
    }

    @Test
    void refusesAnUnknownTopLevelField() {
        refused("rule:\n  - alert: A\n", 1, "unknown field 'rule' in rule file");
    }

    @Test
    void pointsPrometheusGroupsToTheFlatList() {
        refused("groups:\n  - name: x\n", 2, "without Prometheus' groups");
    }

    @Test
    void refusesABadForDuration() {
        refused("""
                rules:
                  - alert: A
                    expr: errors[5m] > 1
                    for: two minutes
                    runbook: high-error-rate
                """, 4, "for must be a duration");
    }

    @Test
    void refusesDurationsLongerThanAJavaDurationHolds() {
        // Found by RuleFileFuzzTest: these threw ArithmeticException instead of naming the line.
        refused("""
                rules:
                  - alert: A
                    expr: errors[5m] > 1
                    for: 300000000000000000y
                    runbook: high-error-rate
                """, 4, "for must be a duration");
        refused("""
                rules:
                  - alert: A
                    expr: latency_p99[5m] > 300000000000y
                    runbook: high-error-rate
                """, 3, "300000000000y");
        refused("""
                rules:
                  - alert: A
                    expr: errors[2000000000000000000w] > 1
                    runbook: high-error-rate
                """, 3, "the window must be a duration");
    }

    @Test
    void aThresholdOfCenturiesIsReadWithoutOverflow() throws Exception {
        assertThat(parse("""
                rules:
                  - alert: A
                    expr: latency_p99[5m] > 1000y
                    runbook: high-error-rate
                """)).hasSize(1);
    }

    @Test
    void refusesABadKeepFiringForDuration() {
        refused("""
                rules:
                  - alert: A
                    expr: errors[5m] > 1
                    keep_firing_for: 5
                    runbook: high-error-rate
                """, 4, "keep_firing_for must be a duration");
    }

    @Test
    void refusesAMissingRunbookAtTheRulesLine() {
        refused("""
                rules:
                  - alert: A
                    expr: errors[5m] > 1
                  - alert: B
                    expr: errors[5m] > 1
                """, 2, "runbook is required");
    }

    @Test
    void refusesAnUnknownRunbook() {
        refused("""
                rules:
                  - alert: A
                    expr: errors[5m] > 1
                    runbook: no-such-runbook
                """, 4, "runbook 'no-such-runbook' does not exist");
    }

    @Test
    void refusesABadExpressionWithItsLineAndColumn() {
        refused("""
                rules:
                  - alert: A
                    runbook: high-error-rate
                    expr: error_ratio{service="checkout"}[5m] >> 5%
                """, 4, "invalid expr at column 38: expected a threshold");
    }

    @Test
    void aMultiLineExpressionErrorNamesTheLineWhereTheValueStarts() {
        refused("""
                rules:
                  - alert: A
                    runbook: high-error-rate
                    expr: >
                      error_ratio[5m]
                      > lots
                """, 4, "invalid expr at column 19");
    }

    @Test
    void refusesADuplicateNameAtTheSecondRule() {
        refused("""
                rules:
                  - alert: A
                    expr: errors[5m] > 1
                    runbook: high-error-rate
                  - alert: A
                    expr: errors[5m] > 2
                    runbook: high-error-rate
                """, 5, "a rule named 'A' is already defined at line 2");
    }

    @Test
    void refusesRulesThatAreNotAList() {
        refused("rules:\n  alert: A\n", 2, "rules must be a list");
    }

    @Test
    void refusesARuleThatIsNotAMapping() {
        refused("rules:\n  - errors[5m] > 1\n", 2, "each rule must be a mapping");
    }

    @Test
    void refusesAFileThatIsNotAMapping() {
        refused("- alert: A\n", 1, "must be a mapping with a 'rules' list");
    }

    @Test
    void refusesInvalidYamlWithTheLine() {
        refused("""
                rules:
                  - alert: A
                    expr: "errors[5m] > 1
                    runbook: high-error-rate
                """, 5, "not valid YAML");
    }

    @Test
    void refusesMissingAlertAndExpr() {
        refused("rules:\n  - expr: errors[5m] > 1\n    runbook: high-error-rate\n", 2, "alert is required");
        refused("rules:\n  - alert: A\n    runbook: high-error-rate\n", 2, "expr is required");
    }

    @Test
    void refusesANameThatCannotBeAUrlSegment() {
        refused("rules:\n  - alert: a/b\n    expr: errors[5m] > 1\n    runbook: high-error-rate\n", 2,
                "alert must start with a letter");
    }

    @Test
    void refusesMinRequestsOnSaturationAndNegative() {
        refused("rules:\n  - alert: A\n    expr: saturation_cpu > 90%\n    min_requests: 5\n"
                + "    runbook: high-error-rate\n", 4, "golden-signal expressions only");
        refused("rules:\n  - alert: A\n    expr: errors[5m] > 1\n    min_requests: -1\n"
                + "    runbook: high-error-rate\n", 4, "must not be negative");
    }

    @Test
    void refusesTheAlertnameLabel() {
        refused("rules:\n  - alert: A\n    expr: errors[5m] > 1\n    labels: {alertname: B}\n"
                + "    runbook: high-error-rate\n", 4, "alertname");
    }

    @Test
    void anApiDefinitionIsOneItemAloneOrWrapped() throws Exception {
        List<AlertRule> alone = parser.parse("api:A", "alert: A\nexpr: errors[5m] > 1\nrunbook: high-error-rate\n");
        assertThat(alone).extracting(AlertRule::name).containsExactly("A");
        assertThat(alone.get(0).origin()).isEqualTo("api:A:1");

        List<AlertRule> json = parser.parse("api:A", """
                {"alert": "A", "expr": "errors[5m] > 1", "runbook": "high-error-rate", "labels": {"severity": "page"}}
                """);
        assertThat(json.get(0).labels()).containsEntry("severity", "page");

        assertThat(parser.parse("api:A", "rules:\n  - alert: A\n    expr: errors[5m] > 1\n"
                + "    runbook: high-error-rate\n")).hasSize(1);
    }
}
