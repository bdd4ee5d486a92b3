package dev.sightline.ui.traces;

import dev.sightline.store.model.AnyValue;
import dev.sightline.store.model.Attribute;
import dev.sightline.store.model.InstrumentationScope;
import dev.sightline.store.model.LogRecord;
import dev.sightline.store.model.Scoped;
import dev.sightline.store.model.SpanId;
import dev.sightline.store.model.TraceId;
import dev.sightline.store.testing.ModelFixtures;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LogLineTest {

    private static LogLine line(int severity, String text, AnyValue body, long time, long observed) {
        return LogLine.of(new Scoped<>(ModelFixtures.resource("checkout"), InstrumentationScope.EMPTY,
                new LogRecord(time, observed, severity, text, body, List.of(), 0, 1, new TraceId(1, 2),
                        new SpanId(3), "")));
    }

    @Test
    void severityColourFollowsTheOtlpRangesAndTheSendersTextIsKept() {
        assertThat(line(17, "", AnyValue.of("x"), 1, 1).severityClass()).isEqualTo("sev-error");
        assertThat(line(17, "", AnyValue.of("x"), 1, 1).severity()).isEqualTo("ERROR");
        assertThat(line(13, "Warning", AnyValue.of("x"), 1, 1).severity()).isEqualTo("Warning");
        assertThat(line(13, "Warning", AnyValue.of("x"), 1, 1).severityClass()).isEqualTo("sev-warn");
        assertThat(line(24, "", AnyValue.of("x"), 1, 1).severityClass()).isEqualTo("sev-fatal");
        assertThat(line(0, "", AnyValue.of("x"), 1, 1).severityClass()).isEqualTo("sev-unspecified");
    }

    @Test
    void bodiesOfEveryShapeReadAsText() {
        AnyValue structured = new AnyValue.KeyValueList(List.of(Attribute.of("user", "ann"),
                new Attribute("tries", new AnyValue.ArrayValue(List.of(AnyValue.of(1), AnyValue.of("two"))))));
        assertThat(line(9, "", structured, 1, 1).body()).isEqualTo("{user: \"ann\", tries: [1, \"two\"]}");
        assertThat(line(9, "", AnyValue.of("<b>as is</b>"), 1, 1).body()).isEqualTo("<b>as is</b>");
        assertThat(AnyValueText.of(AnyValue.of("x".repeat(10_000)))).hasSizeLessThan(4200).contains("more characters");
    }

    @Test
    void aRecordWithoutAnEventTimeIsPlacedAtItsObservedTime() {
        LogLine l = line(9, "", AnyValue.of("x"), 0, 42);
        assertThat(l.epochNanos()).isEqualTo(42);
        assertThat(l.service()).isEqualTo("checkout");
        assertThat(l.traceId()).isEqualTo(new TraceId(1, 2).toHex());
        assertThat(l.spanId()).isEqualTo(new SpanId(3).toHex());
    }
}
