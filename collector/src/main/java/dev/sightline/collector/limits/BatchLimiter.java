package dev.sightline.collector.limits;

import dev.sightline.store.model.AnyValue;
import dev.sightline.store.model.Attribute;
import dev.sightline.store.model.LogBatch;
import dev.sightline.store.model.LogRecord;
import dev.sightline.store.model.Metric;
import dev.sightline.store.model.MetricBatch;
import dev.sightline.store.model.MetricData;
import dev.sightline.store.model.ResourceGroup;
import dev.sightline.store.model.ScopeGroup;
import dev.sightline.store.model.Span;
import dev.sightline.store.model.SpanBatch;
import dev.sightline.store.model.SpanEvent;
import dev.sightline.store.model.SpanLink;
import dev.sightline.store.model.TelemetryBatch;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Applies the item limits and a tenant's series and trace-size limits to one mapped batch. What the SDKs do to their
 * own spans and logs (attribute count and value length limits) is done the same way here: extra attributes dropped
 * and added to {@code dropped_attributes_count}, long values cut, the item kept with a warning. Everything else is a
 * rejection the client hears about through OTLP's partial success: a log body over the limit (the body is the
 * record's content, so a cut one would claim to be what was logged and not be), a span past its trace's limit, a
 * metric data point that would start a series past the cap or whose labels are over the attribute limits (a data
 * point has no dropped-attributes count, and cutting a label would silently merge two series).
 *
 * <p>A batch no limit touches comes back as the same instance: the common case allocates nothing.
 */
public final class BatchLimiter {

    private final ItemLimits limits;

    public BatchLimiter(ItemLimits limits) {
        this.limits = limits;
    }

    /** The batch as it may be stored, and what was done to it. */
    public record Limited<B extends TelemetryBatch>(B batch, LimitReport report) {
    }

    @SuppressWarnings("unchecked")
    public <B extends TelemetryBatch> Limited<B> apply(B batch, TenantLimits tenant) {
        if (batch instanceof SpanBatch spans) {
            return (Limited<B>) spans(spans, tenant);
        }
        if (batch instanceof LogBatch logs) {
            return (Limited<B>) logs(logs);
        }
        return (Limited<B>) metrics((MetricBatch) batch, tenant);
    }

    // ---- traces

    private Limited<SpanBatch> spans(SpanBatch batch, TenantLimits tenant) {
        LimitReport report = new LimitReport("span", "spans");
        AttributeCut cut = new AttributeCut(report);
        List<ResourceGroup<Span>> groups = eachItem(batch.resources(), span -> {
            if (!tenant.traceSpans().admit(span.traceId())) {
                report.reject(LimitReason.TRACE_SIZE, report.wantsReason(LimitReason.TRACE_SIZE)
                        ? "trace " + span.traceId().toHex() + " already has the limit of "
                        + tenant.traceSpans().maxSpansPerTrace() + " spans" : null);
                return null;
            }
            int changesBefore = cut.changes;
            List<Attribute> attributes = cut.apply(span.attributes(), "span");
            int dropped = cut.dropped;
            List<SpanEvent> events = mapList(span.events(), e -> {
                List<Attribute> a = cut.apply(e.attributes(), "span event");
                return a == e.attributes() ? e
                        : new SpanEvent(e.epochNanos(), e.name(), a, e.droppedAttributesCount() + cut.dropped);
            });
            List<SpanLink> links = mapList(span.links(), l -> {
                List<Attribute> a = cut.apply(l.attributes(), "span link");
                return a == l.attributes() ? l : new SpanLink(l.traceId(), l.spanId(), l.traceState(), a,
                        l.droppedAttributesCount() + cut.dropped, l.flags());
            });
            if (cut.changes == changesBefore) {
                return span;
            }
            return new Span(span.traceId(), span.spanId(), span.traceState(), span.parentSpanId(), span.flags(),
                    span.name(), span.kind(), span.startEpochNanos(), span.endEpochNanos(), attributes,
                    span.droppedAttributesCount() + dropped, events, span.droppedEventsCount(), links,
                    span.droppedLinksCount(), span.status());
        });
        return new Limited<>(groups == batch.resources() ? batch : new SpanBatch(groups), report);
    }

    // ---- logs

