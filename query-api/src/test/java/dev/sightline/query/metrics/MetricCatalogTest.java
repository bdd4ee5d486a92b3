package dev.sightline.query.metrics;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static dev.sightline.query.metrics.FakeMetricReader.T0;
import static dev.sightline.query.metrics.FakeMetricReader.counter;
import static dev.sightline.query.metrics.FakeMetricReader.gauge;
import static dev.sightline.query.metrics.FakeMetricReader.numbers;
import static dev.sightline.query.metrics.FakeMetricReader.resource;
import static org.assertj.core.api.Assertions.assertThat;

class MetricCatalogTest {
    private final FakeMetricReader reader = new FakeMetricReader();
    private Instant now = Instant.ofEpochSecond(0, T0);
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };
    private final MetricCatalog catalog = new MetricCatalog(reader, clock);

    private List<MetricCatalog.MetricInfo> describeAll() {
        return catalog.describe(reader.metricNames(), reader.metricNames());
    }

    @Test
    void describesEachNameFromItsNewestSeries() {
        reader.add(counter("requests", resource("a"), List.of(), numbers(-1, 1, 5)));
        reader.add(gauge("old.gauge", resource("a"), List.of(), numbers(-3 * 24 * 60, 1, 5)));
        assertThat(describeAll()).containsExactly(
                new MetricCatalog.MetricInfo("old.gauge", "Gauge", "1", "", "UNSPECIFIED", false),
                new MetricCatalog.MetricInfo("requests", "Sum", "{request}", "requests", "CUMULATIVE", true));
    }

    @Test
    void aRecentNameCostsOneReadAndACachedOneNone() {
        reader.add(counter("requests", resource("a"), List.of(), numbers(-1, 1, 5)));
        describeAll();
        assertThat(reader.reads).isEqualTo(1);
        now = now.plusSeconds(30);
        describeAll();
        assertThat(reader.reads).isEqualTo(1);
    }

    @Test
    void aCachedNameIsRecheckedOnlySinceItsLastCheck() {
        reader.add(gauge("old.gauge", resource("a"), List.of(), numbers(-3 * 24 * 60, 1, 5)));
        describeAll();
        int firstLookup = reader.reads;
        // Empty 1m, 10m, 1h, 6h and 1d windows, then found in the 7d one.
        assertThat(firstLookup).isEqualTo(6);
        now = now.plusSeconds(MetricCatalog.REFRESH_SECONDS);
        assertThat(describeAll()).singleElement().extracting(MetricCatalog.MetricInfo::type).isEqualTo("Gauge");
        // Only [last check - 5m, now) is read again: the 1m and 10m windows.
        assertThat(reader.reads - firstLookup).isEqualTo(2);
    }

    @Test
    void aNameWithNoPointsFoundIsDescribedAsUnknown() {
        assertThat(catalog.describe(List.of("ghost"), List.of("ghost"))).containsExactly(
                MetricCatalog.MetricInfo.unknown("ghost"));
    }
}
