package dev.sightline.alerting.rule;

import dev.sightline.alerting.config.YamlNode;
import dev.sightline.query.metrics.LabelMatcher;
import dev.sightline.query.metrics.MetricFunction;
import dev.sightline.query.metrics.SaturationSignal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A hand-written recursive-descent parser for rule expressions; every error names the 1-based column.
 *
 * <pre>
 * expression := operand [ "by" "(" label { "," label } ")" ] comparison threshold
 * operand    := signal [ matchers ] range                       golden signal; the range is required
 *             | saturation [ matchers ] [ range ]                saturation_cpu, _memory, _db_connections, _queue
 *             | ("rate" | "increase") "(" metric [ matchers ] range ")"
 *             | "histogram_quantile" "(" number "," ( metric [ matchers ] range
 *                                                  | "rate" "(" metric [ matchers ] range ")" ) ")"
 *             | metric [ matchers ]                              latest value
 * matchers   := "{" [ label op string { "," label op string } [ "," ] ] "}"      op: = != =~ !~
 * range      := "[" duration "]"                                 5m, 1h, 1h30m
 * comparison := "&gt;" | "&gt;=" | "&lt;" | "&lt;=" | "==" | "!="
 * threshold  := number | number "%" | duration                   0.05, 5%, 2s, 500ms
 * label, metric := [a-zA-Z_][a-zA-Z0-9_.:]*                      OTLP names have dots
 * </pre>
 */
