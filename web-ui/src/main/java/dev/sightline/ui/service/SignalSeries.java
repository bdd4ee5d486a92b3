package dev.sightline.ui.service;

import dev.sightline.query.signals.GoldenSignals;
import dev.sightline.query.signals.Latency;
import dev.sightline.query.signals.SignalPoint;
import dev.sightline.query.signals.Window;
import dev.sightline.store.query.TimeRange;
import dev.sightline.store.read.RollupReader;
import dev.sightline.store.rollup.LatencySketch;
import dev.sightline.store.rollup.SpanRollup;

import java.util.ArrayList;
import java.util.List;

/**
 * A service's golden signals step by step over the page's range, for its charts. Ranges under
 * {@value #HOURLY_FROM_MINUTES} minutes come from {@link GoldenSignals#series} (per-minute rows, at most
 * {@value #MAX_MINUTE_POINTS} steps). Longer ones would make that read every minute of every operation (a week is
 * 10,080 rows per operation), so they are bucketed by whole hours here and read from the store's merged hours
 * ({@link RollupReader#spanRollupsByHour}): a week is 168 rows per operation.
 *
 * @param stepMillis the length of a step; points start at {@code startMillis} and are one step apart
 */
public record SignalSeries(long startMillis, long stepMillis, List<SignalPoint> points, boolean hourly) {
    static final long HOURLY_FROM_MINUTES = 12 * 60;
    static final int MAX_MINUTE_POINTS = 120;
    /** A week in hours fits; a month comes in 4-hour steps. */
    static final int MAX_HOUR_POINTS = 180;

    public SignalSeries {
        points = List.copyOf(points);
    }

    public static SignalSeries of(GoldenSignals signals, RollupReader rollups, String service, TimeRange range) {
        Window w = Window.of(range);
        long minutes = w.toMinute() - w.fromMinute();
        if (minutes < HOURLY_FROM_MINUTES) {
            int step = (int) Math.max(1, (minutes + MAX_MINUTE_POINTS - 1) / MAX_MINUTE_POINTS);
            List<SignalPoint> points = signals.series(service, null, range, step);
            long start = points.isEmpty() ? w.fromMinute() * 60_000L : points.get(0).startEpochMillis();
            return new SignalSeries(start, step * 60_000L, points, false);
        }
        return hourly(rollups, service, range, HourBuckets.of(w.fromMinute(), w.toMinute(), MAX_HOUR_POINTS));
    }

    static SignalSeries hourly(RollupReader rollups, String service, TimeRange range, HourBuckets buckets) {
        Bucket[] acc = new Bucket[buckets.count()];
        for (SpanRollup r : rollups.spanRollupsByHour(service, null, buckets.fromMinute(), buckets.toMinute())) {
            if (r.isRequest()) {
                int i = buckets.index(r.epochMinute());
                if (acc[i] == null) {
                    acc[i] = new Bucket();
                }
                acc[i].add(r);
            }
        }
        List<SignalPoint> points = new ArrayList<>(acc.length);
        for (int i = 0; i < acc.length; i++) {
            double seconds = buckets.seconds(i, range.fromEpochNanos(), range.toEpochNanos());
            Bucket b = acc[i] == null ? new Bucket() : acc[i];
            points.add(b.point(buckets.startMinute(i) * 60_000L, seconds));
        }
        return new SignalSeries(buckets.firstMinute() * 60_000L, buckets.bucketMinutes() * 60_000L, points, true);
    }

    /** Counts add and sketches merge, as the query API's own accumulator does: percentiles are never averaged. */
    private static final class Bucket {
        long requests;
        long errors;
        final LatencySketch ok = LatencySketch.empty();
        final LatencySketch failed = LatencySketch.empty();

        void add(SpanRollup r) {
            requests += r.requests();
            errors += r.errors();
            ok.merge(r.ok());
            failed.merge(r.failed());
        }

        SignalPoint point(long startMillis, double seconds) {
            LatencySketch all = ok.copy();
            all.merge(failed);
            return new SignalPoint(startMillis, requests, requests / seconds, errors,
                    requests == 0 ? null : (double) errors / requests, latency(all), latency(ok), latency(failed));
        }

        private static Latency latency(LatencySketch s) {
            if (s.isEmpty()) {
                return new Latency(0, null, null, null, null);
            }
            return new Latency(s.count(), s.quantileNanos(0.50) / 1e6, s.quantileNanos(0.95) / 1e6,
                    s.quantileNanos(0.99) / 1e6, s.maxNanos() / 1e6);
        }
    }
}
