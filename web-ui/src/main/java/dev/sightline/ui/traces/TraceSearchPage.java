package dev.sightline.ui.traces;

import dev.sightline.store.model.Signal;
import dev.sightline.store.query.Page;
import dev.sightline.store.query.TraceHit;
import dev.sightline.store.read.RollupReader;
import dev.sightline.store.read.ServiceCatalog;
import dev.sightline.store.read.ServiceInfo;
import dev.sightline.store.read.TraceSearcher;
import dev.sightline.store.rollup.OperationInfo;
import dev.sightline.ui.web.PageException;
import dev.sightline.ui.web.PageQuery;
import dev.sightline.ui.web.UiRange;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Trace search: the API's search ({@code GET /api/traces}) as a form whose filters live in the URL, answered with
 * a duration-vs-time scatter plot and a list, both linking to the trace. One bounded search per page (the limit,
 * and the store's scan budget), plus the service list and, once a service is chosen, its operations.
 */
@Path("/traces")
@Produces(MediaType.TEXT_HTML)
public class TraceSearchPage {

    @CheckedTemplate(basePath = "traces")
    static class Templates {
        static native TemplateInstance search(SearchView view);
    }

    /**
     * What the search page shows.
     *
     * @param services   services that sent spans, for the service picker
     * @param operations the chosen service's operations, empty when no service is chosen
     * @param nextPage   the URL of the next page of results, null when there is none
     * @param complete   false when the store's scan budget ran out before it looked at everything in range
     */
    public record SearchView(UiRange range, PageQuery url, TraceSearchForm form, List<String> services,
                             List<String> operations, List<TraceHit> hits, TraceScatter scatter, String nextPage,
                             String firstPage, boolean complete) {
        public String emptyMessage() {
            return "No trace matches in " + range.label() + ". Widen the range, or loosen the filters.";
        }
    }

    private final TraceSearcher searcher;
    private final ServiceCatalog catalog;
    private final RollupReader rollups;
    private final Clock clock;

    public TraceSearchPage(TraceSearcher searcher, ServiceCatalog catalog, RollupReader rollups, Clock clock) {
        this.searcher = searcher;
        this.catalog = catalog;
        this.rollups = rollups;
        this.clock = clock;
    }

    @GET
    @Operation(hidden = true)
    public TemplateInstance search(@QueryParam("service") String service, @QueryParam("operation") String operation,
                                   @QueryParam("filter") List<String> filters,
                                   @QueryParam("minDuration") String minDuration,
                                   @QueryParam("maxDuration") String maxDuration, @QueryParam("error") String error,
                                   @QueryParam("limit") String limit, @QueryParam("cursor") String cursor,
                                   @QueryParam("range") String range, @QueryParam("start") String start,
                                   @QueryParam("end") String end, @Context UriInfo uri) {
        UiRange r = UiRange.of(range, start, end, clock);
        TraceSearchForm form = TraceSearchForm.parse(service, operation, filters, minDuration, maxDuration, error,
                limit, cursor);
        Page<TraceHit> page;
        try {
            page = searcher.searchTraces(form.query(r.range()));
        } catch (IllegalArgumentException e) {
            throw PageException.badParameter("cursor", "is not a cursor this search returned");
        }
        PageQuery url = PageQuery.of(uri);
        String next = page.nextCursor() == null ? null : url.with("cursor", page.nextCursor()).toString();
        String first = form.cursor() == null ? null : url.without("cursor").toString();
        return Templates.search(new SearchView(r, url.without("cursor"), form, services(form.service()),
                operations(form.service(), form.operation()), page.items(), TraceScatter.of(page.items()), next,
                first, page.complete()));
    }

    private List<String> services(String chosen) {
        TreeSet<String> names = new TreeSet<>();
        for (ServiceInfo s : catalog.services()) {
            if (s.signals().contains(Signal.TRACES)) {
                names.add(s.name());
            }
        }
        if (chosen != null) {
            names.add(chosen);
        }
        return new ArrayList<>(names);
    }

    private List<String> operations(String service, String chosen) {
        if (service == null) {
            return List.of();
        }
        TreeSet<String> names = new TreeSet<>();
        for (OperationInfo o : rollups.operations(service)) {
            names.add(o.name());
        }
        if (chosen != null) {
            names.add(chosen);
        }
        return new ArrayList<>(names);
    }
}