    private Limited<LogBatch> logs(LogBatch batch) {
        LimitReport report = new LimitReport("log record", "log records");
        AttributeCut cut = new AttributeCut(report);
        List<ResourceGroup<LogRecord>> groups = eachItem(batch.resources(), log -> {
            long bodyBytes = log.body() == null ? 0 : utf8Size(log.body(), limits.maxLogBodyBytes());
            if (bodyBytes > limits.maxLogBodyBytes()) {
                report.reject(LimitReason.LOG_BODY, report.wantsReason(LimitReason.LOG_BODY)
                        ? "the body is over the limit of " + limits.maxLogBodyBytes() + " bytes" : null);
                return null;
            }
            List<Attribute> attributes = cut.apply(log.attributes(), "log record");
            if (attributes == log.attributes()) {
                return log;
            }
            return new LogRecord(log.epochNanos(), log.observedEpochNanos(), log.severityNumber(),
                    log.severityText(), log.body(), attributes, log.droppedAttributesCount() + cut.dropped,
                    log.flags(), log.traceId(), log.spanId(), log.eventName());
        });
        return new Limited<>(groups == batch.resources() ? batch : new LogBatch(groups), report);
    }

    /** UTF-8 bytes of the strings and bytes in {@code v}; stops counting once past {@code limit}. */
    static long utf8Size(AnyValue v, long limit) {
        if (v instanceof AnyValue.StringValue s) {
            String text = s.value();
            // A char is at most 3 UTF-8 bytes (a surrogate pair is 4 for 2): short strings need no exact count.
            return (long) text.length() * 3 <= limit ? text.length() : text.getBytes(StandardCharsets.UTF_8).length;
        }
        if (v instanceof AnyValue.BytesValue b) {
            return b.value().length;
        }
        long n = 0;
        if (v instanceof AnyValue.ArrayValue a) {
            for (AnyValue e : a.values()) {
                n += utf8Size(e, limit - n);
                if (n > limit) {
                    return n;
                }
            }
        } else if (v instanceof AnyValue.KeyValueList kv) {
            for (Attribute e : kv.values()) {
                n += e.key().length() + utf8Size(e.value(), limit - n);
                if (n > limit) {
                    return n;
                }
            }
        } else {
            n = 8; // bool, number, empty
        }
        return n;
    }

    // ---- metrics

    private Limited<MetricBatch> metrics(MetricBatch batch, TenantLimits tenant) {
        LimitReport report = new LimitReport("data point", "data points");
        List<ResourceGroup<Metric>> in = batch.resources();
        List<ResourceGroup<Metric>> out = null;
        for (int g = 0; g < in.size(); g++) {
            ResourceGroup<Metric> group = in.get(g);
            List<ScopeGroup<Metric>> scopes = null;
            for (int s = 0; s < group.scopes().size(); s++) {
                ScopeGroup<Metric> scope = group.scopes().get(s);
                long resourceAndScope = SeriesIdentity.ofResourceAndScope(group.resource(), scope.scope());
                List<Metric> metrics = null;
                for (int m = 0; m < scope.items().size(); m++) {
                    Metric metric = scope.items().get(m);
                    Metric limited = metric(metric, resourceAndScope, tenant, report);
                    if (limited != metric && metrics == null) {
                        metrics = new ArrayList<>(scope.items().subList(0, m));
                    }
                    if (metrics != null && limited != null) {
                        metrics.add(limited);
                    }
                }
                scopes = collect(scopes, group.scopes(), s, scope, metrics,
                        l -> new ScopeGroup<>(scope.scope(), l));
            }
            out = collect(out, in, g, group, scopes, l -> new ResourceGroup<>(group.resource(), l));
        }
        return new Limited<>(out == null ? batch : new MetricBatch(out), report);
    }

