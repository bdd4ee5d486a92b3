package dev.sightline.store.codec;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.CodedOutputStream;
import dev.sightline.store.model.AggregationTemporality;
import dev.sightline.store.model.Attribute;
import dev.sightline.store.model.Exemplar;
import dev.sightline.store.model.Metric;
import dev.sightline.store.model.MetricData;
import dev.sightline.store.model.MetricData.Buckets;
import dev.sightline.store.model.MetricData.ExponentialHistogramPoint;
import dev.sightline.store.model.MetricData.HistogramPoint;
import dev.sightline.store.model.MetricData.NumberPoint;
import dev.sightline.store.model.MetricData.SummaryPoint;
import dev.sightline.store.model.MetricData.ValueAtQuantile;
import dev.sightline.store.model.NumberValue;
import dev.sightline.store.model.SpanId;
import dev.sightline.store.model.TraceId;

import java.io.IOException;
import java.util.List;

import static dev.sightline.store.codec.ValueEncoding.listOf;
import static dev.sightline.store.codec.ValueEncoding.readAttributes;
import static dev.sightline.store.codec.ValueEncoding.readCount;
import static dev.sightline.store.codec.ValueEncoding.room;
import static dev.sightline.store.codec.ValueEncoding.slots;
import static dev.sightline.store.codec.ValueEncoding.writeAttributes;

/**
 * A metric: name, description, unit, metadata, then a data kind tag and the kind's fields. Temporality is written
 * as ordinal + 1 so that a null temporality (the model allows it) survives too. Optional sum, min and max are a
 * presence bit set followed by the values that are present.
 */
final class MetricEncoding {

    private static final int KIND_EMPTY = 0;
    private static final int KIND_GAUGE = 1;
    private static final int KIND_SUM = 2;
    private static final int KIND_HISTOGRAM = 3;
    private static final int KIND_EXPONENTIAL_HISTOGRAM = 4;
    private static final int KIND_SUMMARY = 5;

    private static final int TEMPORALITIES = AggregationTemporality.values().length;
    private static final int SUM = 1;
    private static final int MIN = 2;
    private static final int MAX = 4;

    private MetricEncoding() {
    }

    static void write(CodedOutputStream out, Metric metric) throws IOException {
        out.writeStringNoTag(metric.name());
        out.writeStringNoTag(metric.description());
        out.writeStringNoTag(metric.unit());
        writeAttributes(out, metric.metadata());
        MetricData data = metric.data();
        if (data instanceof MetricData.Gauge g) {
            out.writeUInt32NoTag(KIND_GAUGE);
            writeNumberPoints(out, g.points());
        } else if (data instanceof MetricData.Sum s) {
            out.writeUInt32NoTag(KIND_SUM);
            writeTemporality(out, s.temporality());
            out.writeBoolNoTag(s.monotonic());
            writeNumberPoints(out, s.points());
        } else if (data instanceof MetricData.Histogram h) {
            out.writeUInt32NoTag(KIND_HISTOGRAM);
            writeTemporality(out, h.temporality());
            List<HistogramPoint> points = h.points();
            out.writeUInt32NoTag(points.size());
            for (int i = 0, n = points.size(); i < n; i++) {
                writeHistogramPoint(out, points.get(i));
            }
        } else if (data instanceof MetricData.ExponentialHistogram h) {
            out.writeUInt32NoTag(KIND_EXPONENTIAL_HISTOGRAM);
            writeTemporality(out, h.temporality());
            List<ExponentialHistogramPoint> points = h.points();
            out.writeUInt32NoTag(points.size());
            for (int i = 0, n = points.size(); i < n; i++) {
                writeExponentialHistogramPoint(out, points.get(i));
            }
        } else if (data instanceof MetricData.Summary s) {
            out.writeUInt32NoTag(KIND_SUMMARY);
            List<SummaryPoint> points = s.points();
            out.writeUInt32NoTag(points.size());
            for (int i = 0, n = points.size(); i < n; i++) {
                writeSummaryPoint(out, points.get(i));
            }
        } else {
            out.writeUInt32NoTag(KIND_EMPTY);
        }
    }

