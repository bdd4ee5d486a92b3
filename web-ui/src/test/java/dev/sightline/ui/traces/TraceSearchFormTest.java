package dev.sightline.ui.traces;

import dev.sightline.store.model.AnyValue;
import dev.sightline.store.query.TimeRange;
import dev.sightline.store.query.TraceQuery;
import dev.sightline.ui.web.PageException;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TraceSearchFormTest {
    private static final TimeRange RANGE = new TimeRange(0, 1);

    private static TraceSearchForm form(String... filters) {
        return TraceSearchForm.parse("web", "", Arrays.asList(filters), "250ms", "", "true", "", null);
    }

    @Test
    void emptyFieldsMeanNoConstraintAndTheLimitDefaultsTo50() {
        TraceSearchForm f = TraceSearchForm.parse(" ", "", List.of("", " "), "", null, null, "", "");
        TraceQuery q = f.query(RANGE);
        assertThat(q.service()).isNull();
        assertThat(q.operation()).isNull();
        assertThat(q.filter().isEmpty()).isTrue();
        assertThat(q.minDurationNanos()).isNull();
        assertThat(q.errorsOnly()).isFalse();
        assertThat(q.limit()).isEqualTo(TraceSearchForm.DEFAULT_LIMIT);
        assertThat(f.filterInputs()).containsExactly("");
    }

    @Test
    void fieldsBecomeTheApiQuery() {
        TraceQuery q = form("http.route=/cart").query(RANGE);
        assertThat(q.service()).isEqualTo("web");
        assertThat(q.minDurationNanos()).isEqualTo(250_000_000L);
        assertThat(q.errorsOnly()).isTrue();
        assertThat(q.filter().matches(Map.of("http.route", AnyValue.of("/cart"))::get)).isTrue();
    }

    @Test
    void severalFiltersMustAllHold() {
        TraceSearchForm f = form("tenant=acme", "http.route=/cart or http.route=/pay");
        assertThat(f.filter().matches(Map.of("tenant", AnyValue.of("acme"), "http.route",
                AnyValue.of("/pay"))::get)).isTrue();
        assertThat(f.filter().matches(Map.of("tenant", AnyValue.of("other"), "http.route",
                AnyValue.of("/pay"))::get)).isFalse();
        assertThat(f.filter().matches(Map.of("tenant", AnyValue.of("acme"))::get)).isFalse();
        assertThat(f.filterInputs()).containsExactly("tenant=acme", "http.route=/cart or http.route=/pay", "");
    }

    @Test
    void aBadFilterNamesTheParameterAndThePositionInItsOwnBox() {
        assertThatThrownBy(() -> form("tenant=acme", "a = (")).isInstanceOf(PageException.class)
                .hasMessageStartingWith("Bad filter: position 5")
                .satisfies(e -> assertThat(((PageException) e).status()).isEqualTo(400));
    }

    @Test
    void badDurationsLimitsAndFlagsNameTheirParameter() {
        assertThatThrownBy(() -> TraceSearchForm.parse(null, null, null, "fast", null, null, null, null))
                .hasMessageStartingWith("Bad minDuration");
        assertThatThrownBy(() -> TraceSearchForm.parse(null, null, null, "2s", "1s", null, null, null))
                .hasMessageStartingWith("Bad maxDuration");
        assertThatThrownBy(() -> TraceSearchForm.parse(null, null, null, null, null, "maybe", null, null))
                .hasMessageStartingWith("Bad error");
        assertThatThrownBy(() -> TraceSearchForm.parse(null, null, null, null, null, null, "5000", null))
                .hasMessageStartingWith("Bad limit");
    }
}
