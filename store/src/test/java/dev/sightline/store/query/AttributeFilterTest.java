package dev.sightline.store.query;

import dev.sightline.store.model.AnyValue;
import dev.sightline.store.query.AttributeCondition.Operator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class AttributeFilterTest {
    static final Map<String, AnyValue> ITEM = Map.of(
            "http.status_code", new AnyValue.IntValue(500),
            "ratio", new AnyValue.DoubleValue(500.0),
            "route", new AnyValue.StringValue("/api/orders"),
            "ok", new AnyValue.BoolValue(false));

    static boolean test(AttributeFilter f) {
        return f.matches(ITEM::get);
    }

    @Test
    void valuesCompareAsText() {
        assertThat(test(AttributeFilter.allOf(List.of(AttributeCondition.equalTo("http.status_code", "500"))))).isTrue();
        assertThat(test(AttributeFilter.allOf(List.of(AttributeCondition.equalTo("ratio", "500"))))).isTrue();
        assertThat(test(AttributeFilter.allOf(List.of(AttributeCondition.equalTo("ok", "false"))))).isTrue();
        assertThat(test(AttributeFilter.allOf(List.of(AttributeCondition.equalTo("route", "/api"))))).isFalse();
    }

    @Test
    void operatorsAndGroups() {
        var absentNotEqual = AttributeCondition.of("missing", Operator.NOT_EQUALS, "x");
        assertThat(absentNotEqual.test(null)).as("!= needs the attribute").isFalse();
        assertThat(AttributeCondition.of("missing", Operator.NOT_EXISTS, null).test(null)).isTrue();
        assertThat(AttributeCondition.of("route", Operator.MATCHES, "/api/.*").test(ITEM.get("route"))).isTrue();
        assertThat(AttributeCondition.of("route", Operator.MATCHES, "/api").test(ITEM.get("route")))
                .as("anchored").isFalse();
        assertThat(AttributeCondition.of("route", Operator.NOT_MATCHES, "/x.*").test(ITEM.get("route"))).isTrue();
        AttributeFilter or = new AttributeFilter(List.of(List.of(AttributeCondition.equalTo("route", "/nope")),
                List.of(AttributeCondition.of("ok", Operator.EXISTS, null),
                        AttributeCondition.equalTo("http.status_code", "500"))));
        assertThat(test(or)).isTrue();
        assertThat(test(AttributeFilter.NONE)).isTrue();
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void aCatastrophicRegexGivesUpInsteadOfHanging() {
        AttributeCondition evil = AttributeCondition.of("v", Operator.MATCHES, "(a+)+$");
        String hostile = "a".repeat(40) + "!";
        assertThat(evil.test(new AnyValue.StringValue(hostile))).isFalse();
        assertThat(AttributeCondition.of("v", Operator.MATCHES, "(a+)+!").test(new AnyValue.StringValue(hostile)))
                .as("a reasonable match still works").isTrue();
    }
}
