package dev.sightline.query.metrics;

import dev.sightline.query.metrics.LabelMatcher.Op;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LabelMatcherTest {
    private static final Map<String, String> LABELS = Map.of(
            "service.name", "checkout",
            "http.route", "/api/orders/{id}",
            "http.response.status_code", "503",
            "empty.looking", "x");

    static Stream<Arguments> table() {
        return Stream.of(
                Arguments.of("service.name=\"checkout\"", true),
                Arguments.of("service.name=\"check\"", false),
                Arguments.of("service.name!=\"checkout\"", false),
                Arguments.of("service.name!=\"payments\"", true),
                Arguments.of("service.name=~\"check.*\"", true),
                Arguments.of("service.name=~\"check\"", false),
                Arguments.of("service.name=~\"heck\"", false),
                Arguments.of("service.name=~\".*heck.*\"", true),
                Arguments.of("service.name!~\"check.*\"", false),
                Arguments.of("service.name!~\"pay.*\"", true),
                Arguments.of("http.response.status_code=~\"5..\"", true),
                Arguments.of("http.response.status_code=~\"5\\\\d\\\\d\"", true),
                Arguments.of("http.response.status_code=~\"5\\d\\d\"", true),
                Arguments.of("http.response.status_code=~\"2..|5..\"", true),
                Arguments.of("http.response.status_code=~\"4..|2..\"", false),
                Arguments.of("http.route=\"/api/orders/{id}\"", true),
                Arguments.of("missing=\"\"", true),
                Arguments.of("missing!=\"\"", false),
                Arguments.of("missing=~\".*\"", true),
                Arguments.of("missing=~\".+\"", false),
                Arguments.of("missing!=\"x\"", true),
                Arguments.of("missing=\"x\"", false),
                Arguments.of("service.name=\"\"", false),
                Arguments.of("service.name='checkout'", true),
                Arguments.of("{service.name=\"checkout\", http.response.status_code=~\"5..\"}", true),
                Arguments.of("{service.name=\"checkout\", http.response.status_code=~\"2..\"}", false),
                Arguments.of("service.name=\"checkout\",http.route!=\"/health\",", true),
                Arguments.of("\"service.name\" = \"checkout\"", true));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("table")
    void selectsAsPrometheusWould(String text, boolean expected) {
        boolean all = LabelMatcher.parse(text).stream().allMatch(m -> m.matches(LABELS));
        assertThat(all).isEqualTo(expected);
    }

    @Test
    void parsesNameOperatorAndUnescapedValue() {
        assertThat(LabelMatcher.parse("{a=\"x\\\"y\", b!='z', c=~\"\\\\.\", d!~\"q\"}")).containsExactly(
                new LabelMatcher("a", Op.EQ, "x\"y"), new LabelMatcher("b", Op.NE, "z"),
                new LabelMatcher("c", Op.RE, "\\."), new LabelMatcher("d", Op.NRE, "q"));
    }

    @Test
    void regexMatchesNewlinesLikePrometheus() {
        assertThat(new LabelMatcher("m", Op.RE, "a.b").matchesValue("a\nb")).isTrue();
    }

    static Stream<String> malformed() {
        return Stream.of("", "   ", "{}", "name", "name=", "name=value", "name==\"x\"", "name~\"x\"", "=\"x\"",
                "name=\"unterminated", "{name=\"x\"", "name=\"x\"}", "name=\"x\" other=\"y\"", "a=~\"(\"",
                "a=~\"" + "x".repeat(LabelMatcher.MAX_REGEX_LENGTH + 1) + "\"");
    }

    @ParameterizedTest(name = "[{0}]")
    @MethodSource("malformed")
    void refusesMalformedMatchersSayingWhy(String text) {
        assertThatThrownBy(() -> LabelMatcher.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("null");
    }

    @Test
    void aCatastrophicallyBacktrackingRegexFailsInsteadOfHangingTheThread() {
        // Java's regex engine memoizes (a+)+b, but not this one: over 600 million reads on 30 characters.
        LabelMatcher evil = new LabelMatcher("v", Op.RE, "(.*a){12}b");
        String input = "a".repeat(30);
        long started = System.nanoTime();
        assertThatThrownBy(() -> evil.matches(Map.of("v", input)))
                .isInstanceOf(LabelMatcher.TooExpensiveException.class);
        assertThat(System.nanoTime() - started).isLessThan(5_000_000_000L);
    }

    @Test
    void printsBackAsItParses() {
        List<LabelMatcher> parsed = LabelMatcher.parse("a=~\"x\\\"y\"");
        assertThat(LabelMatcher.parse(parsed.get(0).toString())).isEqualTo(parsed);
    }
}
