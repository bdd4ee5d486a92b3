package dev.sightline.alerting.silence;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MatcherTest {

    @Test
    void regexIsAnchoredAtBothEndsLikeAlertmanager() {
        Matcher m = Matcher.regex("service", "check");
        assertThat(m.matches(Map.of("service", "check"))).isTrue();
        assertThat(m.matches(Map.of("service", "checkout"))).isFalse();
        assertThat(m.matches(Map.of("service", "precheck"))).isFalse();
        assertThat(Matcher.regex("service", "check.*").matches(Map.of("service", "checkout"))).isTrue();
        // An alternation is anchored as a whole, not just its first and last branch.
        assertThat(Matcher.regex("service", "a|b").matches(Map.of("service", "ab"))).isFalse();
    }

    @Test
    void missingLabelCountsAsEmptyString() {
        assertThat(Matcher.equal("team", "").matches(Map.of())).isTrue();
        assertThat(Matcher.of("team", Matcher.Op.NOT_EQUAL, "payments").matches(Map.of())).isTrue();
        assertThat(Matcher.regex("team", ".*").matchesEmpty()).isTrue();
        assertThat(Matcher.regex("team", ".+").matchesEmpty()).isFalse();
    }

    @Test
    void negatedOperatorsInvertTheirMatch() {
        Map<String, String> labels = Map.of("severity", "page");
        assertThat(Matcher.of("severity", Matcher.Op.NOT_EQUAL, "page").matches(labels)).isFalse();
        assertThat(Matcher.of("severity", Matcher.Op.NOT_REGEX, "pa.*").matches(labels)).isFalse();
        assertThat(Matcher.of("severity", Matcher.Op.NOT_REGEX, "ticket").matches(labels)).isTrue();
    }

    @Test
    void invalidRegexIsRefusedWithTheReason() {
        assertThatThrownBy(() -> Matcher.regex("service", "check(out"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("invalid regular expression for service");
    }

    @Test
    void aRegexThatBacktracksWithoutEndIsStoppedAndDoesNotMatch() {
        // Over 600 million character reads on 30 characters (see LabelMatcherTest).
        Map<String, String> labels = Map.of("service", "a".repeat(30));
        assertThat(Matcher.regex("service", "(.*a){12}b").matches(labels)).isFalse();
        assertThat(Matcher.of("service", Matcher.Op.NOT_REGEX, "(.*a){12}b").matches(labels))
                .as("nor does its negation: the silence is not applied").isFalse();
    }

    @Test
    void blankNameIsRefused() {
        assertThatThrownBy(() -> Matcher.equal(" ", "x")).hasMessageContaining("label name");
    }

    @Test
    void parsesPromQlSyntaxAndPrintsItBack() {
        assertThat(Matcher.parse("severity=\"page\"")).isEqualTo(Matcher.equal("severity", "page"));
        assertThat(Matcher.parse("service =~ \"checkout|cart\"")).isEqualTo(Matcher.regex("service", "checkout|cart"));
        assertThat(Matcher.parse("env!='prod'").op()).isEqualTo(Matcher.Op.NOT_EQUAL);
        assertThat(Matcher.parse("msg!~\"a \\\"b\\\"\"").value()).isEqualTo("a \"b\"");
        Matcher quoted = Matcher.of("msg", Matcher.Op.EQUAL, "say \"hi\"\\now");
        assertThat(Matcher.parse(quoted.toString())).isEqualTo(quoted);
        assertThatThrownBy(() -> Matcher.parse("severity")).hasMessageContaining("expected one of = != =~ !~");
        assertThatThrownBy(() -> Matcher.parse("env!=prod")).hasMessageContaining("expected a quoted value");
    }

    @Test
    void parsesAListWithCommasInsideQuotes() {
        assertThat(Matcher.parseList("{service=~\"a,b|c\", severity=\"page\"}"))
                .containsExactly(Matcher.regex("service", "a,b|c"), Matcher.equal("severity", "page"));
        assertThat(Matcher.parseList("")).isEmpty();
        assertThatThrownBy(() -> Matcher.parseList("a=\"b")).hasMessageContaining("unterminated quoted string");
    }

    @Test
    void apiFlagsMapToOperators() {
        assertThat(Matcher.Op.of(true, false)).isEqualTo(Matcher.Op.NOT_REGEX);
        assertThat(Matcher.Op.of(false, true)).isEqualTo(Matcher.Op.EQUAL);
        assertThat(Matcher.Op.NOT_EQUAL.isEqual()).isFalse();
        assertThat(Matcher.Op.REGEX.isRegex()).isTrue();
    }
}
