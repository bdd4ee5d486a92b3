package dev.sightline.ui.runbooks;

import dev.sightline.alerting.runbook.Runbook;
import dev.sightline.alerting.runbook.RunbookCatalog;
import dev.sightline.ui.web.PageException;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.RawString;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.util.List;

/**
 * Runbooks in the UI's layout: the link every alert carries ({@code runbook_url} → {@code /runbooks/{name}}), and
 * the list of every runbook, built-in or from the user folder. {@code /runbooks/{name}.md} serves the Markdown
 * source from the same method: a separate {@code {name}.md} template's precedence over {@code {name}} would be
 * left to the JAX-RS implementation's tie-breaking.
 */
@Path("/runbooks")
public class RunbooksPage {
    static final String MARKDOWN = "text/markdown;charset=UTF-8";
    private static final String MARKDOWN_SUFFIX = ".md";

    @CheckedTemplate(basePath = "runbooks")
    static class Templates {
        static native TemplateInstance runbooks(RunbooksView view);

        static native TemplateInstance runbook(RunbookView view);
    }

    /** Every runbook by name; {@code problems} are files of the user folder that were skipped, and why. */
    public record RunbooksView(List<Runbook> runbooks, List<String> problems) {
    }

    /**
     * One runbook rendered. {@code html} is {@link dev.sightline.alerting.runbook.RunbookRenderer}'s output, the
     * one string a page here does not escape: the renderer shows raw HTML in the Markdown as text and keeps only
     * http, https, mailto and relative links, and the CSP runs no inline script should anything slip through.
     */
    public record RunbookView(Runbook runbook, RawString html) {
        public String source() {
            return runbook.isBuiltIn() ? "built-in" : "user folder";
        }
    }

    private final RunbookCatalog catalog;

    public RunbooksPage(RunbookCatalog catalog) {
        this.catalog = catalog;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    @Operation(hidden = true)
    public TemplateInstance list() {
        return Templates.runbooks(new RunbooksView(catalog.all(), catalog.problems()));
    }

    @GET
    @Path("{name}")
    @Produces({MediaType.TEXT_HTML, MARKDOWN})
    @Operation(hidden = true)
    public Response one(@PathParam("name") String name) {
        boolean source = name.endsWith(MARKDOWN_SUFFIX);
        String runbookName = source ? name.substring(0, name.length() - MARKDOWN_SUFFIX.length()) : name;
        if (!Runbook.isValidName(runbookName)) {
            throw PageException.badParameter("runbook name", Runbook.NAME_RULE + ", not “" + runbookName + "”");
        }
        Runbook runbook = catalog.find(runbookName).orElseThrow(() -> PageException.notFound("There is no runbook “"
                + runbookName + "”. Alerts name built-in runbooks or those of the runbook folder "
                + "(sightline.alerting.runbooks-dir)."));
        if (source) {
            // Served as text whatever its content: no sniffing it into HTML, and no scripts should a browser try.
            return Response.ok(runbook.markdown(), MARKDOWN)
                    .header("X-Content-Type-Options", "nosniff")
                    .header("Content-Security-Policy", "default-src 'none'; sandbox")
                    .build();
        }
        String html = catalog.renderer().fragment(runbook.markdown());
        return Response.ok(Templates.runbook(new RunbookView(runbook, new RawString(html))).render(),
                MediaType.TEXT_HTML_TYPE.withCharset("UTF-8")).build();
    }
}
