package dev.sightline.collector.limits;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sightline.store.model.TraceId;
import org.junit.jupiter.api.Test;

class TraceSpanCountsTest {

    @Test
    void spansPastTheLimitOfATraceAreRefusedAndOtherTracesAreNot() {
        TraceSpanCounts counts = new TraceSpanCounts(3, 1024);
        TraceId big = new TraceId(1, 1);
        TraceId other = new TraceId(2, 2);

        assertThat(counts.admit(big)).isTrue();
        assertThat(counts.admit(big)).isTrue();
        assertThat(counts.admit(big)).isTrue();
        assertThat(counts.admit(big)).isFalse();
        assertThat(counts.admit(big)).isFalse();
        assertThat(counts.admit(other)).isTrue();
    }

    @Test
    void aTracePushedOutOfTheTableStartsAgain() {
        TraceSpanCounts counts = new TraceSpanCounts(1, 1); // one slot: every other trace pushes the first out
        TraceId first = new TraceId(1, 1);
        assertThat(counts.admit(first)).isTrue();
        assertThat(counts.admit(first)).isFalse();

        assertThat(counts.admit(new TraceId(3, 3))).isTrue();

        assertThat(counts.admit(first)).isTrue();
    }
}
