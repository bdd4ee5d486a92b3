package dev.sightline.ui.traces;

import dev.sightline.query.Params;
import dev.sightline.ui.web.PageQuery;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.net.URI;
import java.util.Locale;

/**
 * The search box in every page's header: a trace ID (32 hex characters) opens the trace, anything else is taken as
 * a request ID and opens its correlation page, nothing goes back to trace search. A redirect (303), so the page
 * the user lands on has its own shareable URL.
 */
@Path("/find")
public class FindPage {

    @GET
    @Operation(hidden = true)
    public Response find(@QueryParam("id") String id) {
        return Response.seeOther(URI.create(target(id))).build();
    }

    static String target(String id) {
        String v = id == null ? "" : id.strip();
        if (v.isEmpty()) {
            return "/traces";
        }
        if (v.length() == 32 && v.chars().allMatch(Params::isHex) && !v.chars().allMatch(c -> c == '0')) {
            return "/traces/" + v.toLowerCase(Locale.ROOT);
        }
        return "/correlations/" + PageQuery.segment(v);
    }
}