    static Metric read(CodedInputStream in) throws IOException {
        String name = in.readStringRequireUtf8();
        String description = in.readStringRequireUtf8();
        String unit = in.readStringRequireUtf8();
        List<Attribute> metadata = readAttributes(in);
        int kind = ValueEncoding.readEnumNumber(in, KIND_SUMMARY + 1, "metric data kind");
        MetricData data = switch (kind) {
            case KIND_GAUGE -> new MetricData.Gauge(readNumberPoints(in));
            case KIND_SUM -> {
                AggregationTemporality temporality = readTemporality(in);
                boolean monotonic = in.readBool();
                yield new MetricData.Sum(readNumberPoints(in), temporality, monotonic);
            }
            case KIND_HISTOGRAM -> {
                AggregationTemporality temporality = readTemporality(in);
                // A point takes at least 23 bytes: two fixed64 times and seven one-byte fields.
                int n = readCount(in, 23, "histogram points");
                Object[] points = slots(n);
                for (int i = 0; i < n; i++) {
                    points = room(points, i, n);
                    points[i] = readHistogramPoint(in);
                }
                yield new MetricData.Histogram(listOf(points), temporality);
            }
            case KIND_EXPONENTIAL_HISTOGRAM -> {
                AggregationTemporality temporality = readTemporality(in);
                // A point takes at least 35 bytes: two fixed64 times, a double and eleven one-byte fields.
                int n = readCount(in, 35, "exponential histogram points");
                Object[] points = slots(n);
                for (int i = 0; i < n; i++) {
                    points = room(points, i, n);
                    points[i] = readExponentialHistogramPoint(in);
                }
                yield new MetricData.ExponentialHistogram(listOf(points), temporality);
            }
            case KIND_SUMMARY -> {
                // A point takes at least 28 bytes: two fixed64 times, a double and four one-byte fields.
                int n = readCount(in, 28, "summary points");
                Object[] points = slots(n);
                for (int i = 0; i < n; i++) {
                    points = room(points, i, n);
                    points[i] = readSummaryPoint(in);
                }
                yield new MetricData.Summary(listOf(points));
            }
            default -> new MetricData.Empty();
        };
        return new Metric(name, description, unit, metadata, data);
    }

    private static void writeTemporality(CodedOutputStream out, AggregationTemporality temporality)
            throws IOException {
        out.writeUInt32NoTag(temporality == null ? 0 : temporality.ordinal() + 1);
    }

    private static AggregationTemporality readTemporality(CodedInputStream in) throws IOException {
        int n = ValueEncoding.readEnumNumber(in, TEMPORALITIES + 1, "temporality");
        return n == 0 ? null : AggregationTemporality.fromNumber(n - 1);
    }

    // ---- number points (gauge and sum) ----

    private static void writeNumberPoints(CodedOutputStream out, List<NumberPoint> points) throws IOException {
        out.writeUInt32NoTag(points.size());
        for (int i = 0, n = points.size(); i < n; i++) {
            NumberPoint p = points.get(i);
            writeAttributes(out, p.attributes());
            out.writeFixed64NoTag(p.startEpochNanos());
            out.writeFixed64NoTag(p.epochNanos());
            ValueEncoding.writeNumber(out, p.value());
            writeExemplars(out, p.exemplars());
            out.writeUInt32NoTag(p.flags());
        }
    }

    private static List<NumberPoint> readNumberPoints(CodedInputStream in) throws IOException {
        // A point takes at least 20 bytes: two fixed64 times and four one-byte fields.
        int n = readCount(in, 20, "number points");
        Object[] points = slots(n);
        for (int i = 0; i < n; i++) {
            points = room(points, i, n);
            List<Attribute> attributes = readAttributes(in);
            long start = in.readFixed64();
            long time = in.readFixed64();
            NumberValue value = ValueEncoding.readNumber(in);
            List<Exemplar> exemplars = readExemplars(in);
            points[i] = new NumberPoint(attributes, start, time, value, exemplars, in.readUInt32());
        }
        return listOf(points);
    }

