package dev.sightline.ui.slos;

import dev.sightline.alerting.slo.BurnRatePolicy;
import dev.sightline.alerting.slo.BurnWindow;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class BurnCellTest {
    private static Map<String, Double> burns(double... values) {
        String[] windows = {"5m", "30m", "1h", "2h", "6h", "1d", "3d"};
        Map<String, Double> out = new LinkedHashMap<>();
        for (int i = 0; i < values.length; i++) {
            out.put(windows[i], Double.isNaN(values[i]) ? null : values[i]);
        }
        return out;
    }

    @Test
    void eachWindowIsJudgedByTheLowestRateOfThePairsThatUseIt() {
        // Default policy: page 1h/5m 14.4, 6h/30m 6; ticket 1d/2h 3, 3d/6h 1.
        List<BurnCell> cells = BurnCell.of(burns(20, 5, 14.4, 3.5, 2, 2.9, 0.5), BurnRatePolicy.DEFAULT);
        assertThat(cells).extracting(BurnCell::window).containsExactly("5m", "30m", "1h", "2h", "6h", "1d", "3d");
        assertThat(cells).extracting(BurnCell::threshold).containsExactly(14.4, 6.0, 14.4, 3.0, 1.0, 3.0, 1.0);
        assertThat(cells).extracting(BurnCell::level).containsExactly(
                BurnCell.Level.PAGE,    // 20 > 14.4
                BurnCell.Level.NONE,    // 5 < 6
                BurnCell.Level.NONE,    // exactly at the rate is not above it
                BurnCell.Level.TICKET,  // 3.5 > 3
                BurnCell.Level.TICKET,  // 2 is under the 6h page pair's 6 but over the 3d ticket pair's 1
                BurnCell.Level.NONE,
                BurnCell.Level.NONE);
    }

    @Test
    void windowsWithoutEventsOrWithoutAPairAreNeverHighlighted() {
        BurnRatePolicy onlyFast = new BurnRatePolicy(
                List.of(BurnWindow.of(Duration.ofHours(1), Duration.ofMinutes(5), 14.4)), List.of(),
                BurnRatePolicy.PAGE_RUNBOOK, BurnRatePolicy.TICKET_RUNBOOK);
        List<BurnCell> cells = BurnCell.of(burns(Double.NaN, 100, 100, 100, 100, 100, 100), onlyFast);
        assertThat(cells.get(0).value()).isNull();
        assertThat(cells.get(0).above()).isFalse();
        assertThat(cells.get(1).threshold()).as("30m is in no pair").isNull();
        assertThat(cells.get(1).above()).isFalse();
        assertThat(cells.get(2).level()).isEqualTo(BurnCell.Level.PAGE);
        assertThat(cells.get(2).level().cssClass()).isEqualTo("burn-page");
    }

    @Test
    void policyRowsTripWhenBothWindowsAreAbove() {
        List<PolicyRow> rows = PolicyRow.of(BurnRatePolicy.DEFAULT, burns(20, 7, 15, 1, 5, 2, 1.5));
        assertThat(rows).extracting(PolicyRow::severity).containsExactly("page", "page", "ticket", "ticket");
        assertThat(rows).extracting(PolicyRow::longWindow).containsExactly("1h", "6h", "1d", "3d");
        assertThat(rows).extracting(PolicyRow::shortWindow).containsExactly("5m", "30m", "2h", "6h");
        assertThat(rows).extracting(PolicyRow::tripped).containsExactly(true, false, false, true);
        assertThat(rows.get(1).shortAbove()).as("30m at 7 > 6").isTrue();
        assertThat(rows.get(1).longAbove()).as("6h at 5 < 6").isFalse();
    }

    @Test
    void aCustomWindowTheStatusDoesNotReportHasNoValue() {
        BurnRatePolicy custom = new BurnRatePolicy(
                List.of(BurnWindow.of(Duration.ofHours(4), Duration.ofMinutes(20), 5)), List.of(),
                BurnRatePolicy.PAGE_RUNBOOK, BurnRatePolicy.TICKET_RUNBOOK);
        PolicyRow row = PolicyRow.of(custom, burns(50, 50, 50, 50, 50, 50, 50)).get(0);
        assertThat(row.longBurn()).isNull();
        assertThat(row.shortBurn()).isNull();
        assertThat(row.tripped()).isFalse();
    }
}