final class ExpressionParser {
    static final int MAX_LENGTH = 4096;
    /** Saturation readings are the latest in a window; 5 minutes is Prometheus' staleness. */
    static final Duration DEFAULT_SATURATION_WINDOW = Duration.ofMinutes(5);
    /** Rollups are kept 35 days by default: a longer window could never be full. */
    static final Duration MAX_WINDOW = Duration.ofDays(35);
    private static final Set<String> SIGNAL_LABELS = Set.of("service", "operation");
    private static final Pattern DECIMAL_DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|us|s|m|h|d)");

    private final String s;
    private int at;

    ExpressionParser(String text) {
        this.s = text == null ? "" : text;
    }

    /** An operand and where it started, for errors that concern it as a whole. */
    private record Operand(Selector selector, String name, int start) {
    }

    private record Label(String name, int at) {
    }

    RuleExpression expression() throws InvalidExpressionException {
        if (s.length() > MAX_LENGTH) {
            throw new InvalidExpressionException(MAX_LENGTH + 1, "the expression is longer than " + MAX_LENGTH
                    + " characters");
        }
        skipSpaces();
        if (at >= s.length()) {
            throw error("the expression is empty; expected e.g. error_ratio{service=\"checkout\"}[5m] > 5%");
        }
        Operand operand = operand();
        skipSpaces();
        List<Label> by = List.of();
        if (peekWord("by")) {
            by = byClause();
        }
        checkBy(operand, by);
        skipSpaces();
        Comparison comparison = comparison();
        skipSpaces();
        int thresholdAt = at;
        double[] value = new double[1];
        RuleExpression.ThresholdUnit unit = threshold(value);
        checkThreshold(operand, unit, value[0], thresholdAt);
        skipSpaces();
        if (at < s.length()) {
            throw error("unexpected '" + s.charAt(at) + "' after the threshold");
        }
        return new RuleExpression(s.strip(), operand.selector(), by.stream().map(Label::name).toList(), comparison,
                value[0], unit);
    }

    // ------------------------------------------------------------------------------------------------ operands

    private Operand operand() throws InvalidExpressionException {
        int start = at;
        String name = identifier("a selector such as error_ratio, latency_p99, saturation_cpu or a metric name");
        skipSpaces();
        if (peek('(')) {
            return new Operand(function(name, start), name, start);
        }
        GoldenSignal signal = GoldenSignal.parse(name);
        if (signal != null) {
            List<LabelMatcher> matchers = optionalMatchers(SIGNAL_LABELS, name);
            skipSpaces();
            if (!peek('[')) {
                throw error(name + " needs a window, e.g. " + name + "[5m]");
            }
            Duration window = range();
            if (window.compareTo(Duration.ofMinutes(1)) < 0) {
                throw new InvalidExpressionException(start + 1, "the window of " + name
                        + " must be at least 1m: golden signals come from per-minute rollups");
            }
            return new Operand(new Selector.Signal(signal, matchers, window), name, start);
        }
        if (name.startsWith("saturation_")) {
            SaturationSignal.Resource resource = saturationResource(name, start);
            List<LabelMatcher> matchers = optionalMatchers(Set.of("service"), name);
            skipSpaces();
            Duration window = peek('[') ? range() : DEFAULT_SATURATION_WINDOW;
            return new Operand(new Selector.Saturation(resource, matchers, window), name, start);
        }
        List<LabelMatcher> matchers = optionalMatchers(null, name);
        skipSpaces();
        if (peek('[')) {
            throw error("a window needs a function: rate(" + name + "[5m]), increase(" + name
                    + "[5m]) or histogram_quantile(0.99, " + name + "[5m]); " + name + " alone is its latest value");
        }
        return new Operand(new Selector.Metric(name, MetricFunction.VALUE, null, matchers, null), name, start);
    }

    private Selector function(String name, int start) throws InvalidExpressionException {
        expect('(');
        skipSpaces();
        Selector out;
        switch (name) {
            case "rate" -> out = metricWithRange(MetricFunction.RATE, null, name);
            case "increase" -> out = metricWithRange(MetricFunction.INCREASE, null, name);
            case "histogram_quantile" -> {
                int qAt = at;
                double q = plainNumber("the quantile, a number from 0 to 1");
                if (q < 0 || q > 1) {
                    throw new InvalidExpressionException(qAt + 1, "the quantile must be from 0 to 1, not " + q);
                }
                skipSpaces();
                expect(',');
                skipSpaces();
                int innerAt = at;
                if (peekWord("rate")) {
                    // histogram_quantile(0.99, rate(x[5m])) is how PromQL users write it; it means the same.
                    identifier("rate");
                    skipSpaces();
                    if (!peek('(')) {
                        at = innerAt;
                        out = metricWithRange(MetricFunction.QUANTILE, q, name);
                    } else {
                        expect('(');
                        skipSpaces();
                        out = metricWithRange(MetricFunction.QUANTILE, q, name);
                        skipSpaces();
                        expect(')');
                    }
                } else {
                    out = metricWithRange(MetricFunction.QUANTILE, q, name);
                }
            }
            default -> throw new InvalidExpressionException(start + 1, "unknown function '" + name
                    + "' (known: rate, increase, histogram_quantile)");
        }
        skipSpaces();
        expect(')');
        return out;
    }

    private Selector.Metric metricWithRange(MetricFunction fn, Double q, String function)
            throws InvalidExpressionException {
        int start = at;
        String metric = identifier("a metric name");
        if (GoldenSignal.parse(metric) != null || metric.startsWith("saturation_")) {
            throw new InvalidExpressionException(start + 1, function + "() takes a stored metric; " + metric
                    + " is a built-in signal, use it without a function");
        }
        skipSpaces();
        List<LabelMatcher> matchers = optionalMatchers(null, metric);
        skipSpaces();
        if (!peek('[')) {
            throw error(function + "() needs a window after the metric, e.g. " + metric + "[5m]");
        }
        Duration window = range();
        return new Selector.Metric(metric, fn, q, matchers, window);
    }

    private SaturationSignal.Resource saturationResource(String name, int start) throws InvalidExpressionException {
        String resource = name.substring("saturation_".length());
        for (SaturationSignal.Resource r : SaturationSignal.Resource.values()) {
            if (r.wireName().equals(resource)) {
                return r;
            }
        }
        throw new InvalidExpressionException(start + 1, "unknown saturation signal '" + name
                + "' (known: saturation_cpu, saturation_memory, saturation_db_connections, saturation_queue)");
    }

    // ------------------------------------------------------------------------------------------------ matchers

    /** {@code {...}} if present; {@code allowed} null means any label. */
    private List<LabelMatcher> optionalMatchers(Set<String> allowed, String selector)
            throws InvalidExpressionException {
        if (!peek('{')) {
            return List.of();
        }
        at++;
        List<LabelMatcher> out = new ArrayList<>();
        while (true) {
            skipSpaces();
            if (peek('}')) {
                at++;
                return out;
            }
            int labelAt = at;
            String label = identifier("a label name or }");
            if (allowed != null && !allowed.contains(label)) {
                throw new InvalidExpressionException(labelAt + 1, selector + " can be selected by "
                        + String.join(" and ", allowed.stream().sorted().toList()) + " only, not by '" + label + "'");
            }
            skipSpaces();
            LabelMatcher.Op op = matchOp(label);
            skipSpaces();
            int valueAt = at;
            String value = quoted(label + op.symbol());
            try {
                out.add(new LabelMatcher(label, op, value));
            } catch (IllegalArgumentException e) {
                throw new InvalidExpressionException(valueAt + 1, e.getMessage());
            }
            skipSpaces();
            if (peek(',')) {
                at++;
            } else if (!peek('}')) {
                throw error(at >= s.length() ? "unclosed {; expected , or }" : "expected , or } after "
                        + label + op.symbol() + "\"" + value + "\"");
            }
        }
    }

    private LabelMatcher.Op matchOp(String label) throws InvalidExpressionException {
        for (LabelMatcher.Op op : new LabelMatcher.Op[] {LabelMatcher.Op.RE, LabelMatcher.Op.NRE, LabelMatcher.Op.NE,
                LabelMatcher.Op.EQ}) {
            if (s.startsWith(op.symbol(), at)) {
                at += op.symbol().length();
                return op;
            }
        }
        throw error("expected one of = != =~ !~ after the label " + label);
    }

    private String quoted(String after) throws InvalidExpressionException {
        if (!peek('"') && !peek('\'')) {
            throw error("expected a quoted value after " + after);
        }
        int start = at;
        char quote = s.charAt(at++);
        StringBuilder b = new StringBuilder();
        while (at < s.length()) {
            char c = s.charAt(at++);
            if (c == quote) {
                return b.toString();
            }
            if (c == '\\' && at < s.length()) {
                char e = s.charAt(at++);
                switch (e) {
                    case 'n' -> b.append('\n');
                    case 't' -> b.append('\t');
                    case '\\', '"', '\'' -> b.append(e);
                    // Regexes keep their own escapes (\d, \.) as written.
                    default -> b.append('\\').append(e);
                }
            } else {
                b.append(c);
            }
        }
        throw new InvalidExpressionException(start + 1, "unterminated quoted string");
    }

    // ------------------------------------------------------------------------------------------- by, range

    private List<Label> byClause() throws InvalidExpressionException {
        identifier("by");
        skipSpaces();
        expect('(');
        List<Label> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        while (true) {
            skipSpaces();
            if (peek(')') && !out.isEmpty()) {
                at++;
                return out;
            }
            int labelAt = at;
            String label = identifier("a label name");
            if (!seen.add(label)) {
                throw new InvalidExpressionException(labelAt + 1, "'" + label + "' is listed twice in by (...)");
            }
            out.add(new Label(label, labelAt));
            skipSpaces();
            if (peek(',')) {
                at++;
            } else if (!peek(')')) {
                throw error("expected , or ) in by (...)");
            }
        }
    }

    private void checkBy(Operand operand, List<Label> by) throws InvalidExpressionException {
        for (Label l : by) {
            Selector sel = operand.selector();
            boolean allowed = sel instanceof Selector.Metric
                    || (sel instanceof Selector.Signal ? SIGNAL_LABELS.contains(l.name()) : l.name().equals("service"));
            if (!allowed) {
                throw new InvalidExpressionException(l.at() + 1, operand.name() + " can be split by "
                        + (operand.selector() instanceof Selector.Signal ? "service and operation" : "service")
                        + " only, not by '" + l.name() + "'");
            }
        }
    }

    private Duration range() throws InvalidExpressionException {
        expect('[');
        skipSpaces();
        int start = at;
        int close = s.indexOf(']', at);
        if (close < 0) {
            throw error("unclosed [; expected a window such as [5m]");
        }
        String text = s.substring(start, close).strip();
        Duration d = YamlNode.parseDuration(text);
        if (d == null) {
            throw error("the window must be a duration such as 30s, 5m or 1h, not '" + text + "'");
        }
        if (d.isZero()) {
            throw error("the window must be longer than 0");
        }
        if (d.compareTo(MAX_WINDOW) > 0) {
            throw error("the window must be at most 35d");
        }
        at = close + 1;
        return d;
    }

    // --------------------------------------------------------------------------------- comparison, threshold

    private Comparison comparison() throws InvalidExpressionException {
        for (String symbol : new String[] {">=", "<=", "==", "!=", ">", "<"}) {
            if (s.startsWith(symbol, at)) {
                at += symbol.length();
                for (Comparison c : Comparison.values()) {
                    if (c.symbol().equals(symbol)) {
                        return c;
                    }
                }
            }
        }
        if (peek('=')) {
            throw error("use == to compare, not =");
        }
        if (at >= s.length()) {
            throw error("expected a comparison (> >= < <= == !=) and a threshold, but the expression ended");
        }
        throw error("expected a comparison (> >= < <= == !=), found '" + s.charAt(at) + "'");
    }

    private RuleExpression.ThresholdUnit threshold(double[] out) throws InvalidExpressionException {
        int start = at;
        if (peek('-') || peek('+')) {
            at++;
        }
        int digits = at;
        while (at < s.length() && (Character.isDigit(s.charAt(at)) || s.charAt(at) == '.')) {
            at++;
        }
        if (at == digits) {
            throw new InvalidExpressionException(start + 1, at >= s.length()
                    ? "expected a threshold such as 0.05, 5% or 2s, but the expression ended"
                    : "expected a threshold such as 0.05, 5% or 2s");
        }
        if (peek('%')) {
            at++;
        } else {
            while (at < s.length() && Character.isLetterOrDigit(s.charAt(at))) {
                at++;
            }
        }
        String token = s.substring(start, at);
        boolean negative = token.startsWith("-");
        String body = token.startsWith("-") || token.startsWith("+") ? token.substring(1) : token;
        try {
            if (body.endsWith("%")) {
                out[0] = Double.parseDouble(body.substring(0, body.length() - 1)) / 100 * (negative ? -1 : 1);
                return RuleExpression.ThresholdUnit.PERCENT;
            }
            if (body.chars().allMatch(c -> Character.isDigit(c) || c == '.')) {
                out[0] = Double.parseDouble(body) * (negative ? -1 : 1);
                return RuleExpression.ThresholdUnit.NUMBER;
            }
        } catch (NumberFormatException e) {
            throw new InvalidExpressionException(start + 1, "'" + token + "' is not a number");
        }
        Double seconds = seconds(body);
        if (seconds == null) {
            throw new InvalidExpressionException(start + 1, "'" + token
                    + "' is not a number, a percentage (5%) or a duration (2s, 500ms)");
        }
        if (negative) {
            throw new InvalidExpressionException(start + 1, "a duration cannot be negative: '" + token + "'");
        }
        out[0] = seconds;
        return RuleExpression.ThresholdUnit.DURATION;
    }

    /** {@code 1.5s}, {@code 500ms}, {@code 1m30s} in seconds; null when not a duration. */
    private static Double seconds(String text) {
        Matcher m = DECIMAL_DURATION.matcher(text);
        if (m.matches()) {
            double n = Double.parseDouble(m.group(1));
            return n * switch (m.group(2)) {
                case "us" -> 1e-6;
                case "ms" -> 1e-3;
                case "s" -> 1;
                case "m" -> 60;
                case "h" -> 3600;
                default -> 86_400;
            };
        }
        Duration d = YamlNode.parseDuration(text);
        // Not toNanos(): it overflows past 292 years, and the threshold checks want to say "too long" themselves.
        return d == null ? null : d.getSeconds() + d.getNano() / 1e9;
    }

    private static void checkThreshold(Operand operand, RuleExpression.ThresholdUnit unit, double value, int at)
            throws InvalidExpressionException {
        String name = operand.name();
        String problem = null;
        Selector sel = operand.selector();
        boolean number = unit == RuleExpression.ThresholdUnit.NUMBER;
        if (sel instanceof Selector.Signal sig) {
            if (sig.signal().isLatency()) {
                if (unit == RuleExpression.ThresholdUnit.PERCENT) {
                    problem = "a percentage does not apply to " + name + " (seconds); write e.g. 2s or 500ms";
                }
            } else if (sig.signal() == GoldenSignal.ERROR_RATIO) {
                if (unit == RuleExpression.ThresholdUnit.DURATION) {
                    problem = "error_ratio is a ratio, not a duration";
                } else if (number && value > 1) {
                    problem = "error_ratio is a ratio from 0 to 1; write " + fmt(value) + "% or " + fmt(value / 100);
                }
            } else if (!number) {
                problem = name + " is " + (sig.signal() == GoldenSignal.REQUEST_RATE ? "a rate per second" : "a count")
                        + "; the threshold must be a plain number";
            }
        } else if (sel instanceof Selector.Saturation sat) {
            if (sat.resource() == SaturationSignal.Resource.QUEUE && !number) {
                problem = "saturation_queue is a queue length or lag; the threshold must be a plain number";
            } else if (unit == RuleExpression.ThresholdUnit.DURATION) {
                problem = name + " is a ratio from 0 to 1, not a duration";
            }
        }
        if (problem != null) {
            throw new InvalidExpressionException(at + 1, problem);
        }
    }

    private static String fmt(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v)
                : String.format(Locale.ROOT, "%s", v);
    }

    // ----------------------------------------------------------------------------------------------- lexing

    private String identifier(String what) throws InvalidExpressionException {
        int start = at;
        if (at < s.length() && isIdentifierStart(s.charAt(at))) {
            at++;
            while (at < s.length() && isIdentifierPart(s.charAt(at))) {
                at++;
            }
            return s.substring(start, at);
        }
        throw error("expected " + what + (at >= s.length() ? ", but the expression ended"
                : ", found '" + s.charAt(at) + "'"));
    }

    private static boolean isIdentifierStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    }

    private static boolean isIdentifierPart(char c) {
        return isIdentifierStart(c) || (c >= '0' && c <= '9') || c == '.' || c == ':';
    }

    private double plainNumber(String what) throws InvalidExpressionException {
        int start = at;
        while (at < s.length() && (Character.isDigit(s.charAt(at)) || s.charAt(at) == '.')) {
            at++;
        }
        try {
            return Double.parseDouble(s.substring(start, at));
        } catch (NumberFormatException e) {
            at = start;
            throw error("expected " + what);
        }
    }

    /** Whether the identifier at the cursor is exactly {@code word}. */
    private boolean peekWord(String word) {
        if (!s.startsWith(word, at)) {
            return false;
        }
        int end = at + word.length();
        return end >= s.length() || !isIdentifierPart(s.charAt(end));
    }

    private void expect(char c) throws InvalidExpressionException {
        if (!peek(c)) {
            throw error("expected '" + c + "'" + (at >= s.length() ? ", but the expression ended"
                    : ", found '" + s.charAt(at) + "'"));
        }
        at++;
    }

    private boolean peek(char c) {
        return at < s.length() && s.charAt(at) == c;
    }

    private void skipSpaces() {
        while (at < s.length() && Character.isWhitespace(s.charAt(at))) {
            at++;
        }
    }

    private InvalidExpressionException error(String reason) {
        return new InvalidExpressionException(Math.min(at, s.length()) + 1, reason);
    }
}
