package dev.sightline.ui.correlation;

import dev.sightline.store.query.Correlation;
import dev.sightline.store.query.TraceHit;
import dev.sightline.store.read.CorrelationReader;
import dev.sightline.ui.traces.LogLine;
import dev.sightline.ui.web.PageException;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.util.List;

/**
 * Everything one request ID reaches, as {@code GET /api/correlations/{id}} answers it: every trace with a span
 * that carries the ID, and every log record that carries it or belongs to one of those traces, in time order. An ID
 * nothing carries is an answer too (a page saying so, with the keys looked at), not an error: it is what a user
 * who typed a request ID into the search box needs to read.
 */
@Path("/correlations/{id: .+}")
@Produces(MediaType.TEXT_HTML)
public class CorrelationPage {
    /** As the API: correlation IDs are looked up by hash, but a page of a megabyte-long ID helps nobody. */
    static final int MAX_ID_LENGTH = 512;

    @CheckedTemplate(basePath = "correlation")
    static class Templates {
        static native TemplateInstance correlation(CorrelationView view);
    }

    /**
     * What the correlation page shows.
     *
     * @param keys     the attribute keys whose values are request IDs, in the order they are looked at
     * @param complete false when more traces or logs carry the ID than one lookup returns
     */
    public record CorrelationView(String id, List<String> keys, List<TraceHit> traces, List<LogLine> logs,
                                  boolean complete) {
        public boolean empty() {
            return traces.isEmpty() && logs.isEmpty();
        }
    }

    private final CorrelationReader correlations;

    public CorrelationPage(CorrelationReader correlations) {
        this.correlations = correlations;
    }

    @GET
    @Operation(hidden = true)
    public TemplateInstance correlation(@PathParam("id") String id) {
        if (id == null || id.isBlank() || id.length() > MAX_ID_LENGTH) {
            throw PageException.badParameter("id", "must be 1 to " + MAX_ID_LENGTH + " characters");
        }
        Correlation c = correlations.correlate(id);
        return Templates.correlation(new CorrelationView(c.id(), correlations.correlationKeys(), c.traces(),
                c.logs().stream().map(LogLine::of).toList(), c.complete()));
    }
}
