package dev.sightline.alerting.rule;

import java.util.List;
import java.util.Objects;

/**
 * A parsed rule expression, {@code <selector> [by (labels)] <comparison> <threshold>}, e.g.
 * {@code error_ratio{service="checkout"}[5m] > 5%} or
 * {@code histogram_quantile(0.99, http.server.request.duration[5m]) by (service.name) > 2s}. The grammar is in
 * {@link ExpressionParser}; the reference in the alerting README.
 *
 * @param text      the expression as written
 * @param by        labels that split a selector's series (empty: the selector's default split), as written
 * @param threshold a plain number: percentages are divided by 100 and durations are in seconds
 * @param unit      how the threshold was written, for messages and for latency evidence
 */
public record RuleExpression(String text, Selector selector, List<String> by, Comparison comparison,
                             double threshold, ThresholdUnit unit) {

    public enum ThresholdUnit { NUMBER, PERCENT, DURATION }

    public RuleExpression {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(selector, "selector");
        by = List.copyOf(by);
        Objects.requireNonNull(comparison, "comparison");
        Objects.requireNonNull(unit, "unit");
    }

    /** Parses {@code text}; the exception names the column of the problem. */
    public static RuleExpression parse(String text) throws InvalidExpressionException {
        return new ExpressionParser(text).expression();
    }

    /** A golden-signal expression that yields one series per operation rather than per service. */
    public boolean perOperation() {
        return selector instanceof Selector.Signal && by.contains("operation");
    }

    @Override
    public String toString() {
        return text;
    }
}
