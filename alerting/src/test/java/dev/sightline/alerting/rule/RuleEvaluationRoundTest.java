package dev.sightline.alerting.rule;

import dev.sightline.alerting.alert.AlertDefinition;
import dev.sightline.alerting.alert.Violation;
import dev.sightline.store.read.RollupReader;
import dev.sightline.store.rollup.EdgeRollup;
import dev.sightline.store.rollup.OperationInfo;
import dev.sightline.store.rollup.SpanRollup;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.sightline.alerting.rule.RuleTestStore.NOW;
import static org.assertj.core.api.Assertions.assertThat;

/** Rules of one round share their reads: the golden signals of all services are read once per window. */
class RuleEvaluationRoundTest {
    static final int SERVICES = 20;

    @TempDir
    Path dir;
    RuleTestStore data;
    CountingRollups counting;
    RuleConditions conditions;

    /** The real rollup reader, counting the reads that go through it. */
    static final class CountingRollups implements RollupReader {
        final RollupReader real;
        final AtomicInteger reads = new AtomicInteger();

        CountingRollups(RollupReader real) {
            this.real = real;
        }

        @Override
        public List<OperationInfo> operations(String service) {
            reads.incrementAndGet();
            return real.operations(service);
        }

        @Override
        public List<SpanRollup> spanRollups(String service, String operation, long from, long to) {
            reads.incrementAndGet();
            return real.spanRollups(service, operation, from, to);
        }

        @Override
        public List<SpanRollup> spanRollupsByHour(String service, String operation, long from, long to) {
            reads.incrementAndGet();
            return real.spanRollupsByHour(service, operation, from, to);
        }

        @Override
        public List<EdgeRollup> edgeRollups(long from, long to) {
            reads.incrementAndGet();
            return real.edgeRollups(from, to);
        }
    }

    @BeforeEach
    void appendData() throws Exception {
        data = new RuleTestStore(dir);
        for (int s = 0; s < SERVICES; s++) {
            // Service s fails s % of its 100 requests, in two operations.
            data.requests("svc-" + s, "GET /a", NOW.minus(Duration.ofMinutes(2)), 50, s, Duration.ofMillis(10 + s));
            data.requests("svc-" + s, "GET /b", NOW.minus(Duration.ofMinutes(2)), 50, 0, Duration.ofMillis(10 + s));
        }
        data.awaitIndexed();
        counting = new CountingRollups(data.store);
        conditions = data.conditions(counting);
    }

    @AfterEach
    void close() {
        data.close();
    }

    /** 1,000 rules: golden signals over 5m and 1h, per service and per operation, with various thresholds. */
    List<AlertRule> thousandRules() throws Exception {
        String[] templates = {
                "error_ratio{service=\"svc-%d\"}[5m] > %d%%",
                "errors{service=\"svc-%d\"}[1h] > %d",
                "latency_p99{service=\"svc-%d\"}[5m] > %dms",
                "error_ratio{service=\"svc-%d\"}[1h] by (operation) > %d%%",
                "request_rate[5m] > %2$d",
        };
        List<AlertRule> rules = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            String expr = String.format(templates[i % templates.length], i % SERVICES, i % 25);
            rules.add(new AlertRule("rule-" + i, RuleExpression.parse(expr), expr, Duration.ZERO, Duration.ZERO,
                    Map.of(), Map.of(), "rb", 1, "test:" + i));
        }
        return rules;
    }

    @Test
    void aThousandRulesReadTheRollupsOncePerWindowPerRound() throws Exception {
        List<AlertDefinition> definitions = conditions.definitions(thousandRules());

        int violations = 0;
        for (AlertDefinition d : definitions) {
            violations += d.condition().evaluate(NOW).size();
        }

        assertThat(violations).as("the rules do find something").isPositive();
        assertThat(counting.reads).as("one read for [5m], one for [1h]").hasValue(2);

        Instant next = NOW.plusSeconds(15);
        for (AlertDefinition d : definitions) {
            d.condition().evaluate(next);
        }
        assertThat(counting.reads).as("a new round reads again").hasValue(4);
    }

    @Test
    void sharedRoundsGiveTheSameAnswersAsFreshReads() throws Exception {
        List<AlertRule> rules = thousandRules().subList(0, 50);
        for (AlertRule r : rules) {
            List<Violation> shared = conditions.violations(r, NOW);
            List<SeriesValue> fresh = conditions.evaluate(r.expression(), r.minRequests(), NOW).stream()
                    .filter(SeriesValue::violating).toList();
            assertThat(shared).as(r.source()).extracting(Violation::labels)
                    .isEqualTo(fresh.stream().map(SeriesValue::labels).toList());
            assertThat(shared).extracting(Violation::value)
                    .isEqualTo(fresh.stream().map(SeriesValue::value).toList());
        }
    }

    @Test
    void aPreviewDoesNotReplaceTheEvaluatorsRound() throws Exception {
        AlertRule r = thousandRules().get(0);
        conditions.violations(r, NOW);
        conditions.evaluate(r.expression(), 1, NOW.plusSeconds(1));
        int before = counting.reads.get();

        conditions.violations(r, NOW);

        assertThat(counting.reads.get()).isEqualTo(before);
    }
}
