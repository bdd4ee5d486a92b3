package dev.sightline.query.filter;

import dev.sightline.query.errors.BadParameterException;
import dev.sightline.store.model.AnyValue;
import dev.sightline.store.query.AttributeCondition;
import dev.sightline.store.query.AttributeCondition.Operator;
import dev.sightline.store.query.AttributeFilter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class FilterExpressionsTest {
    private static final String PARAM = "filter";

    static AttributeCondition eq(String key, String value) {
        return AttributeCondition.of(key, Operator.EQUALS, value);
    }

    static AttributeCondition ne(String key, String value) {
        return AttributeCondition.of(key, Operator.NOT_EQUALS, value);
    }

    static AttributeCondition re(String key, String value) {
        return AttributeCondition.of(key, Operator.MATCHES, value);
    }

    static AttributeCondition nre(String key, String value) {
        return AttributeCondition.of(key, Operator.NOT_MATCHES, value);
    }

    static AttributeCondition exists(String key) {
        return AttributeCondition.of(key, Operator.EXISTS, null);
    }

    static AttributeCondition missing(String key) {
        return AttributeCondition.of(key, Operator.NOT_EXISTS, null);
    }

    static List<AttributeCondition> and(AttributeCondition... conditions) {
        return List.of(conditions);
    }

    @SafeVarargs
    static AttributeFilter or(List<AttributeCondition>... groups) {
        return new AttributeFilter(List.of(groups));
    }

    static Stream<Arguments> valid() {
        return Stream.of(
                Arguments.of("http.status_code=500", or(and(eq("http.status_code", "500")))),
                Arguments.of("k!=v", or(and(ne("k", "v")))),
                Arguments.of("k=~\"5..\"", or(and(re("k", "5..")))),
                Arguments.of("k!~ab.*", or(and(nre("k", "ab.*")))),
                Arguments.of("k", or(and(exists("k")))),
                Arguments.of("!k", or(and(missing("k")))),
                Arguments.of("! k", or(and(missing("k")))),
                Arguments.of("a=1 and b=2", or(and(eq("a", "1"), eq("b", "2")))),
                Arguments.of("a=1 or b=2", or(and(eq("a", "1")), and(eq("b", "2")))),
                // and binds tighter than or
                Arguments.of("a=1 or b=2 and c=3", or(and(eq("a", "1")), and(eq("b", "2"), eq("c", "3")))),
                Arguments.of("a=1 and b=2 or c=3", or(and(eq("a", "1"), eq("b", "2")), and(eq("c", "3")))),
                Arguments.of("a=1 AND b=2 Or c=3", or(and(eq("a", "1"), eq("b", "2")), and(eq("c", "3")))),
                Arguments.of("(a=1 or b=2) and c=3",
                        or(and(eq("a", "1"), eq("c", "3")), and(eq("b", "2"), eq("c", "3")))),
                Arguments.of("(a or b) and (c or !d)", or(and(exists("a"), exists("c")), and(exists("a"), missing("d")),
                        and(exists("b"), exists("c")), and(exists("b"), missing("d")))),
                Arguments.of("a and (b or (c and d))", or(and(exists("a"), exists("b")),
                        and(exists("a"), exists("c"), exists("d")))),
                Arguments.of("((a=1))", or(and(eq("a", "1")))),
                Arguments.of("a=1 and(b=2)", or(and(eq("a", "1"), eq("b", "2")))),
                Arguments.of("k=\"hello world\"", or(and(eq("k", "hello world")))),
                Arguments.of("k=\"say \\\"hi\\\" \\\\ ok\"", or(and(eq("k", "say \"hi\" \\ ok")))),
                Arguments.of("k=\"a\\nb\\tc\"", or(and(eq("k", "a\nb\tc")))),
                Arguments.of("k=~\"\\d+\"", or(and(re("k", "\\d+")))),
                Arguments.of("k=\"(x) or y=z\"", or(and(eq("k", "(x) or y=z")))),
                Arguments.of("k=\"\"", or(and(eq("k", "")))),
                Arguments.of("\"my key\"=v", or(and(eq("my key", "v")))),
                Arguments.of("!\"my key\"", or(and(missing("my key")))),
                Arguments.of("http.request.header/x-forwarded-for:0@a_b=v",
                        or(and(eq("http.request.header/x-forwarded-for:0@a_b", "v")))),
                Arguments.of("k = v", or(and(eq("k", "v")))),
                Arguments.of("  a=1\tand\n b != 2  ", or(and(eq("a", "1"), ne("b", "2")))),
                Arguments.of("url=https://shop/cart?id&x", or(and(eq("url", "https://shop/cart?id&x")))),
                Arguments.of("code=~2..|3..", or(and(re("code", "2..|3..")))),
                Arguments.of("名前=値", or(and(eq("名前", "値")))),
                // In a key or value position a keyword is just a word.
                Arguments.of("and=or", or(and(eq("and", "or")))),
                Arguments.of("a=1 and a=1", or(and(eq("a", "1")))),
                Arguments.of("a=1 or a=1", or(and(eq("a", "1")))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valid")
    void parsesValidExpressions(String expression, AttributeFilter expected) {
        assertThat(FilterExpressions.parse(PARAM, expression)).isEqualTo(expected);
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                // The examples in docs/api.md, word for word.
                Arguments.of("http.route=", "position 12: expected a value after '=', found the end"),
                Arguments.of("(a=1 or b=2", "position 12: expected ')' to close the '(' at position 1, found the end"),
                Arguments.of("k=~\"(\"", "position 4: invalid regular expression: Unclosed group (at index 1 of the regex)"),
                Arguments.of("a=", "position 3: expected a value after '=', found the end"),
                Arguments.of("a = ", "position 5: expected a value after '='"),
                Arguments.of("a=~", "position 4: expected a value after '=~'"),
                Arguments.of("a=(b)", "position 3: expected a value after '=', found '(b)' (quote a value"),
                Arguments.of("a=1 b=2", "position 5: expected 'and', 'or' or the end of the filter, found 'b=2'"),
                Arguments.of("a=1 andb=2", "position 5: expected 'and', 'or' or the end of the filter, found 'andb=2'"),
                Arguments.of("a=b=c", "position 4: expected 'and', 'or' or the end of the filter, found '=c'"),
                Arguments.of("(a=1", "position 5: expected ')' to close the '(' at position 1, found the end"),
                Arguments.of("(a=1 b=2)", "position 6: expected 'and', 'or' or ')', found 'b=2)'"),
                Arguments.of("a=1)", "position 4: ')' has no matching '('"),
                Arguments.of("a=1 and", "position 8: expected an attribute key, found the end"),
                Arguments.of("a=1 or ()", "position 9: expected an attribute key, found ')'"),
                Arguments.of("=1", "position 1: expected an attribute key, found '=1'"),
                Arguments.of("!", "position 2: expected an attribute key after '!', found the end"),
                Arguments.of("a !b", "position 3: expected '=', '!=', '=~' or '!~', found '!b'"),
                Arguments.of("a ~ b", "position 3: expected '=', '!=', '=~' or '!~', found '~'"),
                Arguments.of("\"\"=x", "position 1: the attribute key is empty"),
                Arguments.of("a=\"abc", "position 3: the string opened here is not closed"),
                Arguments.of("a=\"abc\\\"", "position 3: the string opened here is not closed"),
                Arguments.of("x=1 and a=~\"(\"", "position 12: invalid regular expression: Unclosed group"),
                Arguments.of("a!~[z-a]", "position 4: invalid regular expression: Illegal character range"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void refusesInvalidExpressionsNamingTheParameterAndPosition(String expression, String message) {
        BadParameterException e = catchThrowableOfType(BadParameterException.class,
                () -> FilterExpressions.parse(PARAM, expression));
        assertThat(e).as("expected %s to be refused", expression).isNotNull();
        assertThat(e.parameter()).isEqualTo(PARAM);
        assertThat(e.getMessage()).contains(message);
    }

    @Test
    void absentOrBlankExpressionIsNoFilter() {
        assertThat(FilterExpressions.parse(PARAM, null)).isEqualTo(AttributeFilter.NONE);
        assertThat(FilterExpressions.parse(PARAM, " \t")).isEqualTo(AttributeFilter.NONE);
    }

    @Test
    void regexConditionsMatchWholeValues() {
        AttributeCondition c = FilterExpressions.parse(PARAM, "code=~\"5\\d\\d\"").anyOf().get(0).get(0);
        assertThat(c.test(new AnyValue.IntValue(503))).isTrue();
        assertThat(c.test(new AnyValue.IntValue(1503))).isFalse();
    }

    @Test
    void sixtyFourConditionsAreAllowedAndTheSixtyFifthIsRefused() {
        String sixtyFour = conditions(64);
        assertThat(FilterExpressions.parse(PARAM, sixtyFour).anyOf().get(0)).hasSize(64);
        assertThatThrownBy(() -> FilterExpressions.parse(PARAM, sixtyFour + " and last=1"))
                .isInstanceOf(BadParameterException.class)
                .hasMessage("position " + (sixtyFour.length() + 6) + ": more than the maximum of 64 conditions");
    }

    @Test
    void expressionLongerThanTheLimitIsRefused() {
        String value = "v".repeat(FilterExpressions.MAX_LENGTH - 2);
        assertThat(FilterExpressions.parse(PARAM, "k=" + value).anyOf()).hasSize(1);
        assertThatThrownBy(() -> FilterExpressions.parse(PARAM, "k=" + value + "v"))
                .isInstanceOf(BadParameterException.class)
                .hasMessageContaining("longer than the maximum of 4096 characters");
    }

    @Test
    void expansionIntoSixtyFourGroupsIsAllowedAndBeyondIsRefused() {
        String six = IntStream.range(0, 6).mapToObj(i -> "(a" + i + " or b" + i + ")")
                .collect(Collectors.joining(" and "));
        AttributeFilter filter = FilterExpressions.parse(PARAM, six);
        assertThat(filter.anyOf()).hasSize(64).allSatisfy(group -> assertThat(group).hasSize(6));
        BadParameterException e = catchThrowableOfType(BadParameterException.class,
                () -> FilterExpressions.parse(PARAM, six + " and (a6 or b6)"));
        assertThat(e.getMessage()).isEqualTo("position " + (six.length() + 2)
                + ": the filter expands to more than the maximum of 64 OR-groups once its parentheses are multiplied out");
    }

    @Test
    void orOfExpansionsPastTheLimitIsRefused() {
        String sixtyFourGroups = IntStream.range(0, 6).mapToObj(i -> "(a" + i + " or b" + i + ")")
                .collect(Collectors.joining(" and "));
        BadParameterException e = catchThrowableOfType(BadParameterException.class,
                () -> FilterExpressions.parse(PARAM, sixtyFourGroups + " or c or d"));
        assertThat(e.getMessage()).isEqualTo("position " + (sixtyFourGroups.length() + 2)
                + ": the filter expands to more than the maximum of 64 OR-groups once its parentheses are multiplied out");
    }

    @Test
    void parenthesesNestedTooDeepAreRefusedWithoutExhaustingTheStack() {
        String ok = "(".repeat(32) + "a" + ")".repeat(32);
        assertThat(FilterExpressions.parse(PARAM, ok)).isEqualTo(or(and(exists("a"))));
        String deep = "(".repeat(2000) + "a" + ")".repeat(2000);
        assertThatThrownBy(() -> FilterExpressions.parse(PARAM, deep))
                .hasMessage("position 33: parentheses nest deeper than the maximum of 32");
    }

    private static String conditions(int n) {
        return IntStream.range(0, n).mapToObj(i -> "k" + i + "=" + i).collect(Collectors.joining(" and "));
    }
}
