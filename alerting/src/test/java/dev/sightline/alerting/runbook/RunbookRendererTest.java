package dev.sightline.alerting.runbook;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RunbookRendererTest {
    private final RunbookRenderer renderer = new RunbookRenderer();

    @Test
    void rawHtmlIsShownAsTextNotRun() {
        String html = renderer.fragment("""
                # Title

                <script>alert(1)</script>

                Inline <img src=x onerror=alert(1)> too.
                """);
        assertThat(html).doesNotContain("<script", "<img").contains("&lt;script&gt;alert(1)&lt;/script&gt;");
    }

    @Test
    void javascriptAndDataLinksAreRemovedInAnyCase() {
        String html = renderer.fragment("""
                [a](javascript:alert(1)) [b](JaVaScRiPt:alert(1)) <javascript:alert(1)> [c](vbscript:x)
                [d](data:text/html;base64,PHNjcmlwdD4=) ![e](javascript:alert(1))
                """);
        assertThat(html.toLowerCase()).doesNotContain("href=\"javascript", "href=\"vbscript", "href=\"data",
                "src=\"javascript");
        assertThat(html.split("href=\"\"", -1)).hasSize(6);
        assertThat(html).contains("src=\"\"");
    }

    @Test
    void relativeAndWebLinksAreKept() {
        String html = renderer.fragment("[alerts](/api/alerts) [docs](https://sre.google/workbook/) "
                + "[mail](mailto:oncall@example.com)");
        assertThat(html).contains("href=\"/api/alerts\"", "href=\"https://sre.google/workbook/\"",
                "href=\"mailto:oncall@example.com\"");
    }

    @Test
    void tablesAreRendered() {
        String html = renderer.fragment("""
                | burn rate | window |
                |---|---|
                | 14.4× | 1 h |
                """);
        assertThat(html).contains("<table>", "<th>burn rate</th>", "<td>14.4×</td>");
    }

    @Test
    void theTitleIsTheFirstLevelOneHeadingAsPlainText() {
        assertThat(renderer.title("intro\n\n## Not this\n\n# The `ingest` *overload*\n\n# Later"))
                .contains("The ingest overload");
        assertThat(renderer.title("Setext title\n===\n")).contains("Setext title");
        assertThat(renderer.title("## Only sections")).isEmpty();
        assertThat(renderer.runbook("no-title", "text only", Runbook.BUILT_IN).title()).isEqualTo("no-title");
    }
}
