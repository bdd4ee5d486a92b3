package dev.sightline.ui.web;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class FormatTest {
    @Test
    void missingIsADashNotZero() {
        assertThat(Format.ms(null)).isEqualTo("—");
        assertThat(Format.percent(null)).isEqualTo("—");
        assertThat(Format.rate(null)).isEqualTo("—");
        assertThat(Format.number(Double.NaN)).isEqualTo("—");
        assertThat(Format.time(null)).isEqualTo("—");
    }

    @Test
    void millisecondsKeepThreeSignificantFigures() {
        assertThat(Format.ms(0.0421)).isEqualTo("0.042 ms");
        assertThat(Format.ms(4.2)).isEqualTo("4.20 ms");
        assertThat(Format.ms(420.4)).isEqualTo("420 ms");
        assertThat(Format.ms(4200.0)).isEqualTo("4.20 s");
        assertThat(Format.ms(252_000.0)).isEqualTo("4.2 min");
        assertThat(Format.nanos(1_500_000)).isEqualTo("1.50 ms");
    }

    @Test
    void ratiosAndRates() {
        assertThat(Format.percent(0.0)).isEqualTo("0 %");
        assertThat(Format.percent(0.00001)).isEqualTo("0.0010 %");
        assertThat(Format.percent(0.0123)).isEqualTo("1.23 %");
        assertThat(Format.percent(0.5)).isEqualTo("50.0 %");
        assertThat(Format.percent(-0.25)).isEqualTo("-25.0 %");
        assertThat(Format.rate(0.0)).isEqualTo("0/s");
        assertThat(Format.rate(0.005)).isEqualTo("0.3/min");
        assertThat(Format.rate(2.5)).isEqualTo("2.50/s");
        assertThat(Format.rate(12_345.0)).isEqualTo("12,345/s");
        assertThat(Format.count(1_234_567)).isEqualTo("1,234,567");
        assertThat(Format.number(0.25)).isEqualTo("0.25");
        assertThat(Format.number(3.0)).isEqualTo("3");
        assertThat(Format.number(2.5e9)).isEqualTo("2.50e+09");
    }

    @Test
    void timesAreUtc() {
        Instant t = Instant.parse("2026-11-30T05:06:07.891Z");
        assertThat(Format.time(t)).isEqualTo("2026-11-30 05:06:07Z");
        assertThat(Format.clockNanos(t.getEpochSecond() * 1_000_000_000L + 891_000_000)).isEqualTo("05:06:07.891");
        assertThat(Format.duration(Duration.ofMinutes(90))).isEqualTo("1h30m");
        assertThat(Format.duration(Duration.ofDays(7))).isEqualTo("7d");
        assertThat(Format.ago(t.minusSeconds(180), t)).isEqualTo("3m ago");
        assertThat(Format.ago(t, t)).isEqualTo("just now");
    }
}
