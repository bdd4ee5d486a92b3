package dev.sightline.alerting.rule;

import dev.sightline.alerting.alert.EvidenceQuery;
import dev.sightline.query.metrics.LabelMatcher;
import dev.sightline.query.metrics.RangeQuery;
import dev.sightline.query.metrics.RangeResult;
import dev.sightline.query.metrics.Saturation;
import dev.sightline.query.metrics.SaturationSignal;
import dev.sightline.store.model.Exemplar;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Evaluates a {@link RuleExpression} at a round's {@code now}: every series the selector yields, with its value and
 * whether it crosses the threshold. A series without a value (no requests, no reading) is left out: no data, no
 * alert.
 */
final class ExpressionEvaluator {
    /** Trace IDs kept from a metric series' exemplars; notifications show fewer. */
    static final int MAX_EXEMPLAR_TRACES = 10;
    private static final long STEP_NANOS = 60_000_000_000L;

    private ExpressionEvaluator() {
    }

    static List<SeriesValue> evaluate(RuleExpression e, long minRequests, RuleEvaluationRound round) {
        if (e.selector() instanceof Selector.Signal s) {
            return signal(e, s, minRequests, round);
        }
        if (e.selector() instanceof Selector.Saturation s) {
            return saturation(e, s, round);
        }
        return metric(e, (Selector.Metric) e.selector(), round);
    }

    // --------------------------------------------------------------------------------------- golden signals

    private static List<SeriesValue> signal(RuleExpression e, Selector.Signal sel, long minRequests,
                                            RuleEvaluationRound round) {
        WindowSignals w = round.signals(sel.window());
        List<LabelMatcher> serviceMatchers = named(sel.matchers(), "service");
        List<LabelMatcher> operationMatchers = named(sel.matchers(), "operation");
        Set<String> services = new TreeSet<>(w.services().keySet());
        if (minRequests <= 0) {
            // Services without a request in the window: only a rule that asked for them (a traffic drop) sees them.
            services.addAll(round.services());
        }
        String onlyOperation = operationMatchers.size() == 1 && operationMatchers.get(0).op() == LabelMatcher.Op.EQ
                ? operationMatchers.get(0).value() : null;
        List<SeriesValue> out = new ArrayList<>();
        for (String service : services) {
            if (!matchesAll(serviceMatchers, service)) {
                continue;
            }
            if (e.perOperation()) {
                w.operations(service).forEach((operation, cell) -> {
                    if (matchesAll(operationMatchers, operation)) {
                        add(out, e, sel, minRequests, w, cell, service, operation, operation);
                    }
                });
            } else if (!operationMatchers.isEmpty()) {
                SignalCell merged = new SignalCell();
                w.operations(service).forEach((operation, cell) -> {
                    if (matchesAll(operationMatchers, operation)) {
                        merged.add(cell);
                    }
                });
                add(out, e, sel, minRequests, w, merged, service, null, onlyOperation);
            } else {
                SignalCell cell = w.services().get(service);
                add(out, e, sel, minRequests, w, cell != null ? cell : new SignalCell(), service, null, null);
            }
        }
        return out;
    }

    private static void add(List<SeriesValue> out, RuleExpression e, Selector.Signal sel, long minRequests,
                            WindowSignals w, SignalCell cell, String service, String operationLabel,
                            String evidenceOperation) {
        if (cell.requests() < minRequests) {
            return;
        }
        double value = cell.value(sel.signal(), w.seconds());
        if (Double.isNaN(value)) {
            return;
        }
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("service", service);
        if (operationLabel != null) {
            labels.put("operation", operationLabel);
        }
        boolean violating = e.comparison().test(value, e.threshold());
        EvidenceQuery evidence = null;
        if (violating) {
            GoldenSignal signal = sel.signal();
            if (signal == GoldenSignal.ERROR_RATIO || signal == GoldenSignal.ERRORS) {
                evidence = EvidenceQuery.failedRequests(service, evidenceOperation, w.from(), w.to());
            } else if (signal.isLatency()) {
                // Above a threshold, the requests slower than it are the evidence; otherwise the slowest 1 %.
                double seconds = e.comparison().isUpper() ? e.threshold()
                        : cell.value(GoldenSignal.LATENCY_P99, w.seconds());
                evidence = EvidenceQuery.slowRequests(service, evidenceOperation, (long) Math.ceil(seconds * 1e9),
                        w.from(), w.to());
            }
        }
        out.add(new SeriesValue(labels, value, violating, Map.of(), evidence));
    }

