package dev.sightline.ui.logs;

import dev.sightline.store.model.AnyValue;
import dev.sightline.store.model.Attribute;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ValueTextTest {
    private static final AnyValue ORDER = new AnyValue.KeyValueList(List.of(
            Attribute.of("order", "A-1"),
            new Attribute("items", new AnyValue.ArrayValue(List.of(AnyValue.of(2L), AnyValue.of(true)))),
            new Attribute("user", new AnyValue.KeyValueList(List.of(new Attribute("id", AnyValue.of(42L))))),
            new Attribute("empty", new AnyValue.KeyValueList(List.of()))));

    @Test
    void mapsAndArraysAreIndentedJson() {
        assertThat(ValueText.pretty(ORDER, 10_000)).isEqualTo("""
                {
                  "order": "A-1",
                  "items": [
                    2,
                    true
                  ],
                  "user": {
                    "id": 42
                  },
                  "empty": {}
                }""");
        assertThat(ValueText.compact(ORDER, 10_000)).isEqualTo(
                "{\"order\":\"A-1\",\"items\":[2,true],\"user\":{\"id\":42},\"empty\":{}}");
        assertThat(ValueText.structured(ORDER)).isTrue();
        assertThat(ValueText.structured(AnyValue.of("x"))).isFalse();
    }

    @Test
    void stringsInsideStructuresAreQuotedAndEscaped() {
        AnyValue v = new AnyValue.KeyValueList(List.of(Attribute.of("k\"", "line1\nline2\t\\ \u0001")));
        assertThat(ValueText.compact(v, 1000)).isEqualTo("{\"k\\\"\":\"line1\\nline2\\t\\\\ \\u0001\"}");
    }

    @Test
    void aTopLevelStringIsShownAsItIs() {
        assertThat(ValueText.pretty(AnyValue.of("<b>\"hi\"</b>\n  at x"), 1000)).isEqualTo("<b>\"hi\"</b>\n  at x");
    }

    @Test
    void outputStopsAtTheBudgetAndSaysSo() {
        assertThat(ValueText.compact(ORDER, 20)).isEqualTo("{\"order\":\"A-1\",\"item …");
        assertThat(ValueText.pretty(AnyValue.of("x".repeat(50)), 10)).isEqualTo("xxxxxxxxxx… (40 more characters)");
        assertThat(ValueText.cut("abcdef", 3)).isEqualTo("abc…");
        assertThat(ValueText.cut("abc", 3)).isEqualTo("abc");
    }

    @Test
    void scalarsBytesAndNonFiniteDoubles() {
        AnyValue v = new AnyValue.ArrayValue(List.of(AnyValue.of(1.5), AnyValue.of(Double.NaN),
                new AnyValue.BytesValue(new byte[] {1, (byte) 0xab}), AnyValue.Empty.INSTANCE));
        assertThat(ValueText.compact(v, 1000)).isEqualTo("[1.5,\"NaN\",\"0x01ab\",null]");
    }
}
