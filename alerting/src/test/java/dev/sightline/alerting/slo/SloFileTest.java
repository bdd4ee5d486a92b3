package dev.sightline.alerting.slo;

import dev.sightline.alerting.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SloFileTest {
    static final Set<String> RUNBOOKS = Set.of("slo-fast-burn", "slo-slow-burn", "payments-page");
    final SloFile parser = new SloFile(RUNBOOKS::contains);

    static final String EXAMPLE = """
            slos:
              - name: checkout-availability
                service: checkout
                operation: POST /checkout   # optional
                sli: availability
                objective: 99.9%
                window: 30d
              - name: checkout-latency
                service: checkout
                sli: latency
                threshold: 500ms
                objective: 99%
                min_events: 50
                description: Checkout is fast
                alerting:
                  page:  [{long: 1h, short: 5m, burn_rate: 14.4}, {long: 6h, short: 30m, burn_rate: 6}]
                  ticket: [{long: 1d, short: 2h, burn_rate: 3}, {long: 7d, short: 6h, burn_rate: 1}]
                  page_runbook: payments-page
                  ticket_runbook: slo-slow-burn
                labels: {team: payments}
            """;

    @Test
    void readsTheExampleWithDefaultsAndOverrides() throws ConfigException {
        List<SloDefinition> slos = parser.parse("slos.yaml", EXAMPLE);
        assertThat(slos).hasSize(2);
        SloDefinition a = slos.get(0);
        assertThat(a.name()).isEqualTo("checkout-availability");
        assertThat(a.operation()).isEqualTo("POST /checkout");
        assertThat(a.sli()).isEqualTo(SliKind.AVAILABILITY);
        assertThat(a.objective()).isEqualTo(0.999);
        assertThat(a.latencyThreshold()).isNull();
        assertThat(a.window()).isEqualTo(Duration.ofDays(30));
        assertThat(a.minEvents()).isEqualTo(100);
        assertThat(a.alerting()).isEqualTo(BurnRatePolicy.DEFAULT);

        SloDefinition l = slos.get(1);
        assertThat(l.sli()).isEqualTo(SliKind.LATENCY);
        assertThat(l.latencyThreshold()).isEqualTo(Duration.ofMillis(500));
        assertThat(l.objective()).isEqualTo(0.99);
        assertThat(l.minEvents()).isEqualTo(50);
        assertThat(l.labels()).containsEntry("team", "payments");
        assertThat(l.alerting().pageRunbook()).isEqualTo("payments-page");
        assertThat(l.alerting().ticket().get(1)).isEqualTo(BurnWindow.of(Duration.ofDays(7), Duration.ofHours(6), 1));
        assertThat(SloTracker.minuteSlots(l)).isEqualTo(7 * 1440 + 60);
        assertThat(SloTracker.historyBytes(a)).isLessThan(50_000);
    }

    @Test
    void writtenYamlReadsBackAsTheSameSlo() throws ConfigException {
        for (SloDefinition slo : parser.parse("slos.yaml", EXAMPLE)) {
            String yaml = SloYaml.write(slo);
            assertThat(parser.parse("api:" + slo.name(), yaml)).as(yaml).containsExactly(slo);
        }
    }

    @Test
    void oneSloAloneAsJsonIsTheApiBody() throws ConfigException {
        List<SloDefinition> slos = parser.parse("api:x", """
                {"name": "x", "service": "cart", "sli": "latency", "threshold": "250ms", "objective": 0.995}
                """);
        assertThat(slos).singleElement().satisfies(s -> {
            assertThat(s.latencyThreshold()).isEqualTo(Duration.ofMillis(250));
            assertThat(s.objective()).isEqualTo(0.995);
        });
    }

    @Test
    void anEmptyFileHasNoSlos() throws ConfigException {
        assertThat(parser.parse("slos.yaml", "")).isEmpty();
        assertThat(parser.parse("slos.yaml", "slos: []\n")).isEmpty();
    }

    static Stream<Arguments> invalid() {
        String ok = "  - name: a\n    service: s\n    sli: availability\n    objective: 99.9%\n";
        return Stream.of(
                Arguments.of("unknown field", "slos:\n" + ok + "    objectve: 99%\n", 6, "unknown field 'objectve'"),
                Arguments.of("objective 0", item("objective: 0"), 5, "objective must be above 0 and below 100%"),
                Arguments.of("objective 1", item("objective: 1"), 5, "objective must be above 0"),
                Arguments.of("objective 101%", item("objective: 101%"), 5, "'101%'"),
                Arguments.of("objective 99.9 without %", item("objective: 99.9"), 5, "e.g. 99.9% or 0.999"),
                Arguments.of("objective text", item("objective: high"), 5, "objective must be a number: 'high'"),
                Arguments.of("missing service", "slos:\n  - name: a\n    sli: availability\n    objective: 99%\n",
                        2, "service is required"),
                Arguments.of("latency without threshold",
                        "slos:\n  - name: a\n    service: s\n    sli: latency\n    objective: 99%\n", 2,
                        "a latency SLO needs a threshold"),
                Arguments.of("availability with threshold", "slos:\n" + ok + "    threshold: 500ms\n", 6,
                        "threshold is only for latency SLOs"),
                Arguments.of("bad duration", "slos:\n  - name: a\n    service: s\n    sli: latency\n"
                        + "    threshold: 500 millis\n    objective: 99%\n", 5, "threshold must be a duration"),
                Arguments.of("window too short", "slos:\n" + ok + "    window: 30m\n", 6, "window must be from 1h to 90d"),
                Arguments.of("window too long", "slos:\n" + ok + "    window: 91d\n", 6, "window must be from 1h to 90d"),
                Arguments.of("window not whole hours", "slos:\n" + ok + "    window: 90m\n", 6, "whole number of hours"),
                Arguments.of("duplicate name", "slos:\n" + ok + ok, 6, "duplicate SLO name 'a' (first defined at line 2)"),
                Arguments.of("unknown runbook", "slos:\n" + ok + "    alerting:\n      page_runbook: nope\n", 7,
                        "runbook 'nope' does not exist"),
                Arguments.of("slos not a list", "slos:\n  name: a\n", 2, "slos must be a list"),
                Arguments.of("bad YAML", "slos:\n  - name: [a\n", 3, "not valid YAML"),
                Arguments.of("unknown sli", "slos:\n  - name: a\n    service: s\n    sli: uptime\n"
                        + "    objective: 99%\n", 4, "sli must be 'availability' or 'latency', not 'uptime'"),
                Arguments.of("bad name", "slos:\n  - name: -a\n    service: s\n    sli: availability\n"
                        + "    objective: 99%\n", 2, "name '-a' must start with a letter or digit"),
                Arguments.of("reserved name", "slos:\n  - name: config\n    service: s\n    sli: availability\n"
                        + "    objective: 99%\n", 2, "reserved"),
                Arguments.of("short window not shorter", "slos:\n" + ok
                        + "    alerting:\n      page: [{long: 1h, short: 1h, burn_rate: 14.4}]\n", 7,
                        "the short window must be shorter"),
                Arguments.of("unreachable burn rate", "slos:\n  - name: a\n    service: s\n    sli: availability\n"
                        + "    objective: 90%\n", 5, "could never fire"),
                Arguments.of("reserved label", "slos:\n" + ok + "    labels: {severity: low}\n", 6,
                        "label 'severity' is set by the SLO's alerts"),
                Arguments.of("no slos key", "slo:\n  - name: a\n", 1, "expected a top-level 'slos:' list"));
    }

    /** An availability SLO with one line replaced (objective or sli), the line 5 of its file. */
    static String item(String line) {
        String base = "slos:\n  - name: a\n    service: s\n    sli: availability\n    objective: 99.9%\n";
        return line.startsWith("objective") ? base.replace("objective: 99.9%", line) : base + "    " + line + "\n";
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void everyInvalidFileIsAnsweredWithFileLineAndReason(String what, String text, int line, String reason) {
        assertThatThrownBy(() -> parser.parse("slos.yaml", text))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.file()).isEqualTo("slos.yaml");
                    if (line > 0) {
                        assertThat(e.line()).as(e.getMessage()).isEqualTo(line);
                        assertThat(e.getMessage()).startsWith("slos.yaml:" + line + ": ");
                    }
                    assertThat(e.reason()).contains(reason);
                });
    }
}
