package dev.sightline.collector.otlp;

import static dev.sightline.collector.otlp.OtlpValues.SPAN_ID_BYTES;
import static dev.sightline.collector.otlp.OtlpValues.TRACE_ID_BYTES;
import static dev.sightline.collector.otlp.OtlpValues.attributes;
import static dev.sightline.collector.otlp.OtlpValues.listOf;
import static dev.sightline.collector.otlp.OtlpValues.readLong;
import static dev.sightline.collector.otlp.OtlpValues.wrongLength;

import com.google.protobuf.ByteString;
import dev.sightline.collector.redaction.Redactor;
import dev.sightline.store.model.AggregationTemporality;
import dev.sightline.store.model.Exemplar;
import dev.sightline.store.model.LogBatch;
import dev.sightline.store.model.LogRecord;
import dev.sightline.store.model.Metric;
import dev.sightline.store.model.MetricBatch;
import dev.sightline.store.model.MetricData;
import dev.sightline.store.model.NumberValue;
import dev.sightline.store.model.ResourceGroup;
import dev.sightline.store.model.ScopeGroup;
import dev.sightline.store.model.Signal;
import dev.sightline.store.model.Span;
import dev.sightline.store.model.SpanBatch;
import dev.sightline.store.model.SpanEvent;
import dev.sightline.store.model.SpanId;
import dev.sightline.store.model.SpanKind;
import dev.sightline.store.model.SpanLink;
import dev.sightline.store.model.SpanStatus;
import dev.sightline.store.model.TraceId;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.SummaryDataPoint;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Maps OTLP export requests to the store's model, field for field, and rejects single invalid items the way
 * OTLP's partial success describes, keeping the rest.
 *
 * <p>Rejected (counted in {@link MappingResult#rejectedItems()}):
 * <ul>
 *   <li>a span whose trace_id is not 16 bytes or is all zeros, whose span_id is not 8 bytes or is all zeros,
 *       whose parent_span_id is neither empty nor 8 bytes, or with a link whose IDs fail the same checks;</li>
 *   <li>a metric with an empty name: all its data points.</li>
 * </ul>
 * Kept, with a warning in {@link MappingResult#errorMessage()}: a log record or exemplar whose trace_id or
 * span_id has the wrong length is kept without that ID. The log data model says receivers SHOULD treat such
 * a record as not associated with a trace, not drop it. All-zero IDs where an ID is optional (parent span,
 * log record, exemplar) mean "not set" and map to {@code null} silently, as the W3C treats them.
 * End before start is not checked: times are kept as sent.
 *
 * <p>Resource and scope groups that end up with no items are dropped.
 *
 * <p>Secrets are masked here, while the values are built, by the {@link Redactor} given: every attribute list
 * (resource, scope, span, event, link, log record, metric metadata, data point, exemplar), log bodies of any shape,
 * span names and status messages. Nothing downstream, the write-ahead log included, sees the original. Thread-safe.
 */
public final class OtlpMapper {

    private static final MetricData EMPTY_DATA = new MetricData.Empty();

    private final Redactor redactor;

    /** The mapping alone, values kept exactly as sent (the server always passes its configured redactor). */
    public OtlpMapper() {
        this(Redactor.disabled());
    }

    public OtlpMapper(Redactor redactor) {
        this.redactor = Objects.requireNonNull(redactor, "redactor");
    }

    // ---- traces

    public MappingResult<SpanBatch> map(ExportTraceServiceRequest request) {
        Objects.requireNonNull(request, "request");
        Problems problems = new Problems("span", "spans");
        Redactor.OfSignal red = redactor.forSignal(Signal.TRACES);
        List<ResourceSpans> resources = request.getResourceSpansList();
        List<ResourceGroup<Span>> groups = new ArrayList<>(resources.size());
        for (int r = 0; r < resources.size(); r++) {
            ResourceSpans rs = resources.get(r);
            List<ScopeSpans> scopes = rs.getScopeSpansList();
            List<ScopeGroup<Span>> scopeGroups = new ArrayList<>(scopes.size());
            for (int s = 0; s < scopes.size(); s++) {
                ScopeSpans ss = scopes.get(s);
                List<io.opentelemetry.proto.trace.v1.Span> spans = ss.getSpansList();
                Span[] items = new Span[spans.size()];
                int n = 0;
                for (int i = 0; i < items.length; i++) {
                    Span span = span(spans.get(i), r, s, i, problems, red);
                    if (span != null) {
                        items[n++] = span;
                    }
                }
                if (n > 0) {
                    scopeGroups.add(new ScopeGroup<>(OtlpValues.scope(ss.getScope(), ss.getSchemaUrl(), red),
                            listOf(items, n)));
                }
            }
            if (!scopeGroups.isEmpty()) {
                groups.add(new ResourceGroup<>(OtlpValues.resource(rs.getResource(), rs.getSchemaUrl(), red),
                        scopeGroups));
            }
        }
        return new MappingResult<>(new SpanBatch(groups), problems.rejectedItems(), problems.message());
    }

    private static Span span(io.opentelemetry.proto.trace.v1.Span s, int r, int scope, int i, Problems problems,
                             Redactor.OfSignal red) {
        ByteString tid = s.getTraceId();
        ByteString sid = s.getSpanId();
        ByteString pid = s.getParentSpanId();
        String invalid = null;
        TraceId traceId = null;
        SpanId spanId = null;
        SpanId parent = null;
        if (tid.size() != TRACE_ID_BYTES) {
            invalid = wrongLength("trace_id", tid, "16 bytes");
        } else if ((traceId = traceId(tid)) == null) {
            invalid = "trace_id must not be all zeros";
        } else if (sid.size() != SPAN_ID_BYTES) {
            invalid = wrongLength("span_id", sid, "8 bytes");
        } else if ((spanId = spanId(sid)) == null) {
            invalid = "span_id must not be all zeros";
        } else if (pid.size() == SPAN_ID_BYTES) {
            parent = spanId(pid); // all zeros: no parent
        } else if (!pid.isEmpty()) {
            invalid = wrongLength("parent_span_id", pid, "empty or 8 bytes");
        }
        List<SpanLink> links = List.of();
        if (invalid == null && s.getLinksCount() > 0) {
            SpanLink[] out = new SpanLink[s.getLinksCount()];
            for (int j = 0; j < out.length && invalid == null; j++) {
                out[j] = link(s.getLinks(j), red);
                if (out[j] == null) {
                    invalid = "link " + j + ": " + linkProblem(s.getLinks(j));
                }
            }
            links = invalid == null ? List.of(out) : links;
        }
        if (invalid != null) {
            problems.reject(1, problems.wantsReason() ? where("span", i, r, scope) + ": " + invalid : null);
            return null;
        }
        return new Span(traceId, spanId, s.getTraceState(), parent, s.getFlags(), red.text(s.getName()),
                SpanKind.fromNumber(s.getKindValue()), s.getStartTimeUnixNano(), s.getEndTimeUnixNano(),
                attributes(s.getAttributesList(), red), s.getDroppedAttributesCount(), events(s, red),
                s.getDroppedEventsCount(), links, s.getDroppedLinksCount(), status(s, red));
    }

    private static List<SpanEvent> events(io.opentelemetry.proto.trace.v1.Span s, Redactor.OfSignal red) {
        int n = s.getEventsCount();
        if (n == 0) {
            return List.of();
        }
        SpanEvent[] out = new SpanEvent[n];
        for (int i = 0; i < n; i++) {
            io.opentelemetry.proto.trace.v1.Span.Event e = s.getEvents(i);
            out[i] = new SpanEvent(e.getTimeUnixNano(), e.getName(), attributes(e.getAttributesList(), red),
                    e.getDroppedAttributesCount());
        }
        return List.of(out);
    }

    /** The link, or null when its IDs are invalid. */
    private static SpanLink link(io.opentelemetry.proto.trace.v1.Span.Link l, Redactor.OfSignal red) {
        ByteString tid = l.getTraceId();
        ByteString sid = l.getSpanId();
        if (tid.size() != TRACE_ID_BYTES || sid.size() != SPAN_ID_BYTES) {
            return null;
        }
        TraceId traceId = traceId(tid);
        SpanId spanId = spanId(sid);
        if (traceId == null || spanId == null) {
            return null;
        }
        return new SpanLink(traceId, spanId, l.getTraceState(), attributes(l.getAttributesList(), red),
                l.getDroppedAttributesCount(), l.getFlags());
    }

    private static String linkProblem(io.opentelemetry.proto.trace.v1.Span.Link l) {
        ByteString tid = l.getTraceId();
        ByteString sid = l.getSpanId();
        if (tid.size() != TRACE_ID_BYTES) {
            return wrongLength("trace_id", tid, "16 bytes");
        }
        if (traceId(tid) == null) {
            return "trace_id must not be all zeros";
        }
        if (sid.size() != SPAN_ID_BYTES) {
            return wrongLength("span_id", sid, "8 bytes");
        }
        return "span_id must not be all zeros";
    }

    private static SpanStatus status(io.opentelemetry.proto.trace.v1.Span s, Redactor.OfSignal red) {
        if (!s.hasStatus()) {
            return SpanStatus.UNSET;
        }
        Status status = s.getStatus();
        if (status.getCodeValue() == 0 && status.getMessage().isEmpty()) {
            return SpanStatus.UNSET;
        }
        return new SpanStatus(SpanStatus.Code.fromNumber(status.getCodeValue()), red.text(status.getMessage()));
    }

    // ---- logs

    public MappingResult<LogBatch> map(ExportLogsServiceRequest request) {
        Objects.requireNonNull(request, "request");
        Problems problems = new Problems("log record", "log records");
        Redactor.OfSignal red = redactor.forSignal(Signal.LOGS);
        List<ResourceLogs> resources = request.getResourceLogsList();
        List<ResourceGroup<LogRecord>> groups = new ArrayList<>(resources.size());
        for (int r = 0; r < resources.size(); r++) {
            ResourceLogs rl = resources.get(r);
            List<ScopeLogs> scopes = rl.getScopeLogsList();
            List<ScopeGroup<LogRecord>> scopeGroups = new ArrayList<>(scopes.size());
            for (int s = 0; s < scopes.size(); s++) {
                ScopeLogs sl = scopes.get(s);
                List<io.opentelemetry.proto.logs.v1.LogRecord> logs = sl.getLogRecordsList();
                LogRecord[] items = new LogRecord[logs.size()];
                for (int i = 0; i < items.length; i++) {
                    items[i] = log(logs.get(i), r, s, i, problems, red);
                }
                if (items.length > 0) {
                    scopeGroups.add(new ScopeGroup<>(OtlpValues.scope(sl.getScope(), sl.getSchemaUrl(), red),
                            List.of(items)));
                }
            }
            if (!scopeGroups.isEmpty()) {
                groups.add(new ResourceGroup<>(OtlpValues.resource(rl.getResource(), rl.getSchemaUrl(), red),
                        scopeGroups));
            }
        }
        return new MappingResult<>(new LogBatch(groups), problems.rejectedItems(), problems.message());
    }

    private static LogRecord log(io.opentelemetry.proto.logs.v1.LogRecord l, int r, int scope, int i,
                                 Problems problems, Redactor.OfSignal red) {
        TraceId traceId = null;
        SpanId spanId = null;
        ByteString tid = l.getTraceId();
        if (tid.size() == TRACE_ID_BYTES) {
            traceId = traceId(tid);
        } else if (!tid.isEmpty()) {
            warnDroppedId(problems, "log record " + i, r, scope, wrongLength("trace_id", tid, "16 bytes"));
        }
        ByteString sid = l.getSpanId();
        if (sid.size() == SPAN_ID_BYTES) {
            spanId = spanId(sid);
        } else if (!sid.isEmpty()) {
            warnDroppedId(problems, "log record " + i, r, scope, wrongLength("span_id", sid, "8 bytes"));
        }
        return new LogRecord(l.getTimeUnixNano(), l.getObservedTimeUnixNano(), l.getSeverityNumberValue(),
                l.getSeverityText(), l.hasBody() ? OtlpValues.anyValue(l.getBody(), red) : null,
                attributes(l.getAttributesList(), red), l.getDroppedAttributesCount(), l.getFlags(), traceId, spanId,
                l.getEventName());
    }

    // ---- metrics

    public MappingResult<MetricBatch> map(ExportMetricsServiceRequest request) {
        Objects.requireNonNull(request, "request");
        Problems problems = new Problems("data point", "data points");
        Redactor.OfSignal red = redactor.forSignal(Signal.METRICS);
        List<ResourceMetrics> resources = request.getResourceMetricsList();
        List<ResourceGroup<Metric>> groups = new ArrayList<>(resources.size());
        for (int r = 0; r < resources.size(); r++) {
            ResourceMetrics rm = resources.get(r);
            List<ScopeMetrics> scopes = rm.getScopeMetricsList();
            List<ScopeGroup<Metric>> scopeGroups = new ArrayList<>(scopes.size());
            for (int s = 0; s < scopes.size(); s++) {
                ScopeMetrics sm = scopes.get(s);
                List<io.opentelemetry.proto.metrics.v1.Metric> metrics = sm.getMetricsList();
                Metric[] items = new Metric[metrics.size()];
                int n = 0;
                for (int i = 0; i < items.length; i++) {
                    Metric metric = metric(metrics.get(i), new Place(r, s, i), problems, red);
                    if (metric != null) {
                        items[n++] = metric;
                    }
                }
                if (n > 0) {
                    scopeGroups.add(new ScopeGroup<>(OtlpValues.scope(sm.getScope(), sm.getSchemaUrl(), red),
                            listOf(items, n)));
                }
            }
            if (!scopeGroups.isEmpty()) {
                groups.add(new ResourceGroup<>(OtlpValues.resource(rm.getResource(), rm.getSchemaUrl(), red),
                        scopeGroups));
            }
        }
        return new MappingResult<>(new MetricBatch(groups), problems.rejectedItems(), problems.message());
    }

    /** Where a metric sits in the request, for messages. */
    private record Place(int resource, int scope, int metric) {
        String exemplar(int point, int exemplar) {
            return "exemplar " + exemplar + " of data point " + point + " of metric " + metric;
        }
    }

    private static Metric metric(io.opentelemetry.proto.metrics.v1.Metric m, Place at, Problems problems,
                                 Redactor.OfSignal red) {
        if (m.getName().isEmpty()) {
            int points = pointCount(m);
            problems.reject(points, problems.wantsReason() ? where("metric", at.metric, at.resource, at.scope)
                    + ": name must not be empty (" + points + (points == 1 ? " data point)" : " data points)")
                    : null);
            return null;
        }
        MetricData data = switch (m.getDataCase()) {
            case GAUGE -> new MetricData.Gauge(numberPoints(m.getGauge().getDataPointsList(), at, problems, red));
            case SUM -> new MetricData.Sum(numberPoints(m.getSum().getDataPointsList(), at, problems, red),
                    AggregationTemporality.fromNumber(m.getSum().getAggregationTemporalityValue()),
                    m.getSum().getIsMonotonic());
            case HISTOGRAM -> new MetricData.Histogram(
                    histogramPoints(m.getHistogram().getDataPointsList(), at, problems, red),
                    AggregationTemporality.fromNumber(m.getHistogram().getAggregationTemporalityValue()));
            case EXPONENTIAL_HISTOGRAM -> new MetricData.ExponentialHistogram(
                    exponentialPoints(m.getExponentialHistogram().getDataPointsList(), at, problems, red),
                    AggregationTemporality.fromNumber(
                            m.getExponentialHistogram().getAggregationTemporalityValue()));
            case SUMMARY -> new MetricData.Summary(summaryPoints(m.getSummary().getDataPointsList(), red));
            case DATA_NOT_SET -> EMPTY_DATA;
        };
        return new Metric(m.getName(), m.getDescription(), m.getUnit(), attributes(m.getMetadataList(), red), data);
    }

    private static int pointCount(io.opentelemetry.proto.metrics.v1.Metric m) {
        return switch (m.getDataCase()) {
            case GAUGE -> m.getGauge().getDataPointsCount();
            case SUM -> m.getSum().getDataPointsCount();
            case HISTOGRAM -> m.getHistogram().getDataPointsCount();
            case EXPONENTIAL_HISTOGRAM -> m.getExponentialHistogram().getDataPointsCount();
            case SUMMARY -> m.getSummary().getDataPointsCount();
            case DATA_NOT_SET -> 0;
        };
    }

    private static List<MetricData.NumberPoint> numberPoints(List<NumberDataPoint> points, Place at,
                                                             Problems problems, Redactor.OfSignal red) {
        MetricData.NumberPoint[] out = new MetricData.NumberPoint[points.size()];
        for (int i = 0; i < out.length; i++) {
            NumberDataPoint p = points.get(i);
            out[i] = new MetricData.NumberPoint(attributes(p.getAttributesList(), red), p.getStartTimeUnixNano(),
                    p.getTimeUnixNano(), numberValue(p), exemplars(p.getExemplarsList(), at, i, problems, red),
                    p.getFlags());
        }
        return List.of(out);
    }

    /** Null when the point carries no value (OTLP allows it, e.g. with the no-recorded-value flag). */
    private static NumberValue numberValue(NumberDataPoint p) {
        return switch (p.getValueCase()) {
            case AS_DOUBLE -> new NumberValue.OfDouble(p.getAsDouble());
            case AS_INT -> new NumberValue.OfLong(p.getAsInt());
            case VALUE_NOT_SET -> null;
        };
    }

    private static List<MetricData.HistogramPoint> histogramPoints(List<HistogramDataPoint> points, Place at,
                                                                   Problems problems, Redactor.OfSignal red) {
        MetricData.HistogramPoint[] out = new MetricData.HistogramPoint[points.size()];
        for (int i = 0; i < out.length; i++) {
            HistogramDataPoint p = points.get(i);
            out[i] = new MetricData.HistogramPoint(attributes(p.getAttributesList(), red), p.getStartTimeUnixNano(),
                    p.getTimeUnixNano(), p.getCount(), p.hasSum() ? p.getSum() : null, p.getBucketCountsList(),
                    p.getExplicitBoundsList(), exemplars(p.getExemplarsList(), at, i, problems, red), p.getFlags(),
                    p.hasMin() ? p.getMin() : null, p.hasMax() ? p.getMax() : null);
        }
        return List.of(out);
    }

    private static List<MetricData.ExponentialHistogramPoint> exponentialPoints(
            List<ExponentialHistogramDataPoint> points, Place at, Problems problems, Redactor.OfSignal red) {
        MetricData.ExponentialHistogramPoint[] out = new MetricData.ExponentialHistogramPoint[points.size()];
        for (int i = 0; i < out.length; i++) {
            ExponentialHistogramDataPoint p = points.get(i);
            out[i] = new MetricData.ExponentialHistogramPoint(attributes(p.getAttributesList(), red),
                    p.getStartTimeUnixNano(), p.getTimeUnixNano(), p.getCount(), p.hasSum() ? p.getSum() : null,
                    p.getScale(), p.getZeroCount(), p.hasPositive() ? buckets(p.getPositive()) : null,
                    p.hasNegative() ? buckets(p.getNegative()) : null, p.getFlags(),
                    exemplars(p.getExemplarsList(), at, i, problems, red), p.hasMin() ? p.getMin() : null,
                    p.hasMax() ? p.getMax() : null, p.getZeroThreshold());
        }
        return List.of(out);
    }

    private static MetricData.Buckets buckets(ExponentialHistogramDataPoint.Buckets b) {
        return new MetricData.Buckets(b.getOffset(), b.getBucketCountsList());
    }

    private static List<MetricData.SummaryPoint> summaryPoints(List<SummaryDataPoint> points, Redactor.OfSignal red) {
        MetricData.SummaryPoint[] out = new MetricData.SummaryPoint[points.size()];
        for (int i = 0; i < out.length; i++) {
            SummaryDataPoint p = points.get(i);
            MetricData.ValueAtQuantile[] quantiles = new MetricData.ValueAtQuantile[p.getQuantileValuesCount()];
            for (int q = 0; q < quantiles.length; q++) {
                SummaryDataPoint.ValueAtQuantile v = p.getQuantileValues(q);
                quantiles[q] = new MetricData.ValueAtQuantile(v.getQuantile(), v.getValue());
            }
            out[i] = new MetricData.SummaryPoint(attributes(p.getAttributesList(), red), p.getStartTimeUnixNano(),
                    p.getTimeUnixNano(), p.getCount(), p.getSum(), List.of(quantiles), p.getFlags());
        }
        return List.of(out);
    }

    private static List<Exemplar> exemplars(List<io.opentelemetry.proto.metrics.v1.Exemplar> exemplars, Place at,
                                            int point, Problems problems, Redactor.OfSignal red) {
        int n = exemplars.size();
        if (n == 0) {
            return List.of();
        }
        Exemplar[] out = new Exemplar[n];
        for (int i = 0; i < n; i++) {
            io.opentelemetry.proto.metrics.v1.Exemplar e = exemplars.get(i);
            TraceId traceId = null;
            SpanId spanId = null;
            ByteString tid = e.getTraceId();
            if (tid.size() == TRACE_ID_BYTES) {
                traceId = traceId(tid);
            } else if (!tid.isEmpty()) {
                warnDroppedId(problems, at.exemplar(point, i), at.resource, at.scope,
                        wrongLength("trace_id", tid, "16 bytes"));
            }
            ByteString sid = e.getSpanId();
            if (sid.size() == SPAN_ID_BYTES) {
                spanId = spanId(sid);
            } else if (!sid.isEmpty()) {
                warnDroppedId(problems, at.exemplar(point, i), at.resource, at.scope,
                        wrongLength("span_id", sid, "8 bytes"));
            }
            NumberValue value = switch (e.getValueCase()) {
                case AS_DOUBLE -> new NumberValue.OfDouble(e.getAsDouble());
                case AS_INT -> new NumberValue.OfLong(e.getAsInt());
                case VALUE_NOT_SET -> null;
            };
            out[i] = new Exemplar(attributes(e.getFilteredAttributesList(), red), e.getTimeUnixNano(), value, spanId,
                    traceId);
        }
        return List.of(out);
    }

    // ---- shared

    /** A 16-byte ID, or null when it is all zeros. */
    private static TraceId traceId(ByteString bytes) {
        long high = readLong(bytes, 0);
        long low = readLong(bytes, 8);
        return high == 0 && low == 0 ? null : new TraceId(high, low);
    }

    /** An 8-byte ID, or null when it is all zeros. */
    private static SpanId spanId(ByteString bytes) {
        long value = readLong(bytes, 0);
        return value == 0 ? null : new SpanId(value);
    }

    private static void warnDroppedId(Problems problems, String item, int r, int scope, String problem) {
        if (problems.wantsWarning()) {
            problems.warn(item + " in resource " + r + ", scope " + scope + ": " + problem + "; kept without it");
        } else {
            problems.warn(null);
        }
    }

    private static String where(String item, int index, int r, int scope) {
        return item + " " + index + " in resource " + r + ", scope " + scope;
    }
}
