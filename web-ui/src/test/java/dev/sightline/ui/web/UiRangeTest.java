package dev.sightline.ui.web;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UiRangeTest {
    private static final Instant NOW = Instant.parse("2026-11-30T06:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    @Test
    void defaultsToTheLastHour() {
        UiRange r = UiRange.of(null, null, null, CLOCK);
        assertThat(r.to()).isEqualTo(NOW);
        assertThat(r.length()).isEqualTo(Duration.ofHours(1));
        assertThat(r.absolute()).isFalse();
        assertThat(r.label()).isEqualTo("last 1h");
    }

    @Test
    void presetsAreRelativeToNow() {
        UiRange r = UiRange.of("7d", null, null, CLOCK);
        assertThat(r.from()).isEqualTo(NOW.minus(Duration.ofDays(7)));
        assertThat(r.preset()).isEqualTo("7d");
    }

    @Test
    void startAndEndPinAnIncident() {
        UiRange r = UiRange.of("7d", "2026-11-30T04:00:00Z", "2026-11-30T04:30:00Z", CLOCK);
        assertThat(r.absolute()).isTrue();
        assertThat(r.length()).isEqualTo(Duration.ofMinutes(30));
        assertThat(r.label()).isEqualTo("2026-11-30 04:00:00Z – 2026-11-30 04:30:00Z");
    }

    @Test
    void badValuesNameTheParameter() {
        assertThatThrownBy(() -> UiRange.of("soon", null, null, CLOCK)).isInstanceOf(PageException.class)
                .hasMessageStartingWith("Bad range:").extracting(e -> ((PageException) e).status()).isEqualTo(400);
        assertThatThrownBy(() -> UiRange.of("90d", null, null, CLOCK)).hasMessageStartingWith("Bad range:");
        assertThatThrownBy(() -> UiRange.of(null, "yesterday", null, CLOCK)).hasMessageStartingWith("Bad start:");
        assertThatThrownBy(() -> UiRange.of(null, "2026-11-30T05:00:00Z", "2026-11-30T04:00:00Z", CLOCK))
                .hasMessageStartingWith("Bad end:");
    }
}