    /** The metric with the points the limits let through; the same instance when all pass, null when none do. */
    private Metric metric(Metric metric, long resourceAndScope, TenantLimits tenant, LimitReport report) {
        List<? extends MetricData.Point> points = metric.data().points();
        boolean[] keep = null;
        int kept = points.size();
        for (int i = 0; i < points.size(); i++) {
            List<Attribute> labels = points.get(i).attributes();
            String problem = labelProblem(labels);
            if (problem != null) {
                LimitReason reason = problem.isEmpty() ? LimitReason.ATTRIBUTES : LimitReason.ATTRIBUTE_LENGTH;
                report.reject(reason, report.wantsReason(reason) ? "metric '" + metric.name() + "': "
                        + (problem.isEmpty() ? "a data point has " + labels.size() + " attributes, over the limit of "
                        + limits.maxAttributes() : problem) + " (labels are not cut: that would merge series)" : null);
            } else if (!tenant.series().admit(SeriesIdentity.ofPoint(resourceAndScope, metric.name(), labels))) {
                report.reject(LimitReason.SERIES, report.wantsReason(LimitReason.SERIES) ? "metric '" + metric.name()
                        + "' would start a new series past the limit of " + tenant.series().maxSeries()
                        + " active series; existing series are still accepted" : null);
            } else {
                continue;
            }
            if (keep == null) {
                keep = new boolean[points.size()];
                Arrays.fill(keep, true);
            }
            keep[i] = false;
            kept--;
        }
        if (keep == null) {
            return metric;
        }
        if (kept == 0) {
            return null;
        }
        return new Metric(metric.name(), metric.description(), metric.unit(), metric.metadata(),
                withPoints(metric.data(), keep));
    }

    /** Null when the labels are within the limits; "" when there are too many; else which value is too long. */
    private String labelProblem(List<Attribute> labels) {
        if (labels.size() > limits.maxAttributes()) {
            return "";
        }
        for (Attribute a : labels) {
            if (longestValue(a.value()) > limits.maxValueLength()) {
                return "the value of label '" + a.key() + "' is longer than " + limits.maxValueLength();
            }
        }
        return null;
    }

    private static long longestValue(AnyValue v) {
        if (v instanceof AnyValue.StringValue s) {
            return s.value().length();
        }
        if (v instanceof AnyValue.BytesValue b) {
            return b.value().length;
        }
        long max = 0;
        if (v instanceof AnyValue.ArrayValue a) {
            for (AnyValue e : a.values()) {
                max = Math.max(max, longestValue(e));
            }
        } else if (v instanceof AnyValue.KeyValueList kv) {
            for (Attribute e : kv.values()) {
                max = Math.max(max, longestValue(e.value()));
            }
        }
        return max;
    }

    private static MetricData withPoints(MetricData data, boolean[] keep) {
        if (data instanceof MetricData.Gauge g) {
            return new MetricData.Gauge(filter(g.points(), keep));
        }
        if (data instanceof MetricData.Sum s) {
            return new MetricData.Sum(filter(s.points(), keep), s.temporality(), s.monotonic());
        }
        if (data instanceof MetricData.Histogram h) {
            return new MetricData.Histogram(filter(h.points(), keep), h.temporality());
        }
        if (data instanceof MetricData.ExponentialHistogram e) {
            return new MetricData.ExponentialHistogram(filter(e.points(), keep), e.temporality());
        }
        if (data instanceof MetricData.Summary s) {
            return new MetricData.Summary(filter(s.points(), keep));
        }
        return data;
    }

    private static <P> List<P> filter(List<P> points, boolean[] keep) {
        List<P> out = new ArrayList<>(points.size());
        for (int i = 0; i < points.size(); i++) {
            if (keep[i]) {
                out.add(points.get(i));
            }
        }
        return out;
    }

    // ---- attributes of spans, events, links and log records

    /** Drops attributes past the count limit and cuts long values; remembers what it did to the last list. */
    private final class AttributeCut {
        private final LimitReport report;
        /** Attributes dropped from the last list given to {@link #apply}. */
        int dropped;
        /** Lists changed so far. */
        int changes;

        AttributeCut(LimitReport report) {
            this.report = report;
        }

        List<Attribute> apply(List<Attribute> in, String item) {
            dropped = 0;
            int keep = Math.min(in.size(), limits.maxAttributes());
            Attribute[] out = null;
            for (int i = 0; i < keep; i++) {
                Attribute a = in.get(i);
                AnyValue v = truncate(a.value());
                if (v != a.value()) {
                    if (out == null) {
                        out = in.subList(0, keep).toArray(new Attribute[0]);
                    }
                    out[i] = new Attribute(a.key(), v);
                    if (report.wantsReason(LimitReason.ATTRIBUTE_LENGTH)) {
                        report.changed(LimitReason.ATTRIBUTE_LENGTH, "the value of " + item + " attribute '" + a.key()
                                + "' was cut to " + limits.maxValueLength() + " characters");
                    } else {
                        report.changed(LimitReason.ATTRIBUTE_LENGTH, null);
                    }
                }
            }
            if (keep < in.size()) {
                dropped = in.size() - keep;
                report.changed(LimitReason.ATTRIBUTES, report.wantsReason(LimitReason.ATTRIBUTES)
                        ? "a " + item + " had " + in.size() + " attributes; " + dropped + " past the limit of "
                        + limits.maxAttributes() + " were dropped and counted in dropped_attributes_count" : null);
                if (out == null) {
                    out = in.subList(0, keep).toArray(new Attribute[0]);
                }
            }
            if (out == null) {
                return in;
            }
            changes++;
            return List.of(out);
        }

