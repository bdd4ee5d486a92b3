package dev.sightline.query.filter;

import dev.sightline.query.errors.BadParameterException;
import dev.sightline.store.query.AttributeCondition;
import dev.sightline.store.query.AttributeCondition.Operator;
import dev.sightline.store.query.AttributeFilter;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Parses an attribute filter expression into an {@link AttributeFilter} (an OR of AND groups). The grammar, with
 * {@code and} binding tighter than {@code or} and both keywords case-insensitive:
 *
 * <pre>
 * filter    = or-expr
 * or-expr   = and-expr { "or" and-expr }
 * and-expr  = term { "and" term }
 * term      = "(" or-expr ")" | condition
 * condition = key ( "=" | "!=" | "=~" | "!~" ) value   equals, differs, regex matches, regex does not match
 *           | key                                      the attribute exists
 *           | "!" key                                  the attribute does not exist
 * key       = bare-key | quoted
 * value     = bare-value | quoted
 * bare-key  = 1*( letter | digit | "_" | "." | "-" | "/" | ":" | "@" )
 * bare-value= 1*( any character but whitespace, "(", ")", '"', "=", "!", "~" )
 * quoted    = '"' { character | "\" escape } '"'    \" \\ \n \t \r; any other \x is kept as written, so a
 *                                                     regex such as "\d+" needs no doubled backslash
 * </pre>
 *
 * Whitespace may surround keys, operators, values, keywords and parentheses. Parentheses are multiplied out into
 * the OR of AND groups the store evaluates; a filter that expands past {@value #MAX_GROUPS} groups is refused, as
 * is one longer than {@value #MAX_LENGTH} characters, with more than {@value #MAX_CONDITIONS} conditions, or with
 * parentheses nested deeper than {@value #MAX_NESTING}. Every error is a {@link BadParameterException} naming the
 * parameter, the 1-based position and what was expected there.
 */
public final class FilterExpressions {
    public static final int MAX_LENGTH = 4096;
    public static final int MAX_CONDITIONS = 64;
    public static final int MAX_GROUPS = 64;
    public static final int MAX_NESTING = 32;

    private final String parameter;
    private final String text;
    private int at;
    private int conditions;

    private FilterExpressions(String parameter, String text) {
        this.parameter = parameter;
        this.text = text;
    }

    /** The filter in {@code expression}; {@link AttributeFilter#NONE} when it is null or blank. */
    public static AttributeFilter parse(String parameter, String expression) {
        if (expression == null || expression.isBlank()) {
            return AttributeFilter.NONE;
        }
        if (expression.length() > MAX_LENGTH) {
            throw new BadParameterException(parameter, "is longer than the maximum of " + MAX_LENGTH + " characters");
        }
        return new FilterExpressions(parameter, expression).filter();
    }

    private AttributeFilter filter() {
        List<List<AttributeCondition>> groups = orExpression(0);
        skipSpace();
        if (!atEnd()) {
            if (peek() == ')') {
                throw error(at, "')' has no matching '('");
            }
            throw error(at, "expected 'and', 'or' or the end of the filter, found " + found());
        }
        return new AttributeFilter(groups);
    }

    private List<List<AttributeCondition>> orExpression(int nesting) {
        List<List<AttributeCondition>> groups = andExpression(nesting);
        while (true) {
            skipSpace();
            int keyword = at;
            if (!keyword("or")) {
                return groups;
            }
            LinkedHashSet<List<AttributeCondition>> union = new LinkedHashSet<>(groups);
            union.addAll(andExpression(nesting));
            if (union.size() > MAX_GROUPS) {
                throw tooManyGroups(keyword);
            }
            groups = List.copyOf(union);
        }
    }

    private List<List<AttributeCondition>> andExpression(int nesting) {
        List<List<AttributeCondition>> groups = term(nesting);
        while (true) {
            skipSpace();
            int keyword = at;
            if (!keyword("and")) {
                return groups;
            }
            List<List<AttributeCondition>> right = term(nesting);
            if ((long) groups.size() * right.size() > MAX_GROUPS) {
                throw tooManyGroups(keyword);
            }
            LinkedHashSet<List<AttributeCondition>> product = new LinkedHashSet<>();
            for (List<AttributeCondition> l : groups) {
                for (List<AttributeCondition> r : right) {
                    LinkedHashSet<AttributeCondition> both = new LinkedHashSet<>(l);
                    both.addAll(r);
                    product.add(List.copyOf(both));
                }
            }
            groups = List.copyOf(product);
        }
    }

    private List<List<AttributeCondition>> term(int nesting) {
        skipSpace();
        if (!atEnd() && peek() == '(') {
            int open = at;
            if (nesting >= MAX_NESTING) {
                throw error(open, "parentheses nest deeper than the maximum of " + MAX_NESTING);
            }
            at++;
            List<List<AttributeCondition>> inside = orExpression(nesting + 1);
            skipSpace();
            if (atEnd()) {
                throw error(at, "expected ')' to close the '(' at position " + (open + 1) + ", found the end");
            }
            if (peek() != ')') {
                throw error(at, "expected 'and', 'or' or ')', found " + found());
            }
            at++;
            return inside;
        }
        return List.of(List.of(condition()));
    }

    private AttributeCondition condition() {
        int start = at;
        if (++conditions > MAX_CONDITIONS) {
            throw error(start, "more than the maximum of " + MAX_CONDITIONS + " conditions");
        }
        if (!atEnd() && peek() == '!') {
            at++;
            skipSpace();
            return new AttributeCondition(key("after '!'"), Operator.NOT_EXISTS, null, null);
        }
        String key = key("");
        skipSpace();
        int opAt = at;
        Operator operator = operator();
        if (operator == null) {
            if (!atEnd() && (peek() == '!' || peek() == '~')) {
                throw error(at, "expected '=', '!=', '=~' or '!~', found " + found());
            }
            return new AttributeCondition(key, Operator.EXISTS, null, null);
        }
        String op = text.substring(opAt, at);
        skipSpace();
        int valueAt = at;
        String value = value(op);
        if (operator == Operator.MATCHES || operator == Operator.NOT_MATCHES) {
            return new AttributeCondition(key, operator, value, regex(valueAt, value));
        }
        return new AttributeCondition(key, operator, value, null);
    }

    private Operator operator() {
        if (text.startsWith("=~", at)) {
            at += 2;
            return Operator.MATCHES;
        }
        if (text.startsWith("!~", at)) {
            at += 2;
            return Operator.NOT_MATCHES;
        }
        if (text.startsWith("!=", at)) {
            at += 2;
            return Operator.NOT_EQUALS;
        }
        if (text.startsWith("=", at)) {
            at += 1;
            return Operator.EQUALS;
        }
        return null;
    }

    private String key(String context) {
        int start = at;
        if (!atEnd() && peek() == '"') {
            String key = quoted();
            if (key.isEmpty()) {
                throw error(start, "the attribute key is empty");
            }
            return key;
        }
        while (!atEnd() && isKeyChar(peek())) {
            at++;
        }
        if (at == start) {
            String where = context.isEmpty() ? "" : " " + context;
            throw error(start, "expected an attribute key" + where + ", found " + found());
        }
        return text.substring(start, at);
    }

    private String value(String operator) {
        int start = at;
        if (!atEnd() && peek() == '"') {
            return quoted();
        }
        while (!atEnd() && isValueChar(peek())) {
            at++;
        }
        if (at == start) {
            throw error(start, "expected a value after '" + operator + "', found " + found()
                    + (atEnd() || Character.isWhitespace(peek()) ? "" : " (quote a value that contains it)"));
        }
        return text.substring(start, at);
    }

    private String quoted() {
        int open = at;
        at++;
        StringBuilder b = new StringBuilder();
        while (!atEnd()) {
            char c = text.charAt(at++);
            if (c == '"') {
                return b.toString();
            }
            if (c == '\\' && !atEnd()) {
                char e = text.charAt(at++);
                switch (e) {
                    case '"' -> b.append('"');
                    case '\\' -> b.append('\\');
                    case 'n' -> b.append('\n');
                    case 't' -> b.append('\t');
                    case 'r' -> b.append('\r');
                    default -> b.append('\\').append(e);
                }
            } else {
                b.append(c);
            }
        }
        throw error(open, "the string opened here is not closed: expected '\"' before the end");
    }

    private Pattern regex(int valueAt, String value) {
        try {
            return Pattern.compile(value);
        } catch (PatternSyntaxException e) {
            String near = e.getIndex() >= 0 ? " (at index " + e.getIndex() + " of the regex)" : "";
            throw error(valueAt, "invalid regular expression: " + e.getDescription() + near);
        }
    }

    /** Consumes the keyword if the next word is exactly it, in any case. */
    private boolean keyword(String word) {
        int end = at;
        while (end < text.length() && isKeyChar(text.charAt(end))) {
            end++;
        }
        if (end - at == word.length() && text.substring(at, end).toLowerCase(Locale.ROOT).equals(word)) {
            at = end;
            return true;
        }
        return false;
    }

    private void skipSpace() {
        while (!atEnd() && Character.isWhitespace(peek())) {
            at++;
        }
    }

    private boolean atEnd() {
        return at >= text.length();
    }

    private char peek() {
        return text.charAt(at);
    }

    /** What stands at the cursor, for error messages. */
    private String found() {
        if (atEnd()) {
            return "the end";
        }
        int end = at;
        while (end < text.length() && end - at < 20 && !Character.isWhitespace(text.charAt(end))) {
            end++;
        }
        return "'" + (end == at ? text.charAt(at) : text.substring(at, end)) + "'";
    }

    private static boolean isKeyChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '.' || c == '-' || c == '/' || c == ':' || c == '@';
    }

    private static boolean isValueChar(char c) {
        return !Character.isWhitespace(c) && c != '(' && c != ')' && c != '"' && c != '=' && c != '!' && c != '~';
    }

    private BadParameterException tooManyGroups(int keywordAt) {
        return error(keywordAt, "the filter expands to more than the maximum of " + MAX_GROUPS
                + " OR-groups once its parentheses are multiplied out");
    }

    private BadParameterException error(int index, String what) {
        return new BadParameterException(parameter, "position " + (index + 1) + ": " + what);
    }
}
