package dev.sightline.ui.traces;

import dev.sightline.store.model.AnyValue;
import dev.sightline.store.model.Attribute;
import dev.sightline.store.model.InstrumentationScope;
import dev.sightline.store.model.LogRecord;
import dev.sightline.store.model.Scoped;
import dev.sightline.store.model.Span;
import dev.sightline.store.model.SpanKind;
import dev.sightline.store.model.TraceId;
import dev.sightline.store.testing.ModelFixtures;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

class CorrelationIdsTest {
    private static final List<String> KEYS = List.of("request_id", "correlation_id",
            "http.request.header.x-request-id", "x-request-id");
    private static final TraceId TRACE = new TraceId(1, 1);

    private static Span span(long id, List<Attribute> attributes) {
        return ModelFixtures.span(TRACE, id, id == 1 ? 0 : 1, SpanKind.SERVER, "s", 0, 1, false, attributes);
    }

    private static Scoped<LogRecord> log(List<Attribute> attributes) {
        return new Scoped<>(ModelFixtures.resource("web"), InstrumentationScope.EMPTY, new LogRecord(1, 1, 17,
                "ERROR", AnyValue.of("x"), attributes, 0, 1, TRACE, null, ""));
    }

    @Test
    void aRequestHeaderIsAStringArrayAndEachOfItsStringsIsAnId() {
        Span root = span(1, List.of(new Attribute("http.request.header.x-request-id",
                new AnyValue.ArrayValue(List.of(AnyValue.of("req-1"), AnyValue.of(" "), AnyValue.of(7))))));

        assertThat(CorrelationIds.of(KEYS, List.of(root), List.of())).containsExactly("req-1");
    }

    @Test
    void spansComeFirstThenLogsEachIdOnce() {
        Span root = span(1, List.of(Attribute.of("request_id", "req-1")));
        Span child = span(2, List.of(Attribute.of("http.method", "GET"), Attribute.of("x-request-id", "req-1")));
        Scoped<LogRecord> log = log(List.of(Attribute.of("request_id", "req-2"),
                new Attribute("correlation_id", AnyValue.of(42))));

        assertThat(CorrelationIds.of(KEYS, List.of(root, child), List.of(log)))
                .containsExactly("req-1", "req-2", "42");
    }

    @Test
    void onlyTheStoresKeysCountAndAtMostAFewAreShown() {
        Span other = span(1, List.of(Attribute.of("session_id", "s-1")));
        assertThat(CorrelationIds.of(KEYS, List.of(other), List.of())).isEmpty();

        List<Span> many = LongStream.rangeClosed(1, 20)
                .mapToObj(i -> span(i, List.of(Attribute.of("request_id", "r" + i)))).toList();
        assertThat(CorrelationIds.of(KEYS, many, List.of())).hasSize(CorrelationIds.MAX);
    }
}
