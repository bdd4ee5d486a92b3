package dev.sightline.query.metrics;

import java.util.List;
import java.util.OptionalDouble;

/**
 * PromQL's {@code rate()} and {@code increase()} over the samples of one series in a window (rangeStart, rangeEnd]
 * (left-open, as Prometheus 3 selects them), and the delta-temporality counterpart.
 *
 * <p>Cumulative counters follow Prometheus' {@code extrapolatedRate}: the increase is last − first, plus the value
 * before every reset (a drop: the counter restarted from zero and counted up to the new value). The increase
 * is then extrapolated to the window edges when the first/last sample is within 1.1 × the average sample
 * interval of them, else by half an interval; for counters the start is never extrapolated past the point
 * where the counter would have been zero. {@code rate} divides by the window in seconds.
 *
 * <p>OpenTelemetry also tells us what Prometheus has to guess: a point whose start time lies after the previous
 * point's time began a new count, so it is a reset even when the value did not drop.
 *
 * <p>Delta temporality needs no guessing: each point already is the increase over its own interval, so the
 * increase over the window is the sum of the deltas whose time falls in it, and the rate that sum over the window.
 */
public final class CounterRate {

    /** One sample: its time, the start of its accumulation (0 when unknown) and its value. */
    public record Sample(long epochNanos, long startEpochNanos, double value) {
    }

    private static final double NANOS_PER_SECOND = 1e9;

    private CounterRate() {
    }

    /** {@code rate()} ({@code isRate}) or {@code increase()} of a cumulative series; empty below two samples. */
    public static OptionalDouble cumulative(List<Sample> samples, long rangeStart, long rangeEnd, boolean isCounter,
                                            boolean isRate) {
        Sample first = null;
        Sample previous = null;
        int count = 0;
        double resets = 0;
        for (Sample s : samples) {
            if (s.epochNanos() <= rangeStart || s.epochNanos() > rangeEnd) {
                continue;
            }
            if (first == null) {
                first = s;
            } else if (isCounter && isReset(previous, s)) {
                resets += previous.value();
            }
            previous = s;
            count++;
        }
        if (count < 2) {
            return OptionalDouble.empty();
        }
        double increase = previous.value() - first.value() + resets;
        OptionalDouble factor = extrapolationFactor(rangeStart, rangeEnd, first.epochNanos(), first.value(),
                previous.epochNanos(), count, increase, isCounter, isRate);
        return factor.isPresent() ? OptionalDouble.of(increase * factor.getAsDouble()) : factor;
    }

    /** Sum of the deltas in the window; divided by the window in seconds for a rate. Empty when none. */
    public static OptionalDouble delta(List<Sample> samples, long rangeStart, long rangeEnd, boolean isRate) {
        double sum = 0;
        boolean any = false;
        for (Sample s : samples) {
            if (s.epochNanos() > rangeStart && s.epochNanos() <= rangeEnd) {
                sum += s.value();
                any = true;
            }
        }
        if (!any) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(isRate ? sum / seconds(rangeEnd - rangeStart) : sum);
    }

    /**
     * A reset between two consecutive points of a counter: the value dropped, or the current point's accumulation
     * started after the previous point was taken (a start time equal to its own time means "unknown" in OTLP).
     */
    public static boolean isReset(Sample previous, Sample current) {
        return isReset(previous.epochNanos(), previous.value(), current.epochNanos(), current.startEpochNanos(),
                current.value());
    }

    static boolean isReset(long previousTime, double previousValue, long time, long startTime, double value) {
        return value < previousValue || isRestart(previousTime, time, startTime);
    }

    /** The point's accumulation began after the previous point was taken. */
    static boolean isRestart(long previousTime, long time, long startTime) {
        return startTime != 0 && startTime < time && startTime > previousTime;
    }

    /**
     * What Prometheus multiplies the raw increase by (and divides by the window for a rate), given the first and
     * last sample in the window, how many samples there are and the raw increase (resets included). Empty below
     * two samples.
     */
    public static OptionalDouble extrapolationFactor(long rangeStart, long rangeEnd, long firstT, double firstValue,
                                                     long lastT, int count, double increase, boolean isCounter,
                                                     boolean isRate) {
        if (count < 2 || lastT <= firstT) {
            return OptionalDouble.empty();
        }
        double durationToStart = seconds(firstT - rangeStart);
        double durationToEnd = seconds(rangeEnd - lastT);
        double sampledInterval = seconds(lastT - firstT);
        double averageInterval = sampledInterval / (count - 1);
        double threshold = averageInterval * 1.1;
        if (durationToStart >= threshold) {
            durationToStart = averageInterval / 2;
        }
        if (isCounter) {
            double durationToZero = durationToStart;
            if (increase > 0 && firstValue >= 0) {
                durationToZero = sampledInterval * (firstValue / increase);
            }
            if (durationToZero < durationToStart) {
                durationToStart = durationToZero;
            }
        }
        if (durationToEnd >= threshold) {
            durationToEnd = averageInterval / 2;
        }
        double factor = (sampledInterval + durationToStart + durationToEnd) / sampledInterval;
        if (isRate) {
            factor /= seconds(rangeEnd - rangeStart);
        }
        return OptionalDouble.of(factor);
    }

    static double seconds(long nanos) {
        return nanos / NANOS_PER_SECOND;
    }
}
