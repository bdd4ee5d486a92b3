package dev.sightline.alerting.slo;

import dev.sightline.alerting.config.ConfigException;
import dev.sightline.store.model.SpanKind;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class SloSuggestionsTest {
    static final Instant NOW = Instant.parse("2026-03-02T12:00:30Z");
    static final long NOW_MINUTE = NOW.getEpochSecond() / 60;

    /** A day of traffic: checkout fails 0.05 % and answers in ~100-400 ms; search fails 1.7 %; idle has 10 calls. */
    static RollupTable rollups() {
        Random random = new Random(1);
        RollupTable t = new RollupTable();
        for (long m = NOW_MINUTE - 1440; m < NOW_MINUTE; m++) {
            for (int i = 0; i < 20; i++) {
                long duration = (long) ((100 + random.nextInt(300)) * 1e6);
                t.addSpan("checkout", "POST /checkout", SpanKind.SERVER, m, duration, (m * 20 + i) % 2000 == 0);
                t.addSpan("search api", "GET /search", SpanKind.SERVER, m, (long) (3e6 + random.nextInt(1_000_000)),
                        (m * 20 + i) % 60 == 0);
            }
            t.add("checkout", "GET payments", SpanKind.CLIENT, m, 50, 50);
        }
        for (int i = 0; i < 10; i++) {
            t.addSpan("idle", "GET /", SpanKind.SERVER, NOW_MINUTE - 5, 1_000_000, false);
        }
        return t;
    }

    @Test
    void proposesAvailabilityAndLatencyPerServiceWithTraffic() throws ConfigException {
        List<SloSuggestion> all = new SloSuggestions(rollups()).suggest(List.of(), NOW);
        Map<String, SloSuggestion> byName = all.stream().collect(Collectors.toMap(s -> s.slo().name(),
                Function.identity()));
        assertThat(byName.keySet()).containsExactlyInAnyOrder("checkout-availability", "checkout-latency",
                "search-api-availability", "search-api-latency");

        // Checkout achieves 99.95 %: the default 99.9 %. Search achieves ~98.3 %: the next round objective below.
        assertThat(byName.get("checkout-availability").slo().objective()).isEqualTo(0.999);
        assertThat(byName.get("search-api-availability").slo().objective()).isEqualTo(0.98);
        assertThat(byName.get("search-api-availability").slo().service()).isEqualTo("search api");
        // p99 of 100-400 ms is ~396 ms: 500 ms. Search's ~4 ms p99: 5 ms.
        assertThat(byName.get("checkout-latency").slo().latencyThreshold()).isEqualTo(Duration.ofMillis(500));
        assertThat(byName.get("checkout-latency").slo().objective()).isEqualTo(0.99);
        assertThat(byName.get("search-api-latency").slo().latencyThreshold()).isEqualTo(Duration.ofMillis(5));

        SloFile parser = new SloFile(name -> true);
        for (SloSuggestion s : all) {
            assertThat(parser.parse("api:" + s.slo().name(), s.yaml())).containsExactly(s.slo());
            assertThat(s.basis()).contains("last 24h");
        }
    }

    @Test
    void servicesWithAnSloOfAKindGetNoSuggestionOfThatKind() {
        SloDefinition existing = Slos.availability("checkout-availability", "checkout", "POST /checkout", 0.99,
                Duration.ofDays(30));
        List<SloSuggestion> all = new SloSuggestions(rollups()).suggest(List.of(existing), NOW);
        assertThat(all).extracting(s -> s.slo().name()).containsExactlyInAnyOrder("checkout-latency",
                "search-api-availability", "search-api-latency");
    }

    @Test
    void niceThresholdsRoundUp() {
        assertThat(SloSuggestions.niceCeiling(432)).isEqualTo(500);
        assertThat(SloSuggestions.niceCeiling(1200)).isEqualTo(2000);
        assertThat(SloSuggestions.niceCeiling(2100)).isEqualTo(2500);
        assertThat(SloSuggestions.niceCeiling(7)).isEqualTo(10);
        assertThat(SloSuggestions.niceCeiling(200)).isEqualTo(200);
        assertThat(SloSuggestions.niceCeiling(0.3)).isEqualTo(1);
    }
}
