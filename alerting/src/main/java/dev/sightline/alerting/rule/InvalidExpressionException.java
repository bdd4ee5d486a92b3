package dev.sightline.alerting.rule;

/**
 * A rule expression that does not parse: the 1-based column in the expression where the problem is, and why. The
 * message reads {@code column N: reason}.
 */
public final class InvalidExpressionException extends Exception {
    private final int column;
    private final String reason;

    public InvalidExpressionException(int column, String reason) {
        super("column " + column + ": " + reason, null, false, false);
        this.column = column;
        this.reason = reason;
    }

    public int column() {
        return column;
    }

    public String reason() {
        return reason;
    }
}
