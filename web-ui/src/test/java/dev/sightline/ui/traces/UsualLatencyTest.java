package dev.sightline.ui.traces;

import dev.sightline.store.model.SpanKind;
import dev.sightline.store.read.RollupReader;
import dev.sightline.store.rollup.EdgeRollup;
import dev.sightline.store.rollup.LatencySketch;
import dev.sightline.store.rollup.OperationInfo;
import dev.sightline.store.rollup.SpanRollup;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class UsualLatencyTest {
    private static final long MS = 1_000_000L;
    private static final long NOW_MINUTE = 29_000_000L;

    /** Rollups by hour as the store keeps them; records every read. */
    private static final class Rollups implements RollupReader {
        final List<SpanRollup> rows = new ArrayList<>();
        final List<String> hourlyReads = new ArrayList<>();
        long from;
        long to;

        void add(String service, String operation, SpanKind kind, long minute, long okMs, int okCount,
                 long failedMs, int failedCount) {
            LatencySketch ok = LatencySketch.empty();
            LatencySketch failed = LatencySketch.empty();
            for (int i = 0; i < okCount; i++) {
                ok.accept(okMs * MS);
            }
            for (int i = 0; i < failedCount; i++) {
                failed.accept(failedMs * MS);
            }
            rows.add(new SpanRollup(service, operation, kind, minute, okCount + failedCount, failedCount, ok, failed));
        }

        @Override
        public List<OperationInfo> operations(String service) {
            return List.of();
        }

        @Override
        public List<SpanRollup> spanRollups(String service, String operation, long fromMinute, long toMinute) {
            throw new AssertionError("a day of baselines must be read by the hour");
        }

        @Override
        public List<SpanRollup> spanRollupsByHour(String service, String operation, long fromMinute, long toMinute) {
            hourlyReads.add(service + "/" + operation);
            from = fromMinute;
            to = toMinute;
            return rows.stream().filter(r -> r.service().equals(service)).filter(r -> r.epochMinute() >= fromMinute
                    && r.epochMinute() < toMinute).toList();
        }

        @Override
        public List<EdgeRollup> edgeRollups(long fromMinute, long toMinute) {
            return List.of();
        }
    }

    @Test
    void readsEachServiceOnceByTheHourOverTheDayBeforeTheTraceEnded() {
        Rollups rollups = new Rollups();
        long end = NOW_MINUTE * 60_000_000_000L;

        UsualLatency.read(rollups, List.of("web", "db", "web"), end);

        assertThat(rollups.hourlyReads).containsExactly("web/null", "db/null");
        assertThat(rollups.to - rollups.from).isEqualTo(24 * 60);
        assertThat(rollups.to).isEqualTo(NOW_MINUTE);
    }

    @Test
    void readsAtMostTheFirstFiftyServicesItIsGiven() {
        Rollups rollups = new Rollups();
        List<String> services = IntStream.range(0, 80).mapToObj(i -> "svc" + i).toList();

        UsualLatency.read(rollups, services, NOW_MINUTE * 60_000_000_000L);

        assertThat(rollups.hourlyReads).hasSize(UsualLatency.MAX_SERVICES).startsWith("svc0/null")
                .endsWith("svc49/null");
    }

    @Test
    void mergesHoursAndSuccessfulAndFailedSpansOfOneOperationAndKind() {
        Rollups rollups = new Rollups();
        // 90 fast successes over two hours and 10 slow failures: the p95 is among the failures.
        rollups.add("db", "SELECT", SpanKind.CLIENT, NOW_MINUTE - 120, 2, 45, 0, 0);
        rollups.add("db", "SELECT", SpanKind.CLIENT, NOW_MINUTE - 60, 2, 45, 500, 10);
        rollups.add("db", "SELECT", SpanKind.SERVER, NOW_MINUTE - 60, 40, 10, 0, 0);
        // Older than a day: not usual any more.
        rollups.add("db", "SELECT", SpanKind.CLIENT, NOW_MINUTE - 25 * 60, 9000, 1000, 0, 0);

        UsualLatency usual = UsualLatency.read(rollups, List.of("db"), NOW_MINUTE * 60_000_000_000L);

        UsualLatency.Baseline client = usual.of("db", "SELECT", SpanKind.CLIENT);
        assertThat(client.count()).isEqualTo(100);
        assertThat(client.p95Nanos()).isCloseTo(500 * MS, within(500 * MS * LatencySketch.RELATIVE_ACCURACY * 2));
        assertThat(usual.of("db", "SELECT", SpanKind.SERVER).p95Nanos()).isCloseTo(40 * MS, within(1.0 * MS));
        assertThat(usual.of("db", "INSERT", SpanKind.CLIENT)).isNull();
        assertThat(usual.of("web", "SELECT", SpanKind.CLIENT)).isNull();
    }
}
