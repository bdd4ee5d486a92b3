package dev.sightline.alerting.runbook;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;

/** Runbooks as pages for people: the link every alert carries. */
@Path("/runbooks")
@Tag(name = "Runbooks")
public class RunbookResource {
    static final String HTML = "text/html;charset=UTF-8";
    static final String MARKDOWN = "text/markdown;charset=UTF-8";
    static final String CSS = "text/css;charset=UTF-8";
    private static final String MARKDOWN_SUFFIX = ".md";

    private final RunbookCatalog catalog;
    private final byte[] stylesheet;

    public RunbookResource(RunbookCatalog catalog) {
        this.catalog = catalog;
        this.stylesheet = readStylesheet();
    }

    @GET
    @Produces(HTML)
    @Operation(summary = "All runbooks", description = "A page listing every runbook, built-in and user-supplied.")
    public Response index() {
        return Response.ok(catalog.renderer().indexPage(catalog.all()), HTML).build();
    }

    @GET
    @Path("/{name}")
    @Produces({HTML, MARKDOWN})
    @Operation(summary = "A runbook as a page",
            description = "The runbook rendered as a self-contained HTML page; with .md appended to the name, its "
                    + "Markdown source.")
    @APIResponse(responseCode = "200", description = "The runbook")
    @APIResponse(responseCode = "400", description = "Not a runbook name")
    @APIResponse(responseCode = "404", description = "No runbook of that name")
    public Response page(@Parameter(description = "runbook name, e.g. high-latency; high-latency.md for the source")
                         @PathParam("name") String name) {
        // The source shares this path rather than a /{name}.md template, whose precedence over /{name} is left
        // to each JAX-RS implementation's tie-breaking.
        boolean source = name.endsWith(MARKDOWN_SUFFIX);
        String runbookName = source ? name.substring(0, name.length() - MARKDOWN_SUFFIX.length()) : name;
        RunbookRenderer renderer = catalog.renderer();
        if (!Runbook.isValidName(runbookName)) {
            return Response.status(400).type(HTML).entity(renderer.badNamePage(runbookName)).build();
        }
        Optional<Runbook> runbook = catalog.find(runbookName);
        if (runbook.isEmpty()) {
            return Response.status(404).type(HTML).entity(renderer.notFoundPage(runbookName)).build();
        }
        return source
                ? Response.ok(runbook.get().markdown(), MARKDOWN).build()
                : Response.ok(renderer.page(runbook.get()), HTML).build();
    }

    @GET
    @Path("/runbook.css")
    @Produces(CSS)
    @Operation(summary = "The runbook pages' stylesheet")
    public Response stylesheet() {
        return Response.ok(stylesheet, CSS).header("Cache-Control", "max-age=3600").build();
    }

    private static byte[] readStylesheet() {
        try (InputStream in = RunbookResource.class.getResourceAsStream("runbook.css")) {
            if (in == null) {
                throw new IllegalStateException("runbook.css is missing from the classpath");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
