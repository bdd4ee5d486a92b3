package dev.sightline.ui.alerts;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RunbookLinkTest {
    @Test
    void theNameIsTakenFromTheRunbookUrlWhateverTheHost() {
        assertThat(RunbookLink.nameOf("http://sightline.example:16686/runbooks/high-latency"))
                .isEqualTo("high-latency");
        assertThat(RunbookLink.nameOf("https://ops.example/sightline/runbooks/slo-fast-burn"))
                .isEqualTo("slo-fast-burn");
    }

    @Test
    void anythingElseIsNoRunbook() {
        assertThat(RunbookLink.nameOf(null)).isNull();
        assertThat(RunbookLink.nameOf("https://wiki.example/pages/high-latency")).isNull();
        assertThat(RunbookLink.nameOf("http://x/runbooks/../../etc")).isNull();
        assertThat(RunbookLink.nameOf("http://x/runbooks/<script>")).isNull();
        assertThat(RunbookLink.nameOf("http://x/runbooks/")).isNull();
    }
}
