package dev.sightline.ui.service;

import dev.sightline.query.signals.Latency;
import dev.sightline.query.signals.SignalPoint;
import dev.sightline.ui.chart.TimeChart;
import dev.sightline.ui.web.Format;

import java.util.List;
import java.util.function.Function;

/**
 * The service page's three charts: traffic (requests and failed requests per second), the error ratio, and latency
 * percentiles of successful requests beside the p99 of failed ones (a fast 500 must not make latency look good;
 * percentiles only, never averages). Steps without requests are gaps in the ratio and latency lines, not zeros.
 */
public record GoldenCharts(TimeChart traffic, TimeChart errors, TimeChart latency) {

    public static GoldenCharts of(SignalSeries s) {
        List<SignalPoint> p = s.points();
        int n = p.size();
        double[] rate = new double[n];
        double[] failedRate = new double[n];
        double[] ratio = new double[n];
        for (int i = 0; i < n; i++) {
            SignalPoint x = p.get(i);
            rate[i] = x.requestsPerSecond();
            failedRate[i] = x.requests() == 0 ? 0 : x.requestsPerSecond() * x.errors() / x.requests();
            ratio[i] = x.errorRatio() == null ? Double.NaN : x.errorRatio();
        }
        TimeChart traffic = TimeChart.of(s.startMillis(), s.stepMillis(), List.of(
                new TimeChart.Series("requests/s", "s1", rate),
                new TimeChart.Series("failed/s", "s4", failedRate)), v -> Format.rate(v));
        TimeChart errors = TimeChart.of(s.startMillis(), s.stepMillis(), List.of(
                new TimeChart.Series("error ratio", "s4", ratio)), v -> Format.percent(v));
        TimeChart latency = TimeChart.of(s.startMillis(), s.stepMillis(), List.of(
                new TimeChart.Series("p50 ok", "s2", values(p, SignalPoint::latencyOk, Latency::p50Ms)),
                new TimeChart.Series("p95 ok", "s1", values(p, SignalPoint::latencyOk, Latency::p95Ms)),
                new TimeChart.Series("p99 ok", "s5", values(p, SignalPoint::latencyOk, Latency::p99Ms)),
                new TimeChart.Series("p99 failed", "s4", values(p, SignalPoint::latencyFailed, Latency::p99Ms))),
                v -> v == 0 ? "0 ms" : Format.ms(v));
        return new GoldenCharts(traffic, errors, latency);
    }

    private static double[] values(List<SignalPoint> points, Function<SignalPoint, Latency> which,
                                   Function<Latency, Double> percentile) {
        double[] out = new double[points.size()];
        for (int i = 0; i < out.length; i++) {
            Double v = percentile.apply(which.apply(points.get(i)));
            out[i] = v == null ? Double.NaN : v;
        }
        return out;
    }
}
