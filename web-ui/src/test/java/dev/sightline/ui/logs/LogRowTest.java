package dev.sightline.ui.logs;

import dev.sightline.store.model.AnyValue;
import dev.sightline.store.model.Attribute;
import dev.sightline.store.model.InstrumentationScope;
import dev.sightline.store.model.LogRecord;
import dev.sightline.store.model.Resource;
import dev.sightline.store.model.Scoped;
import dev.sightline.store.model.SpanId;
import dev.sightline.store.model.TraceId;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LogRowTest {
    private static final Resource CHECKOUT = new Resource(List.of(Attribute.of("service.name", "checkout"),
            Attribute.of("host.name", "h1")), 0, "");
    private static final long T = Instant.parse("2026-11-30T10:15:30.123456789Z").getEpochSecond() * 1_000_000_000L
            + 123_456_789L;

    private static Scoped<LogRecord> record(long nanos, long observed, int severity, String text, AnyValue body,
                                            List<Attribute> attributes, TraceId trace, SpanId span) {
        return new Scoped<>(CHECKOUT, InstrumentationScope.EMPTY,
                new LogRecord(nanos, observed, severity, text, body, attributes, 0, 0, trace, span, ""));
    }

    @Test
    void aRowHasTheTimeToTheMillisecondTheLevelAndTheLinks() {
        TraceId trace = TraceId.fromHex("4bf92f3577b34da6a3ce929d0e0e4736");
        SpanId span = SpanId.fromHex("00f067aa0ba902b7");
        LogRow row = LogRow.of(record(T, 0, 17, "", AnyValue.of("payment failed"),
                List.of(Attribute.of("request_id", "req-9")), trace, span), List.of("request_id"));
        assertThat(row.date()).isEqualTo("2026-11-30");
        assertThat(row.clock()).isEqualTo("10:15:30.123");
        assertThat(row.fullTime()).isEqualTo("2026-11-30T10:15:30.123456789Z");
        assertThat(row.level()).isEqualTo(SeverityLevel.ERROR);
        assertThat(row.severity()).isEqualTo("ERROR");
        assertThat(row.service()).isEqualTo("checkout");
        assertThat(row.summary()).isEqualTo("payment failed");
        assertThat(row.expandable()).isFalse();
        assertThat(row.traceId()).isEqualTo(trace.toHex());
        assertThat(row.spanId()).isEqualTo(span.toHex());
        assertThat(row.correlationId()).isEqualTo("req-9");
        assertThat(row.attributes()).containsExactly(new LogRow.Field("request_id", "req-9"));
        assertThat(row.resource()).containsExactly(new LogRow.Field("host.name", "h1"));
    }

    @Test
    void aRecordWithoutEventTimeIsPlacedAtItsObservedTime() {
        LogRow row = LogRow.of(record(0, T, 9, "info", AnyValue.of("x"), List.of(), null, null), List.of());
        assertThat(row.nanos()).isEqualTo(T);
        assertThat(row.severity()).isEqualTo("info");
        assertThat(row.traceId()).isNull();
        assertThat(row.correlationId()).isNull();
    }

    @Test
    void aHeaderAttributeOfStringsGivesTheCorrelationIdTheStoreIndexes() {
        List<Attribute> header = List.of(new Attribute("http.request.header.x-request-id",
                new AnyValue.ArrayValue(List.of(AnyValue.of(" "), AnyValue.of("abc-1")))));
        LogRow row = LogRow.of(record(T, 0, 9, "", AnyValue.of("x"), header, null, null),
                List.of("request_id", "http.request.header.x-request-id"));
        assertThat(row.correlationId()).isEqualTo("abc-1");
    }

    @Test
    void structuredAndMultiLineBodiesExpand() {
        AnyValue map = new AnyValue.KeyValueList(List.of(Attribute.of("order", "A-1")));
        LogRow structured = LogRow.of(record(T, 0, 9, "", map, List.of(), null, null), List.of());
        assertThat(structured.structured()).isTrue();
        assertThat(structured.summary()).isEqualTo("{\"order\":\"A-1\"}");
        assertThat(structured.fullBody()).isEqualTo("{\n  \"order\": \"A-1\"\n}");

        LogRow trace = LogRow.of(record(T, 0, 17, "", AnyValue.of("boom\n  at a.b(C.java:1)"), List.of(), null,
                null), List.of());
        assertThat(trace.summary()).isEqualTo("boom");
        assertThat(trace.fullBody()).isEqualTo("boom\n  at a.b(C.java:1)");
        assertThat(trace.structured()).isFalse();
    }

    @Test
    void theSameRecordHasTheSameKeyAndAnotherRecordAnother() {
        Scoped<LogRecord> a = record(T, 0, 9, "", AnyValue.of("a"), List.of(Attribute.of("k", "v")), null, null);
        Scoped<LogRecord> b = record(T, 0, 9, "", AnyValue.of("a"), List.of(Attribute.of("k", "w")), null, null);
        assertThat(LogRow.of(a, List.of()).key()).isEqualTo(LogRow.of(a, List.of()).key()).hasSize(16);
        assertThat(LogRow.of(a, List.of()).key()).isNotEqualTo(LogRow.of(b, List.of()).key());
    }
}
