package dev.sightline.alerting.silence;

import dev.sightline.query.metrics.LabelMatcher;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One label condition of a silence, an inhibition rule or a receiver, with Alertmanager's semantics: a label the
 * alert does not have counts as the empty string, and a regular expression must match the whole value (it is
 * anchored, so {@code check} does not match {@code checkout}). It is the query API's {@link LabelMatcher} with
 * Alertmanager's operator names and API flags: the expression is compiled once, at creation (a bad one is refused
 * there), and each match runs on a work budget, so a hostile silence cannot hang a round.
 *
 * <p>A final class rather than a record: it carries the compiled matcher, which has no value equality.
 */
public final class Matcher {

    /** Alertmanager's four operators, spelled as in its matcher syntax. */
    public enum Op {
        EQUAL("="), NOT_EQUAL("!="), REGEX("=~"), NOT_REGEX("!~");

        private final String symbol;

        Op(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }

        public boolean isRegex() {
            return this == REGEX || this == NOT_REGEX;
        }

        /** Alertmanager's API {@code isEqual}: false for the negated operators. */
        public boolean isEqual() {
            return this == EQUAL || this == REGEX;
        }

        public static Op of(boolean isRegex, boolean isEqual) {
            return isRegex ? (isEqual ? REGEX : NOT_REGEX) : (isEqual ? EQUAL : NOT_EQUAL);
        }

        public static Op ofSymbol(String symbol) {
            for (Op op : values()) {
                if (op.symbol.equals(symbol)) {
                    return op;
                }
            }
            throw new IllegalArgumentException("unknown matcher operator '" + symbol + "' (use =, !=, =~ or !~)");
        }
    }

    private final String name;
    private final Op op;
    private final String value;
    /** Matching and regex compilation are the query API's label matcher's: anchored, and bounded in work. */
    private final LabelMatcher delegate;

    private Matcher(String name, Op op, String value) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a matcher needs a label name");
        }
        this.name = name;
        this.op = Objects.requireNonNull(op, "op");
        this.value = Objects.requireNonNull(value, "value");
        this.delegate = new LabelMatcher(name, switch (op) {
            case EQUAL -> LabelMatcher.Op.EQ;
            case NOT_EQUAL -> LabelMatcher.Op.NE;
            case REGEX -> LabelMatcher.Op.RE;
            case NOT_REGEX -> LabelMatcher.Op.NRE;
        }, value);
    }

    /** Throws {@link IllegalArgumentException} for a blank name or an invalid regular expression. */
    public static Matcher of(String name, Op op, String value) {
        return new Matcher(name, op, value);
    }

    public static Matcher equal(String name, String value) {
        return new Matcher(name, Op.EQUAL, value);
    }

    public static Matcher regex(String name, String value) {
        return new Matcher(name, Op.REGEX, value);
    }

    /** One matcher in PromQL's syntax: {@code name="value"}, {@code name=~"a|b"} (values quoted). */
    public static Matcher parse(String text) {
        List<Matcher> all = parseList(text);
        if (all.size() != 1) {
            throw new IllegalArgumentException("'" + text + "' is not one matcher like name=\"value\"");
        }
        return all.get(0);
    }

    /**
     * A comma-separated list of matchers, optionally in braces ({@code {service="checkout",severity=~"page"}});
     * empty text is no matcher.
     */
    public static List<Matcher> parseList(String text) {
        if (text == null || text.isBlank() || text.strip().equals("{}")) {
            return List.of();
        }
        List<Matcher> out = new ArrayList<>();
        for (LabelMatcher m : LabelMatcher.parse(text)) {
            out.add(new Matcher(m.name(), Op.ofSymbol(m.op().symbol()), m.value()));
        }
        return List.copyOf(out);
    }

    public String name() {
        return name;
    }

    public Op op() {
        return op;
    }

    public String value() {
        return value;
    }

    public boolean matches(Map<String, String> labels) {
        return matchesValue(labels.getOrDefault(name, ""));
    }

    /** Alertmanager requires every silence to have a matcher for which this is false, so none silences everything. */
    public boolean matchesEmpty() {
        return matchesValue("");
    }

    /** A regex that exhausts its work budget does not match: a broken silence must not swallow a page. */
    private boolean matchesValue(String v) {
        try {
            return delegate.matchesValue(v);
        } catch (LabelMatcher.TooExpensiveException e) {
            return false;
        }
    }

    /** Alertmanager's spelling, {@code name="value"}, which {@link #parse} reads back. */
    @Override
    public String toString() {
        return name + op.symbol + '"' + value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + '"';
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Matcher m && m.name.equals(name) && m.op == op && m.value.equals(value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, op, value);
    }
}
