package dev.sightline.ui.service;

import dev.sightline.query.signals.Latency;
import dev.sightline.query.signals.Signals;
import dev.sightline.ui.web.PageQuery;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class OperationRowTest {

    @Test
    void theSlowLinkAsksForTracesAtLeastAsSlowAsTheP95() {
        assertThat(OperationRow.minDuration(12.3456789)).isEqualTo("12.345ms");
        assertThat(OperationRow.minDuration(250)).isEqualTo("250ms");
        assertThat(OperationRow.minDuration(0.0004)).isEqualTo("0ms");
    }

    @Test
    void linksKeepTheRangeAndEncodeHostileNames() {
        Latency l = new Latency(10, 1.0, 20.5, 30.0, 40.0);
        Signals s = new Signals("web", "GET /a?b=<script>", 10, 1, 1, 0.1, l, l, l, false);
        OperationRow row = OperationRow.of(s, PageQuery.of("/services/web", Map.of("range", "6h", "x", "y")));
        assertThat(row.traces()).isEqualTo("/traces?range=6h&service=web&operation=GET%20%2Fa%3Fb%3D%3Cscript%3E");
        assertThat(row.failed()).endsWith("&error=true");
        assertThat(row.slow()).endsWith("&minDuration=20.5ms");
    }

    @Test
    void noSlowLinkWithoutAP95() {
        Latency none = new Latency(0, null, null, null, null);
        Signals s = new Signals("web", "idle", 0, 0, 0, null, none, none, none, true);
        assertThat(OperationRow.of(s, PageQuery.of("/services/web", Map.of())).slow()).isNull();
    }
}
