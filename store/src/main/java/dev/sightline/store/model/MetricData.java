package dev.sightline.store.model;

import java.util.List;

/** The five OTLP metric data kinds. */
public sealed interface MetricData {

    int pointCount();

    /** Points carry start time (0 when unknown), time, attributes, exemplars and flags in every kind. */
    interface Point {
        List<Attribute> attributes();

        long startEpochNanos();

        long epochNanos();

        int flags();
    }

    record NumberPoint(List<Attribute> attributes, long startEpochNanos, long epochNanos, NumberValue value,
                       List<Exemplar> exemplars, int flags) implements Point {
        public NumberPoint {
            attributes = List.copyOf(attributes);
            exemplars = List.copyOf(exemplars);
        }
    }

    /** {@code sum}, {@code min} and {@code max} are optional in OTLP: null when not sent. */
    record HistogramPoint(List<Attribute> attributes, long startEpochNanos, long epochNanos, long count, Double sum,
                          List<Long> bucketCounts, List<Double> explicitBounds, List<Exemplar> exemplars, int flags,
                          Double min, Double max) implements Point {
        public HistogramPoint {
            attributes = List.copyOf(attributes);
            bucketCounts = List.copyOf(bucketCounts);
            explicitBounds = List.copyOf(explicitBounds);
            exemplars = List.copyOf(exemplars);
        }
    }

    record Buckets(int offset, List<Long> bucketCounts) {
        public static final Buckets EMPTY = new Buckets(0, List.of());

        public Buckets {
            bucketCounts = List.copyOf(bucketCounts);
        }
    }

    record ExponentialHistogramPoint(List<Attribute> attributes, long startEpochNanos, long epochNanos, long count,
                                     Double sum, int scale, long zeroCount, Buckets positive, Buckets negative,
                                     int flags, List<Exemplar> exemplars, Double min, Double max,
                                     double zeroThreshold) implements Point {
        public ExponentialHistogramPoint {
            attributes = List.copyOf(attributes);
            positive = positive == null ? Buckets.EMPTY : positive;
            negative = negative == null ? Buckets.EMPTY : negative;
            exemplars = List.copyOf(exemplars);
        }
    }

    record ValueAtQuantile(double quantile, double value) {
    }

    record SummaryPoint(List<Attribute> attributes, long startEpochNanos, long epochNanos, long count, double sum,
                        List<ValueAtQuantile> quantileValues, int flags) implements Point {
        public SummaryPoint {
            attributes = List.copyOf(attributes);
            quantileValues = List.copyOf(quantileValues);
        }
    }

    List<? extends Point> points();

    record Gauge(List<NumberPoint> points) implements MetricData {
        public Gauge {
            points = List.copyOf(points);
        }

        @Override
        public int pointCount() {
            return points.size();
        }
    }

    record Sum(List<NumberPoint> points, AggregationTemporality temporality, boolean monotonic) implements MetricData {
        public Sum {
            points = List.copyOf(points);
        }

        @Override
        public int pointCount() {
            return points.size();
        }
    }

    record Histogram(List<HistogramPoint> points, AggregationTemporality temporality) implements MetricData {
        public Histogram {
            points = List.copyOf(points);
        }

        @Override
        public int pointCount() {
            return points.size();
        }
    }

    record ExponentialHistogram(List<ExponentialHistogramPoint> points, AggregationTemporality temporality)
            implements MetricData {
        public ExponentialHistogram {
            points = List.copyOf(points);
        }

        @Override
        public int pointCount() {
            return points.size();
        }
    }

    record Summary(List<SummaryPoint> points) implements MetricData {
        public Summary {
            points = List.copyOf(points);
        }

        @Override
        public int pointCount() {
            return points.size();
        }
    }

    /** A metric with no data set (OTLP allows it); kept so a metric's description and unit are not lost. */
    record Empty() implements MetricData {
        @Override
        public int pointCount() {
            return 0;
        }

        @Override
        public List<? extends Point> points() {
            return List.of();
        }
    }
}