    // ------------------------------------------------------------------------------------------- saturation

    private static List<SeriesValue> saturation(RuleExpression e, Selector.Saturation sel,
                                                RuleEvaluationRound round) {
        List<SeriesValue> out = new ArrayList<>();
        for (String service : round.services()) {
            if (!matchesAll(sel.matchers(), service)) {
                continue;
            }
            Saturation s = round.saturation(service, sel.window());
            SaturationSignal worst = null;
            for (SaturationSignal signal : s.signals()) {
                // A resource's capacity fraction only; process.memory.usage in bytes is not comparable to 80 %.
                boolean usable = signal.resource() == sel.resource()
                        && (signal.utilization() || sel.resource() == SaturationSignal.Resource.QUEUE);
                if (usable && !Double.isNaN(signal.value()) && (worst == null || signal.value() > worst.value())) {
                    worst = signal;
                }
            }
            if (worst == null) {
                continue;
            }
            Map<String, String> annotations = new LinkedHashMap<>();
            annotations.put("metric", worst.name());
            if (worst.instance() != null) {
                annotations.put("instance", worst.instance());
            }
            boolean violating = e.comparison().test(worst.value(), e.threshold());
            out.add(new SeriesValue(Map.of("service", service), worst.value(), violating,
                    violating ? annotations : Map.of(), null));
        }
        return out;
    }

    // ---------------------------------------------------------------------------------------------- metrics

    /** The instant query an expression's metric selector runs at {@code nowNanos}: one step, start = end. */
    static RangeQuery instantQuery(RuleExpression e, Selector.Metric sel, long nowNanos) {
        return new RangeQuery(sel.name(), sel.matchers(), sel.fn(), sel.q(), nowNanos, nowNanos, STEP_NANOS,
                sel.window() == null ? null : sel.window().toNanos(), null, e.by().isEmpty() ? null : e.by());
    }

    private static List<SeriesValue> metric(RuleExpression e, Selector.Metric sel, RuleEvaluationRound round) {
        RangeResult result = round.metric(instantQuery(e, sel, round.nowNanos()));
        List<SeriesValue> out = new ArrayList<>();
        for (RangeResult.Series series : result.series()) {
            if (series.values().length == 0) {
                continue;
            }
            double value = series.values()[series.values().length - 1];
            if (Double.isNaN(value)) {
                continue;
            }
            boolean violating = e.comparison().test(value, e.threshold());
            out.add(new SeriesValue(series.labels(), value, violating, Map.of(),
                    violating ? EvidenceQuery.exemplars(traceIds(series.exemplars())) : null));
        }
        return out;
    }

    /** Distinct trace IDs of the exemplars, newest first. */
    static List<String> traceIds(List<Exemplar> exemplars) {
        Set<String> out = new LinkedHashSet<>();
        for (int i = exemplars.size() - 1; i >= 0 && out.size() < MAX_EXEMPLAR_TRACES; i--) {
            Exemplar x = exemplars.get(i);
            if (x.traceId() != null) {
                out.add(x.traceId().toHex());
            }
        }
        return List.copyOf(out);
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private static List<LabelMatcher> named(List<LabelMatcher> matchers, String label) {
        return matchers.stream().filter(m -> m.name().equals(label)).toList();
    }

    private static boolean matchesAll(List<LabelMatcher> matchers, String value) {
        for (LabelMatcher m : matchers) {
            if (!m.matchesValue(value)) {
                return false;
            }
        }
        return true;
    }
}
