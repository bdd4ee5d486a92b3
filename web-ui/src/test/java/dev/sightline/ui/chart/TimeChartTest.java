package dev.sightline.ui.chart;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TimeChartTest {
    private static final long T0 = 1_796_000_000_000L;

    @Test
    void scalesToANiceMaximumAndDrawsEveryPoint() {
        TimeChart c = TimeChart.of(T0, 60_000, List.of(new TimeChart.Series("p99", "s1", new double[] {10, 20, 37})),
                v -> String.format(java.util.Locale.ROOT, "%.1f", v));
        // Grid lines every 10: the top one is 40 and the highest point sits at 37/40 of the plot's height.
        assertThat(c.yTicks()).extracting(TimeChart.Tick::label).containsExactly("0.0", "10.0", "20.0", "30.0", "40.0");
        String path = c.lines().get(0).path();
        assertThat(path).startsWith("M64.0,").contains("L").doesNotContain("NaN");
        assertThat(path.split("L")).hasSize(3);
        double plotH = c.plotBottom() - c.plotTop();
        double lastY = Double.parseDouble(path.substring(path.lastIndexOf(',') + 1));
        assertThat(lastY).isCloseTo(c.plotTop() + plotH * (1 - 37 / 40.0), org.assertj.core.data.Offset.offset(0.1));
        assertThat(c.empty()).isFalse();
    }

    @Test
    void gapsBreakTheLineInsteadOfFallingToZero() {
        TimeChart c = TimeChart.of(T0, 60_000, List.of(new TimeChart.Series("rate", "s1",
                new double[] {1, 2, Double.NaN, 4, 5})), String::valueOf);
        String path = c.lines().get(0).path();
        assertThat(path.chars().filter(ch -> ch == 'M').count()).isEqualTo(2);
        assertThat(path.chars().filter(ch -> ch == 'L').count()).isEqualTo(2);
    }

    @Test
    void aLonePointStillShows() {
        TimeChart c = TimeChart.of(T0, 60_000, List.of(new TimeChart.Series("p99", "s1",
                new double[] {Double.NaN, 3, Double.NaN})), String::valueOf);
        assertThat(c.lines().get(0).path()).isEmpty();
        assertThat(c.lines().get(0).dots()).hasSize(1);
        assertThat(c.lines().get(0).dots().get(0).x()).isEqualTo(c.centerX());
    }

    @Test
    void hoverTitlesListEverySeriesAtThatTime() {
        TimeChart c = TimeChart.of(T0, 60_000, List.of(new TimeChart.Series("ok", "s1", new double[] {1, 2}),
                new TimeChart.Series("failed", "s4", new double[] {Double.NaN, 7})), v -> v + " ms");
        assertThat(c.columns()).hasSize(2);
        assertThat(c.columns().get(1).title()).contains("ok: 2.0 ms").contains("failed: 7.0 ms");
        assertThat(c.columns().get(0).title()).contains("failed: —");
        // Columns tile the plot without spilling out of it.
        assertThat(c.columns().get(0).x()).isEqualTo(c.plotLeft());
        assertThat(c.columns().get(1).x() + c.columns().get(1).width()).isCloseTo(c.plotRight(),
                org.assertj.core.data.Offset.offset(0.2));
    }

    @Test
    void anEmptyChartSaysSo() {
        TimeChart c = TimeChart.of(T0, 60_000, List.of(new TimeChart.Series("x", "s1",
                new double[] {Double.NaN, Double.NaN})), String::valueOf);
        assertThat(c.empty()).isTrue();
        assertThat(c.lines().get(0).path()).isEmpty();
    }

    @Test
    void negativeValuesGetAnAxisBelowZero() {
        TimeChart c = TimeChart.of(T0, 3_600_000, List.of(new TimeChart.Series("budget", "s1",
                new double[] {0.9, 0.2, -0.3})), v -> String.format(java.util.Locale.ROOT, "%.2f", v));
        assertThat(c.yTicks()).extracting(TimeChart.Tick::label).containsExactly("-0.50", "0.00", "0.50", "1.00");
        String path = c.lines().get(0).path();
        double lastY = Double.parseDouble(path.substring(path.lastIndexOf(',') + 1));
        double zeroY = c.yTicks().get(1).position();
        assertThat(lastY).isGreaterThan(zeroY).isLessThan(c.plotBottom());
    }

    @Test
    void edgeTimeLabelsStayInsideThePicture() {
        TimeChart c = TimeChart.of(T0, 60_000, List.of(new TimeChart.Series("x", "s1", new double[60])),
                String::valueOf);
        assertThat(c.xTicks()).extracting(TimeChart.Tick::anchor).containsExactly("start", "middle", "middle",
                "middle", "middle", "end");
    }

    @Test
    void niceCeilings() {
        assertThat(TimeChart.niceCeiling(0)).isEqualTo(1);
        assertThat(TimeChart.niceCeiling(0.03)).isEqualTo(0.05);
        assertThat(TimeChart.niceCeiling(1)).isEqualTo(1);
        assertThat(TimeChart.niceCeiling(1.2)).isEqualTo(2);
        assertThat(TimeChart.niceCeiling(230)).isEqualTo(250);
        assertThat(TimeChart.niceCeiling(700)).isEqualTo(1000);
    }

    @Test
    void sparklineScalesToItsOwnMaximum() {
        Sparkline s = Sparkline.of(new double[] {0, 5, 10});
        assertThat(s.path()).isEqualTo("M1.0,23.0L60.0,12.0L119.0,1.0");
        assertThat(Sparkline.of(new double[] {Double.NaN}).empty()).isTrue();
        assertThat(Sparkline.of(new double[] {Double.NaN, 4, Double.NaN}).path()).endsWith("h1.5");
    }
}