    // ---- histograms ----

    private static void writeHistogramPoint(CodedOutputStream out, HistogramPoint p) throws IOException {
        writeAttributes(out, p.attributes());
        out.writeFixed64NoTag(p.startEpochNanos());
        out.writeFixed64NoTag(p.epochNanos());
        out.writeUInt64NoTag(p.count());
        out.writeUInt32NoTag(ValueEncoding.presence(p.sum(), p.min(), p.max()));
        ValueEncoding.writeIfPresent(out, p.sum());
        ValueEncoding.writeIfPresent(out, p.min());
        ValueEncoding.writeIfPresent(out, p.max());
        writeLongs(out, p.bucketCounts());
        List<Double> bounds = p.explicitBounds();
        out.writeUInt32NoTag(bounds.size());
        for (int i = 0, n = bounds.size(); i < n; i++) {
            out.writeDoubleNoTag(bounds.get(i));
        }
        writeExemplars(out, p.exemplars());
        out.writeUInt32NoTag(p.flags());
    }

    private static HistogramPoint readHistogramPoint(CodedInputStream in) throws IOException {
        List<Attribute> attributes = readAttributes(in);
        long start = in.readFixed64();
        long time = in.readFixed64();
        long count = in.readUInt64();
        int present = ValueEncoding.readPresence(in);
        Double sum = ValueEncoding.readIfPresent(in, present, SUM);
        Double min = ValueEncoding.readIfPresent(in, present, MIN);
        Double max = ValueEncoding.readIfPresent(in, present, MAX);
        List<Long> bucketCounts = readLongs(in, "histogram bucket counts");
        int boundCount = readCount(in, 8, "histogram bounds");
        Double[] bounds = new Double[boundCount];
        for (int i = 0; i < boundCount; i++) {
            bounds[i] = in.readDouble();
        }
        List<Exemplar> exemplars = readExemplars(in);
        int flags = in.readUInt32();
        return new HistogramPoint(attributes, start, time, count, sum, bucketCounts, listOf(bounds), exemplars,
                flags, min, max);
    }

    private static void writeExponentialHistogramPoint(CodedOutputStream out, ExponentialHistogramPoint p)
            throws IOException {
        writeAttributes(out, p.attributes());
        out.writeFixed64NoTag(p.startEpochNanos());
        out.writeFixed64NoTag(p.epochNanos());
        out.writeUInt64NoTag(p.count());
        out.writeUInt32NoTag(ValueEncoding.presence(p.sum(), p.min(), p.max()));
        ValueEncoding.writeIfPresent(out, p.sum());
        ValueEncoding.writeIfPresent(out, p.min());
        ValueEncoding.writeIfPresent(out, p.max());
        out.writeSInt32NoTag(p.scale());
        out.writeUInt64NoTag(p.zeroCount());
        writeBuckets(out, p.positive());
        writeBuckets(out, p.negative());
        out.writeUInt32NoTag(p.flags());
        writeExemplars(out, p.exemplars());
        out.writeDoubleNoTag(p.zeroThreshold());
    }

    private static ExponentialHistogramPoint readExponentialHistogramPoint(CodedInputStream in) throws IOException {
        List<Attribute> attributes = readAttributes(in);
        long start = in.readFixed64();
        long time = in.readFixed64();
        long count = in.readUInt64();
        int present = ValueEncoding.readPresence(in);
        Double sum = ValueEncoding.readIfPresent(in, present, SUM);
        Double min = ValueEncoding.readIfPresent(in, present, MIN);
        Double max = ValueEncoding.readIfPresent(in, present, MAX);
        int scale = in.readSInt32();
        long zeroCount = in.readUInt64();
        Buckets positive = readBuckets(in);
        Buckets negative = readBuckets(in);
        int flags = in.readUInt32();
        List<Exemplar> exemplars = readExemplars(in);
        double zeroThreshold = in.readDouble();
        return new ExponentialHistogramPoint(attributes, start, time, count, sum, scale, zeroCount, positive,
                negative, flags, exemplars, min, max, zeroThreshold);
    }

