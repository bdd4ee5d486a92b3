package dev.sightline.alerting.rule;

/** The comparison of a rule expression: a series violates when {@code value <op> threshold} holds. */
public enum Comparison {
    GT(">"), GE(">="), LT("<"), LE("<="), EQ("=="), NE("!=");

    private final String symbol;

    Comparison(String symbol) {
        this.symbol = symbol;
    }

    public String symbol() {
        return symbol;
    }

    public boolean test(double value, double threshold) {
        return switch (this) {
            case GT -> value > threshold;
            case GE -> value >= threshold;
            case LT -> value < threshold;
            case LE -> value <= threshold;
            case EQ -> value == threshold;
            case NE -> value != threshold;
        };
    }

    /** True for {@code >} and {@code >=}: the rule fires on values above the threshold. */
    public boolean isUpper() {
        return this == GT || this == GE;
    }
}
