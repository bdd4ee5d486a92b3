package dev.sightline.query.filter;

import dev.sightline.query.errors.BadParameterException;
import dev.sightline.store.query.AttributeCondition;
import dev.sightline.store.query.AttributeFilter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static dev.sightline.query.filter.FilterExpressionsTest.eq;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class JaegerTagsTest {

    static Stream<Arguments> validJson() {
        return Stream.of(
                Arguments.of("{\"http.status_code\":\"500\",\"error\":\"true\"}",
                        List.of(eq("http.status_code", "500"), eq("error", "true"))),
                Arguments.of("{\"a\":500,\"b\":1.5,\"c\":true,\"d\":500.0,\"e\":-7}",
                        List.of(eq("a", "500"), eq("b", "1.5"), eq("c", "true"), eq("d", "500"), eq("e", "-7"))),
                Arguments.of("{\"big\":18446744073709551616}", List.of(eq("big", "18446744073709551616"))),
                Arguments.of(" { \"k\" : \"with \\\"quotes\\\"\" } ", List.of(eq("k", "with \"quotes\""))),
                Arguments.of("{}", List.of()),
                Arguments.of("", List.of()),
                Arguments.of(null, List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validJson")
    void jsonObjectIsAnAndOfEquals(String json, List<AttributeCondition> expected) {
        assertThat(JaegerTags.fromJson("tags", json)).isEqualTo(expected);
    }

    static Stream<Arguments> invalidJson() {
        return Stream.of(
                Arguments.of("{\"a\":", "is not valid JSON"),
                Arguments.of("{\"a\":\"b\"} x", "is not valid JSON"),
                Arguments.of("error=true", "is not valid JSON"),
                Arguments.of("[\"a\"]", "must be a JSON object of tag names to values"),
                Arguments.of("\"a\"", "must be a JSON object of tag names to values"),
                Arguments.of("{\"a\":null}", "the value of tag 'a' must be a string, number or boolean, not null"),
                Arguments.of("{\"a\":{\"b\":1}}", "the value of tag 'a' must be a string, number or boolean, not object"),
                Arguments.of("{\"a\":[1]}", "not array"),
                Arguments.of("{\"\":\"x\"}", "has a tag with an empty name"),
                Arguments.of("{\"k\":\"" + "v".repeat(4096) + "\"}", "longer than the maximum of 4096"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidJson")
    void badJsonIsRefusedNamingTheParameter(String json, String message) {
        BadParameterException e = catchThrowableOfType(BadParameterException.class,
                () -> JaegerTags.fromJson("tags", json));
        assertThat(e).as("expected %s to be refused", json).isNotNull();
        assertThat(e.parameter()).isEqualTo("tags");
        assertThat(e.getMessage()).contains(message);
    }

    @Test
    void syntaxErrorSaysWhere() {
        BadParameterException e = catchThrowableOfType(BadParameterException.class,
                () -> JaegerTags.fromJson("tags", "{\"a\" \"b\"}"));
        assertThat(e.getMessage()).startsWith("position 6: is not valid JSON");
    }

    @Test
    void tagParameterSplitsAtTheFirstColon() {
        assertThat(JaegerTags.fromKeyValue("tag", "error:true")).isEqualTo(eq("error", "true"));
        assertThat(JaegerTags.fromKeyValue("tag", "http.url:http://shop:8080/"))
                .isEqualTo(eq("http.url", "http://shop:8080/"));
        assertThat(JaegerTags.fromKeyValue("tag", "empty:")).isEqualTo(eq("empty", ""));
    }

    @Test
    void tagParameterWithoutKeyAndColonIsRefused() {
        for (String bad : List.of("error", ":true", "")) {
            BadParameterException e = catchThrowableOfType(BadParameterException.class,
                    () -> JaegerTags.fromKeyValue("tag", bad));
            assertThat(e).as(bad).isNotNull();
            assertThat(e.parameter()).isEqualTo("tag");
            assertThat(e.getMessage()).contains("must be key:value");
        }
    }

    @Test
    void tagAndTagsCombineIntoOneAndGroup() {
        AttributeFilter filter = JaegerTags.parse(List.of("a:1"), List.of("{\"b\":\"2\"}", "{\"a\":\"1\",\"c\":3}"));
        assertThat(filter).isEqualTo(AttributeFilter.allOf(List.of(eq("a", "1"), eq("b", "2"), eq("c", "3"))));
        assertThat(JaegerTags.parse(List.of(), List.of())).isEqualTo(AttributeFilter.NONE);
        assertThat(JaegerTags.parse(null, null)).isEqualTo(AttributeFilter.NONE);
    }

    @Test
    void moreThanSixtyFourTagsAreRefused() {
        String json = IntStream.range(0, 65).mapToObj(i -> "\"k" + i + "\":\"v\"")
                .collect(Collectors.joining(",", "{", "}"));
        BadParameterException e = catchThrowableOfType(BadParameterException.class,
                () -> JaegerTags.parse(List.of(), List.of(json)));
        assertThat(e.parameter()).isEqualTo("tags");
        assertThat(e.getMessage()).contains("more than the maximum of 64 tags");
    }
}
