package dev.sightline.ui.web;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class PageQueryTest {
    private static PageQuery page(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return PageQuery.of("/services", m);
    }

    @Test
    void changingOneParameterKeepsTheOthers() {
        PageQuery q = page("range", "6h", "q", "pay");
        assertThat(q.with("sort", "p99").toString()).isEqualTo("/services?range=6h&q=pay&sort=p99");
        assertThat(q.with("range", "1h").toString()).isEqualTo("/services?range=1h&q=pay");
        assertThat(q.without("q").toString()).isEqualTo("/services?range=6h");
        assertThat(q.with("q", "").toString()).isEqualTo("/services?range=6h");
    }

    @Test
    void valuesAreUrlEncodedSoTheyCannotAddParameters() {
        PageQuery q = page("q", "a&b=c d/é\"<");
        assertThat(q.query()).isEqualTo("?q=a%26b%3Dc%20d%2F%C3%A9%22%3C");
        assertThat(PageQuery.segment("a/b?c")).isEqualTo("a%2Fb%3Fc");
    }

    @Test
    void rangeQueryKeepsOnlyTheTimeRange() {
        assertThat(page("range", "24h", "q", "x", "sort", "name").rangeQuery()).isEqualTo("?range=24h");
        assertThat(page("start", "1", "end", "2", "q", "x").rangeQuery()).isEqualTo("?start=1&end=2");
        assertThat(page("q", "x").rangeQuery()).isEmpty();
    }

    @Test
    void pagesStepFromTheCurrentOne() {
        assertThat(page("page", "3").previousPage().toString()).isEqualTo("/services?page=2");
        assertThat(page("page", "2").previousPage().toString()).isEqualTo("/services");
        assertThat(page().nextPage().toString()).isEqualTo("/services?page=2");
        assertThat(page("page", "junk").nextPage().toString()).isEqualTo("/services?page=2");
    }

    @Test
    void everyValueOfARepeatedParameterIsKept() {
        PageQuery q = PageQuery.of("/traces", List.of(Map.entry("filter", "a=1"), Map.entry("service", "s"),
                Map.entry("filter", "b=2"), Map.entry("minDuration", "")));
        assertThat(q.with("range", "6h").toString())
                .isEqualTo("/traces?filter=a%3D1&service=s&filter=b%3D2&range=6h");
        assertThat(q.get("filter")).isEqualTo("a=1");
        // Setting a repeated parameter replaces all its values, where the first one stood.
        assertThat(q.with("filter", "c=3").toString()).isEqualTo("/traces?filter=c%3D3&service=s");
        assertThat(q.without("filter").toString()).isEqualTo("/traces?service=s");
    }
}