    private static void writeBuckets(CodedOutputStream out, Buckets buckets) throws IOException {
        out.writeSInt32NoTag(buckets.offset());
        writeLongs(out, buckets.bucketCounts());
    }

    private static Buckets readBuckets(CodedInputStream in) throws IOException {
        int offset = in.readSInt32();
        List<Long> counts = readLongs(in, "exponential histogram bucket counts");
        return offset == 0 && counts.isEmpty() ? Buckets.EMPTY : new Buckets(offset, counts);
    }

    private static void writeLongs(CodedOutputStream out, List<Long> values) throws IOException {
        out.writeUInt32NoTag(values.size());
        for (int i = 0, n = values.size(); i < n; i++) {
            out.writeUInt64NoTag(values.get(i));
        }
    }

    private static List<Long> readLongs(CodedInputStream in, String what) throws IOException {
        int n = readCount(in, 1, what);
        Long[] values = new Long[n];
        for (int i = 0; i < n; i++) {
            values[i] = in.readUInt64();
        }
        return listOf(values);
    }

    // ---- summaries ----

    private static void writeSummaryPoint(CodedOutputStream out, SummaryPoint p) throws IOException {
        writeAttributes(out, p.attributes());
        out.writeFixed64NoTag(p.startEpochNanos());
        out.writeFixed64NoTag(p.epochNanos());
        out.writeUInt64NoTag(p.count());
        out.writeDoubleNoTag(p.sum());
        List<ValueAtQuantile> quantiles = p.quantileValues();
        out.writeUInt32NoTag(quantiles.size());
        for (int i = 0, n = quantiles.size(); i < n; i++) {
            ValueAtQuantile q = quantiles.get(i);
            out.writeDoubleNoTag(q.quantile());
            out.writeDoubleNoTag(q.value());
        }
        out.writeUInt32NoTag(p.flags());
    }

    private static SummaryPoint readSummaryPoint(CodedInputStream in) throws IOException {
        List<Attribute> attributes = readAttributes(in);
        long start = in.readFixed64();
        long time = in.readFixed64();
        long count = in.readUInt64();
        double sum = in.readDouble();
        int n = readCount(in, 16, "summary quantiles");
        ValueAtQuantile[] quantiles = new ValueAtQuantile[n];
        for (int i = 0; i < n; i++) {
            double quantile = in.readDouble();
            quantiles[i] = new ValueAtQuantile(quantile, in.readDouble());
        }
        return new SummaryPoint(attributes, start, time, count, sum, listOf(quantiles), in.readUInt32());
    }

    // ---- exemplars ----

    private static void writeExemplars(CodedOutputStream out, List<Exemplar> exemplars) throws IOException {
        out.writeUInt32NoTag(exemplars.size());
        for (int i = 0, n = exemplars.size(); i < n; i++) {
            Exemplar e = exemplars.get(i);
            writeAttributes(out, e.filteredAttributes());
            out.writeFixed64NoTag(e.epochNanos());
            ValueEncoding.writeNumber(out, e.value());
            ValueEncoding.writeSpanId(out, e.spanId());
            ValueEncoding.writeTraceId(out, e.traceId());
        }
    }

    private static List<Exemplar> readExemplars(CodedInputStream in) throws IOException {
        // An exemplar takes at least 34 bytes: 8 of time, 24 of IDs, attribute count and number tag.
        int n = readCount(in, 34, "exemplars");
        Object[] exemplars = slots(n);
        for (int i = 0; i < n; i++) {
            exemplars = room(exemplars, i, n);
            List<Attribute> attributes = readAttributes(in);
            long time = in.readFixed64();
            NumberValue value = ValueEncoding.readNumber(in);
            SpanId spanId = ValueEncoding.readSpanIdOrNull(in);
            TraceId traceId = ValueEncoding.readTraceIdOrNull(in);
            exemplars[i] = new Exemplar(attributes, time, value, spanId, traceId);
        }
        return listOf(exemplars);
    }
}
