package dev.sightline.alerting.runbook;

import dev.sightline.alerting.runbook.RunbookListResource.RunbookDetail;
import dev.sightline.alerting.runbook.RunbookListResource.RunbookSummary;
import dev.sightline.query.errors.ApiError;
import dev.sightline.query.errors.BadParameterException;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * {@code /api/runbooks}, called directly. The pages ({@code /runbooks}, {@code /runbooks/{name}} and its
 * {@code .md} source) are the web UI's, tested in the server's {@code ui/runbooks} browser tests.
 */
class RunbookListResourceTest {
    private final RunbookCatalog catalog = new RunbookCatalog(Optional.empty());
    private final RunbookListResource api = new RunbookListResource(catalog);

    @Test
    void theListHasNameTitleOriginAndPageUrl() {
        assertThat(api.list().runbooks()).extracting(RunbookSummary::name)
                .containsExactlyElementsOf(BuiltInRunbooks.NAMES);
        assertThat(api.list().runbooks()).contains(
                new RunbookSummary("high-latency", "High latency", "built-in", "/runbooks/high-latency"));
    }

    @Test
    void oneRunbookHasItsMarkdownAndHtml(@TempDir Path folder) throws IOException {
        Files.writeString(folder.resolve("disk-full.md"), "# Disk full\n\n<b>free</b> space");
        RunbookListResource withUserFolder = new RunbookListResource(new RunbookCatalog(Optional.of(folder)));
        Response response = withUserFolder.runbook("disk-full");
        assertThat(response.getStatus()).isEqualTo(200);
        RunbookDetail detail = (RunbookDetail) response.getEntity();
        assertThat(detail.name()).isEqualTo("disk-full");
        assertThat(detail.title()).isEqualTo("Disk full");
        assertThat(detail.origin()).isEqualTo(folder.toString());
        assertThat(detail.markdown()).contains("<b>free</b>");
        assertThat(detail.html()).contains("<h1>Disk full</h1>", "&lt;b&gt;free&lt;/b&gt;");
    }

    @Test
    void anUnknownRunbookIsA404ApiError() {
        Response response = api.runbook("disk-full");
        assertThat(response.getStatus()).isEqualTo(404);
        assertThat(response.getEntity()).isEqualTo(new ApiError("no runbook disk-full", null));
    }

    @Test
    void anInvalidNameIsABadParameter() {
        BadParameterException e = catchThrowableOfType(BadParameterException.class, () -> api.runbook("../etc"));
        assertThat(e.parameter()).isEqualTo("name");
        assertThat(e.getMessage()).isEqualTo(Runbook.NAME_RULE);
    }
}
