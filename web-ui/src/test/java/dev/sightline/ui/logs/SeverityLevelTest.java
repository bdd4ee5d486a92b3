package dev.sightline.ui.logs;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SeverityLevelTest {
    @Test
    void numbersFallIntoRangesOfFour() {
        assertThat(SeverityLevel.of(1, "")).isEqualTo(SeverityLevel.TRACE);
        assertThat(SeverityLevel.of(4, "")).isEqualTo(SeverityLevel.TRACE);
        assertThat(SeverityLevel.of(5, "")).isEqualTo(SeverityLevel.DEBUG);
        assertThat(SeverityLevel.of(12, "")).isEqualTo(SeverityLevel.INFO);
        assertThat(SeverityLevel.of(13, "")).isEqualTo(SeverityLevel.WARN);
        assertThat(SeverityLevel.of(17, "")).isEqualTo(SeverityLevel.ERROR);
        assertThat(SeverityLevel.of(20, "")).isEqualTo(SeverityLevel.ERROR);
        assertThat(SeverityLevel.of(24, "")).isEqualTo(SeverityLevel.FATAL);
    }

    @Test
    void theNumberWinsOverTheText() {
        assertThat(SeverityLevel.of(9, "ERROR")).isEqualTo(SeverityLevel.INFO);
    }

    @Test
    void withoutANumberTheTextNamesTheLevel() {
        assertThat(SeverityLevel.of(0, "warning")).isEqualTo(SeverityLevel.WARN);
        assertThat(SeverityLevel.of(0, "Err")).isEqualTo(SeverityLevel.ERROR);
        assertThat(SeverityLevel.of(0, "SEVERE")).isEqualTo(SeverityLevel.ERROR);
        assertThat(SeverityLevel.of(0, "FINEST")).isEqualTo(SeverityLevel.TRACE);
        assertThat(SeverityLevel.of(0, "fine")).isEqualTo(SeverityLevel.DEBUG);
        assertThat(SeverityLevel.of(0, "critical")).isEqualTo(SeverityLevel.FATAL);
        assertThat(SeverityLevel.of(0, "chatty")).isEqualTo(SeverityLevel.UNSPECIFIED);
        assertThat(SeverityLevel.of(0, "")).isEqualTo(SeverityLevel.UNSPECIFIED);
    }

    @Test
    void cssClassesAreTheStylesheets() {
        assertThat(SeverityLevel.ERROR.cssClass()).isEqualTo("sev-error");
        assertThat(SeverityLevel.WARN.cssClass()).isEqualTo("sev-warn");
        assertThat(SeverityLevel.UNSPECIFIED.cssClass()).isEqualTo("sev-unspecified");
    }

    @Test
    void theMenuSelectsWhatTheUrlSaysAndKeepsValuesItDoesNotName() {
        assertThat(LogsPage.severities(null)).filteredOn(LogsPage.SeverityOption::selected)
                .extracting(LogsPage.SeverityOption::value).containsExactly("");
        assertThat(LogsPage.severities("error")).filteredOn(LogsPage.SeverityOption::selected)
                .extracting(LogsPage.SeverityOption::value).containsExactly("ERROR");
        assertThat(LogsPage.severities("13")).filteredOn(LogsPage.SeverityOption::selected)
                .extracting(LogsPage.SeverityOption::value).containsExactly("WARN");
        assertThat(LogsPage.severities("18")).filteredOn(LogsPage.SeverityOption::selected)
                .extracting(LogsPage.SeverityOption::value).containsExactly("18");
    }
}
