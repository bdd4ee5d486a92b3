package dev.sightline.query.metrics;

import dev.sightline.store.model.Resource;
import dev.sightline.store.query.TimeRange;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.sightline.query.metrics.FakeMetricReader.MINUTE;
import static dev.sightline.query.metrics.FakeMetricReader.T0;
import static dev.sightline.query.metrics.FakeMetricReader.attrs;
import static dev.sightline.query.metrics.FakeMetricReader.gauge;
import static dev.sightline.query.metrics.FakeMetricReader.numbers;
import static dev.sightline.query.metrics.FakeMetricReader.resource;
import static dev.sightline.query.metrics.FakeMetricReader.upDownCounter;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ServiceSaturationTest {
    private static final Resource CHECKOUT = resource("checkout", "service.instance.id", "checkout-1");
    private static final TimeRange LAST_HOUR = new TimeRange(T0 - 50 * MINUTE, T0 + 10 * MINUTE);

    private final FakeMetricReader reader = new FakeMetricReader();
    private final ServiceSaturation saturation = new ServiceSaturation(reader);

    private SaturationSignal only(Saturation s, String name) {
        return s.signals().stream().filter(x -> x.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(name + " not in " + s.signals()));
    }

    @Test
    void aServiceSendingNoneOfTheMetricsHasNoData() {
        reader.add(gauge("jvm.cpu.recent_utilization", resource("other"), List.of(), numbers(0, 1, 0.5)));
        Saturation s = saturation.saturation("checkout", LAST_HOUR);
        assertThat(s.noData()).isTrue();
        assertThat(s.signals()).isEmpty();
    }

    @Test
    void jvmMemoryIsUsedOverLimitSummedOverThePoolsThatHaveALimit() {
        reader.add(upDownCounter("jvm.memory.used", CHECKOUT, attrs("jvm.memory.pool.name", "G1 Eden Space",
                "jvm.memory.type", "heap"), numbers(0, 1, 40, 50)));
        reader.add(upDownCounter("jvm.memory.used", CHECKOUT, attrs("jvm.memory.pool.name", "G1 Old Gen",
                "jvm.memory.type", "heap"), numbers(0, 1, 100, 300)));
        reader.add(upDownCounter("jvm.memory.used", CHECKOUT, attrs("jvm.memory.pool.name", "CodeHeap",
                "jvm.memory.type", "non_heap"), numbers(0, 1, 10, 10)));
        reader.add(upDownCounter("jvm.memory.limit", CHECKOUT, attrs("jvm.memory.pool.name", "G1 Old Gen",
                "jvm.memory.type", "heap"), numbers(0, 1, 1000, 1000)));
        reader.add(upDownCounter("jvm.memory.limit", CHECKOUT, attrs("jvm.memory.pool.name", "CodeHeap",
                "jvm.memory.type", "non_heap"), numbers(0, 1, 100, 100)));

        SaturationSignal memory = only(saturation.saturation("checkout", LAST_HOUR),
                "jvm.memory.used/jvm.memory.limit");
        assertThat(memory.resource()).isEqualTo(SaturationSignal.Resource.MEMORY);
        assertThat(memory.value()).isCloseTo(310.0 / 1100, within(1e-12));
        assertThat(memory.utilization()).isTrue();
        assertThat(memory.epochNanos()).isEqualTo(T0 + MINUTE);
        assertThat(memory.instance()).isEqualTo("checkout-1");
        assertThat(memory.detail()).isEqualTo("2 pools with a limit");
    }

    @Test
    void connectionPoolUsageIsTheFullestPool() {
        reader.add(upDownCounter("db.client.connection.count", CHECKOUT, attrs("db.client.connection.state", "used",
                "db.client.connection.pool.name", "orders"), numbers(0, 1, 8)));
        reader.add(upDownCounter("db.client.connection.count", CHECKOUT, attrs("db.client.connection.state", "idle",
                "db.client.connection.pool.name", "orders"), numbers(0, 1, 2)));
        reader.add(upDownCounter("db.client.connection.count", CHECKOUT, attrs("db.client.connection.state", "used",
                "db.client.connection.pool.name", "users"), numbers(0, 1, 1)));
        reader.add(upDownCounter("db.client.connection.max", CHECKOUT, attrs("db.client.connection.pool.name",
                "orders"), numbers(0, 1, 10)));
        reader.add(upDownCounter("db.client.connection.max", CHECKOUT, attrs("db.client.connection.pool.name",
                "users"), numbers(0, 1, 10)));
        // The older names, as instrumentations before semantic conventions 1.26 send them.
        reader.add(upDownCounter("db.client.connections.usage", CHECKOUT, attrs("state", "used", "pool.name", "p"),
                numbers(0, 1, 3)));
        reader.add(upDownCounter("db.client.connections.max", CHECKOUT, attrs("pool.name", "p"), numbers(0, 1, 4)));

        Saturation s = saturation.saturation("checkout", LAST_HOUR);
        SaturationSignal pool = only(s, "db.client.connection.count/db.client.connection.max");
        assertThat(pool.value()).isCloseTo(0.8, within(1e-12));
        assertThat(pool.detail()).isEqualTo("pool orders");
        assertThat(only(s, "db.client.connections.usage/db.client.connections.max").value())
                .isCloseTo(0.75, within(1e-12));
    }

    @Test
    void cpuSignalsAreRatiosOfTheMostSaturatedFreshInstance() {
        reader.add(gauge("system.cpu.utilization", CHECKOUT, attrs("cpu.logical_number", "0", "cpu.mode", "user"),
                numbers(0, 1, 0.3)));
        reader.add(gauge("system.cpu.utilization", CHECKOUT, attrs("cpu.logical_number", "0", "cpu.mode", "system"),
                numbers(0, 1, 0.1)));
        reader.add(gauge("system.cpu.utilization", CHECKOUT, attrs("cpu.logical_number", "0", "cpu.mode", "idle"),
                numbers(0, 1, 0.6)));
        reader.add(gauge("system.cpu.utilization", CHECKOUT, attrs("cpu.logical_number", "1", "cpu.mode", "user"),
                numbers(0, 1, 0.1)));
        reader.add(gauge("system.cpu.utilization", CHECKOUT, attrs("cpu.logical_number", "1", "cpu.mode", "idle"),
                numbers(0, 1, 0.9)));
        reader.add(gauge("process.cpu.utilization", CHECKOUT, attrs("cpu.mode", "user"), numbers(0, 1, 0.3, 0.4)));
        reader.add(gauge("process.cpu.utilization", CHECKOUT, attrs("cpu.mode", "system"), numbers(0, 1, 0.1, 0.02)));
        reader.add(gauge("jvm.cpu.recent_utilization", CHECKOUT, List.of(), numbers(0, 1, 0.3)));
        reader.add(gauge("jvm.cpu.recent_utilization", resource("checkout", "service.instance.id", "checkout-2"),
                List.of(), numbers(0, 1, 0.9)));
        // An instance that stopped reporting 10 minutes before the others is gone, however busy it was.
        reader.add(gauge("jvm.cpu.recent_utilization", resource("checkout", "service.instance.id", "checkout-old"),
                List.of(), numbers(-10, 1, 0.99)));
        reader.add(gauge("jvm.cpu.recent_utilization", resource("payments"), List.of(), numbers(0, 1, 1.0)));

        Saturation s = saturation.saturation("checkout", LAST_HOUR);
        assertThat(s.noData()).isFalse();
        assertThat(only(s, "system.cpu.utilization").value()).isCloseTo(0.25, within(1e-12));
        assertThat(only(s, "process.cpu.utilization").value()).isCloseTo(0.42, within(1e-12));
        assertThat(only(s, "process.cpu.utilization").epochNanos()).isEqualTo(T0 + MINUTE);
        SaturationSignal jvm = only(s, "jvm.cpu.recent_utilization");
        assertThat(jvm.value()).isEqualTo(0.9);
        assertThat(jvm.instance()).isEqualTo("checkout-2");
        assertThat(s.signals()).allSatisfy(x -> assertThat(x.resource()).isEqualTo(SaturationSignal.Resource.CPU));
    }

    @Test
    void systemMemoryAndQueueBacklog() {
        reader.add(gauge("system.memory.utilization", CHECKOUT, attrs("system.memory.state", "used"),
                numbers(0, 1, 0.7)));
        reader.add(gauge("system.memory.utilization", CHECKOUT, attrs("system.memory.state", "free"),
                numbers(0, 1, 0.3)));
        reader.add(upDownCounter("otelcol_exporter_queue_size", CHECKOUT, attrs("exporter", "otlp"),
                numbers(0, 1, 12)));
        reader.add(upDownCounter("otelcol_exporter_queue_size", CHECKOUT, attrs("exporter", "kafka"),
                numbers(0, 1, 5)));
        reader.add(gauge("process.memory.usage", CHECKOUT, List.of(), numbers(0, 1, 123_456_789)));

        Saturation s = saturation.saturation("checkout", LAST_HOUR);
        assertThat(only(s, "system.memory.utilization").value()).isCloseTo(0.7, within(1e-12));
        SaturationSignal queue = only(s, "otelcol_exporter_queue_size");
        assertThat(queue.resource()).isEqualTo(SaturationSignal.Resource.QUEUE);
        assertThat(queue.value()).isEqualTo(17);
        assertThat(queue.utilization()).isFalse();
        SaturationSignal rss = only(s, "process.memory.usage");
        assertThat(rss.utilization()).isFalse();
        assertThat(rss.value()).isEqualTo(123_456_789);
    }

    @Test
    void theLatestValueInTheRangeCountsNotLaterOnes() {
        reader.add(gauge("jvm.cpu.recent_utilization", CHECKOUT, List.of(), numbers(-30, 10, 0.1, 0.2, 0.3, 0.4)));
        TimeRange early = new TimeRange(T0 - 60 * MINUTE, T0 - 15 * MINUTE);
        SaturationSignal cpu = only(saturation.saturation("checkout", early), "jvm.cpu.recent_utilization");
        assertThat(cpu.value()).isEqualTo(0.2);
        assertThat(cpu.epochNanos()).isEqualTo(T0 - 20 * MINUTE);
    }

    @Test
    void onlyTheNewestWindowIsReadWhenItHasData() {
        reader.add(gauge("jvm.cpu.recent_utilization", CHECKOUT, List.of(), numbers(0, 1, 0.5)));
        saturation.saturation("checkout", new TimeRange(T0 - 30 * 24 * 60 * MINUTE, T0 + 2 * MINUTE));
        assertThat(reader.reads).isEqualTo(1);
    }
}