        /** The value with strings and bytes cut to the length limit; the same instance when none is too long. */
        private AnyValue truncate(AnyValue v) {
            int max = limits.maxValueLength();
            if (v instanceof AnyValue.StringValue s) {
                String text = s.value();
                if (text.length() <= max) {
                    return v;
                }
                int end = Character.isHighSurrogate(text.charAt(max - 1)) ? max - 1 : max;
                return new AnyValue.StringValue(text.substring(0, end));
            }
            if (v instanceof AnyValue.BytesValue b) {
                byte[] bytes = b.value();
                return bytes.length <= max ? v : new AnyValue.BytesValue(Arrays.copyOf(bytes, max));
            }
            if (v instanceof AnyValue.ArrayValue a) {
                List<AnyValue> values = mapList(a.values(), this::truncate);
                return values == a.values() ? v : new AnyValue.ArrayValue(values);
            }
            if (v instanceof AnyValue.KeyValueList kv) {
                List<Attribute> values = mapList(kv.values(), e -> {
                    AnyValue t = truncate(e.value());
                    return t == e.value() ? e : new Attribute(e.key(), t);
                });
                return values == kv.values() ? v : new AnyValue.KeyValueList(values);
            }
            return v;
        }
    }

    // ---- rebuilding only what changed

    /**
     * Applies {@code item} to every item of every group; returns {@code groups} itself when every item came back
     * as the same instance. An item mapped to null is left out, and so are groups left empty.
     */
    private static <T> List<ResourceGroup<T>> eachItem(List<ResourceGroup<T>> groups,
                                                       java.util.function.UnaryOperator<T> item) {
        List<ResourceGroup<T>> out = null;
        for (int g = 0; g < groups.size(); g++) {
            ResourceGroup<T> group = groups.get(g);
            List<ScopeGroup<T>> scopes = null;
            for (int s = 0; s < group.scopes().size(); s++) {
                ScopeGroup<T> scope = group.scopes().get(s);
                List<T> items = null;
                for (int i = 0; i < scope.items().size(); i++) {
                    T before = scope.items().get(i);
                    T after = item.apply(before);
                    if (after != before && items == null) {
                        items = new ArrayList<>(scope.items().subList(0, i));
                    }
                    if (items != null && after != null) {
                        items.add(after);
                    }
                }
                scopes = collect(scopes, group.scopes(), s, scope, items, l -> new ScopeGroup<>(scope.scope(), l));
            }
            out = collect(out, groups, g, group, scopes, l -> new ResourceGroup<>(group.resource(), l));
        }
        return out == null ? groups : out;
    }

    /**
     * One step of rebuilding a list of groups: {@code changedChildren} is null when the group at {@code index} is
     * unchanged; otherwise the group is rebuilt from them, or left out when they are empty.
     */
    private static <G, C> List<G> collect(List<G> out, List<G> original, int index, G group, List<C> changedChildren,
                                          java.util.function.Function<List<C>, G> rebuild) {
        if (changedChildren == null) {
            if (out != null) {
                out.add(group);
            }
            return out;
        }
        if (out == null) {
            out = new ArrayList<>(original.subList(0, index));
        }
        if (!changedChildren.isEmpty()) {
            out.add(rebuild.apply(changedChildren));
        }
        return out;
    }

    /** {@code in} itself when {@code f} returns every element as is; otherwise the mapped list. */
    private static <T> List<T> mapList(List<T> in, java.util.function.UnaryOperator<T> f) {
        List<T> out = null;
        for (int i = 0; i < in.size(); i++) {
            T before = in.get(i);
            T after = f.apply(before);
            if (after != before && out == null) {
                out = new ArrayList<>(in.subList(0, i));
            }
            if (out != null) {
                out.add(after);
            }
        }
        return out == null ? in : out;
    }
}
