package dev.sightline.query.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A Prometheus label matcher: {@code name="value"}, {@code name!="value"}, {@code name=~"regex"},
 * {@code name!~"regex"}. As in Prometheus a missing label has the value "" (so {@code name=""} selects series
 * without it), and a regex must match the whole value ({@code (?s)} and anchored at both ends).
 *
 * <p>Regexes are Java's (close to RE2 for what label matchers use), which can backtrack exponentially; each match
 * therefore runs on a budget of character reads and a regex that exhausts it fails the query instead of a thread.
 */
public final class LabelMatcher {

    public enum Op {
        EQ("="), NE("!="), RE("=~"), NRE("!~");

        private final String symbol;

        Op(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }
    }

    /** Thrown when a regex would read more characters than its budget: a pattern that backtracks badly. */
    public static final class TooExpensiveException extends RuntimeException {
        TooExpensiveException(String regex) {
            super("the regular expression " + regex + " takes too long to evaluate", null, false, false);
        }
    }

    static final int MAX_REGEX_LENGTH = 1024;
    /** Character reads one regex match may make: far beyond any sane pattern on a label value. */
    static final long MATCH_BUDGET = 1_000_000;

    private final String name;
    private final Op op;
    private final String value;
    private final Pattern pattern;

    public LabelMatcher(String name, Op op, String value) {
        this.name = Objects.requireNonNull(name, "name");
        this.op = Objects.requireNonNull(op, "op");
        this.value = Objects.requireNonNull(value, "value");
        if (op == Op.RE || op == Op.NRE) {
            if (value.length() > MAX_REGEX_LENGTH) {
                throw new IllegalArgumentException("the regular expression for " + name + " is longer than "
                        + MAX_REGEX_LENGTH + " characters");
            }
            try {
                this.pattern = Pattern.compile("(?:" + value + ")", Pattern.DOTALL);
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("invalid regular expression for " + name + ": "
                        + e.getDescription());
            }
        } else {
            this.pattern = null;
        }
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

    /** Whether a series with these labels is selected; a missing label counts as "". */
    public boolean matches(Map<String, String> labels) {
        return matchesValue(labels.getOrDefault(name, ""));
    }

    public boolean matchesValue(String v) {
        return switch (op) {
            case EQ -> v.equals(value);
            case NE -> !v.equals(value);
            case RE -> regexMatches(v);
            case NRE -> !regexMatches(v);
        };
    }

    private boolean regexMatches(String v) {
        return pattern.matcher(new BudgetedChars(v, new long[] {MATCH_BUDGET}, value)).matches();
    }

    @Override
    public String toString() {
        return name + op.symbol + '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LabelMatcher m && m.name.equals(name) && m.op == op && m.value.equals(value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, op, value);
    }

    /**
     * Parses one or more matchers separated by commas, optionally in braces:
     * {@code http.route="/a"}, {@code {service.name=~"check.*", http.response.status_code!="200"}}. Values are in
     * double or single quotes with backslash escapes ({@code \" \' \\ \n \t}); a label name is anything up to the
     * operator without spaces, quotes, commas or braces, or a quoted string.
     *
     * @throws IllegalArgumentException saying what is wrong and where
     */
    public static List<LabelMatcher> parse(String text) {
        Parser p = new Parser(text);
        List<LabelMatcher> out = p.matchers();
        if (out.isEmpty()) {
            throw new IllegalArgumentException("no matcher in \"" + text + "\"; expected e.g. name=\"value\"");
        }
        return out;
    }

    private static final class Parser {
        private final String s;
        private int at;

        Parser(String s) {
            this.s = s;
        }

        List<LabelMatcher> matchers() {
            List<LabelMatcher> out = new ArrayList<>();
            skipSpaces();
            boolean braced = peek('{');
            if (braced) {
                at++;
            }
            while (true) {
                skipSpaces();
                if (at >= s.length() || (braced && peek('}'))) {
                    break;
                }
                out.add(matcher());
                skipSpaces();
                if (peek(',')) {
                    at++;
                    continue;
                }
                break;
            }
            skipSpaces();
            if (braced) {
                if (!peek('}')) {
                    throw error("expected , or }");
                }
                at++;
                skipSpaces();
            }
            if (at < s.length()) {
                throw error("unexpected '" + s.charAt(at) + "'");
            }
            return out;
        }

        private LabelMatcher matcher() {
            String name = peek('"') || peek('\'') ? quoted() : bareName();
            skipSpaces();
            Op op;
            if (s.startsWith("=~", at)) {
                op = Op.RE;
            } else if (s.startsWith("!~", at)) {
                op = Op.NRE;
            } else if (s.startsWith("!=", at)) {
                op = Op.NE;
            } else if (peek('=')) {
                op = Op.EQ;
            } else {
                throw error("expected one of = != =~ !~ after the label name " + name);
            }
            at += op.symbol.length();
            skipSpaces();
            if (!peek('"') && !peek('\'')) {
                throw error("expected a quoted value after " + name + op.symbol);
            }
            String value = quoted();
            return new LabelMatcher(name, op, value);
        }

        private String bareName() {
            int start = at;
            while (at < s.length() && isNameChar(s.charAt(at))) {
                at++;
            }
            if (at == start) {
                throw error("expected a label name");
            }
            return s.substring(start, at);
        }

        private static boolean isNameChar(char c) {
            return !Character.isWhitespace(c) && "=!~\"',{}".indexOf(c) < 0;
        }

        private String quoted() {
            char quote = s.charAt(at++);
            StringBuilder b = new StringBuilder();
            while (at < s.length()) {
                char c = s.charAt(at++);
                if (c == quote) {
                    return b.toString();
                }
                if (c == '\\') {
                    if (at >= s.length()) {
                        break;
                    }
                    char e = s.charAt(at++);
                    switch (e) {
                        case 'n' -> b.append('\n');
                        case 't' -> b.append('\t');
                        case 'r' -> b.append('\r');
                        case '\\', '"', '\'' -> b.append(e);
                        // Regexes keep their own escapes (\d, \.) as written.
                        default -> b.append('\\').append(e);
                    }
                } else {
                    b.append(c);
                }
            }
            throw error("unterminated quoted string");
        }

        private boolean peek(char c) {
            return at < s.length() && s.charAt(at) == c;
        }

        private void skipSpaces() {
            while (at < s.length() && Character.isWhitespace(s.charAt(at))) {
                at++;
            }
        }

        private IllegalArgumentException error(String what) {
            return new IllegalArgumentException(what + " at character " + (at + 1) + " of \"" + s + "\"");
        }
    }

    /** A string whose every read costs one unit of a shared budget: bounds how long the regex engine may work. */
    private static final class BudgetedChars implements CharSequence {
        private final String s;
        private final long[] budget;
        private final String regex;

        BudgetedChars(String s, long[] budget, String regex) {
            this.s = s;
            this.budget = budget;
            this.regex = regex;
        }

        @Override
        public int length() {
            return s.length();
        }

        @Override
        public char charAt(int index) {
            if (--budget[0] < 0) {
                throw new TooExpensiveException(regex);
            }
            return s.charAt(index);
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return new BudgetedChars(s.substring(start, end), budget, regex);
        }

        @Override
        public String toString() {
            return s;
        }
    }
}
