package dev.sightline.ui.logs;

import dev.sightline.store.model.LogRecord;
import dev.sightline.store.model.Scoped;
import dev.sightline.store.model.Signal;
import dev.sightline.store.query.Page;
import dev.sightline.store.read.ServiceCatalog;
import dev.sightline.store.read.ServiceInfo;
import dev.sightline.ui.web.PageQuery;
import dev.sightline.ui.web.UiRange;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The logs explorer: every filter of the log search API in a GET form (so the URL is the view), results newest
 * first, and a live mode in which {@code /ui/logs/logs.js} polls {@code /logs/rows} for rows newer than the newest
 * shown. The rows come from the same template fragment as the page's, so they are escaped the same way; without
 * script the page is an ordinary one that a reload brings up to date.
 */
@Path("/logs")
@Produces(MediaType.TEXT_HTML)
public class LogsPage {
    /** Suggestions in the service field; past this many the field still takes any name typed. */
    static final int MAX_SERVICE_SUGGESTIONS = 1000;
    /** The parameters that choose records (and so travel with live polls and "older" links). */
    static final List<String> FILTER_PARAMS = List.of("service", "minSeverity", "text", "filter", "traceId",
            "spanId", "requestId", "limit", "range", "start", "end");

    @CheckedTemplate(basePath = "logs")
    static class Templates {
        static native TemplateInstance logs(LogsView view, List<LogRow> rows);

        static native TemplateInstance logs$rows(List<LogRow> rows);
    }

    /** A choice of the minimum-severity menu. */
    public record SeverityOption(String value, String label, boolean selected) {
    }

    /**
     * What the explorer shows besides the rows.
     *
     * @param complete false when the search stopped at its budget before it had looked at the whole range
     * @param older    the next page of older records, or null
     * @param liveUrl  the fragment live mode polls (filters included, without {@code after})
     */
    public record LogsView(UiRange range, PageQuery query, LogFilters filters, List<SeverityOption> severities,
                           List<String> services, int shown, boolean complete, long scanned, PageQuery older,
                           boolean live, boolean liveAvailable, PageQuery liveToggle, String liveUrl,
                           long fromNanos, long toNanos) {
    }

    private final LogFinder finder;
    private final ServiceCatalog catalog;
    private final Clock clock;

    public LogsPage(LogFinder finder, ServiceCatalog catalog, Clock clock) {
        this.finder = finder;
        this.catalog = catalog;
        this.clock = clock;
    }

    @GET
    @Operation(hidden = true)
    public TemplateInstance logs(@Context UriInfo uri) {
        LogFilters f = LogFilters.parse(uri.getQueryParameters(), clock);
        Page<Scoped<LogRecord>> page = finder.find(f.query(), f.requestId());
        List<LogRow> rows = rows(page);
        PageQuery query = PageQuery.of(uri);
        boolean live = f.live() && f.liveAvailable();
        PageQuery older = page.nextCursor() == null ? null
                : query.without("live").with("cursor", page.nextCursor());
        PageQuery toggle = live ? query.without("live") : query.without("cursor").with("live", "1");
        String liveUrl = query.at("/logs/rows", FILTER_PARAMS.toArray(String[]::new)).with("range", f.range().absolute() ? null
                : f.range().preset()).toString();
        LogsView view = new LogsView(f.range(), query, f, severities(f.minSeverity()), services(), rows.size(),
                page.complete(), page.recordsScanned(), older, live, f.liveAvailable(), toggle, liveUrl,
                f.range().range().fromEpochNanos(), f.range().range().toEpochNanos());
        return Templates.logs(view, rows);
    }

    /** Live mode's poll: the rows newer than {@code after}, newest first, as {@code <tr>} elements only. */
    @GET
    @Path("rows")
    @Operation(hidden = true)
    public TemplateInstance rows(@Context UriInfo uri) {
        LogFilters f = LogFilters.parse(uri.getQueryParameters(), clock);
        long after = LogFilters.afterNanos(uri.getQueryParameters().getFirst("after"));
        return Templates.logs$rows(rows(finder.find(f.newerThan(after), f.requestId())));
    }

    private List<LogRow> rows(Page<Scoped<LogRecord>> page) {
        List<String> keys = finder.correlationKeys();
        List<LogRow> rows = new ArrayList<>(page.items().size());
        for (Scoped<LogRecord> s : page.items()) {
            rows.add(LogRow.of(s, keys));
        }
        return rows;
    }

    /** The services that sent logs, for the service field's suggestions. */
    private List<String> services() {
        List<String> names = new ArrayList<>();
        for (ServiceInfo s : catalog.services()) {
            if (s.signals().contains(Signal.LOGS)) {
                names.add(s.name());
                if (names.size() == MAX_SERVICE_SUGGESTIONS) {
                    break;
                }
            }
        }
        return names;
    }

    /**
     * The levels, with the URL's value selected. A value the API takes but the menu does not name (a number such
     * as 18) gets an option of its own, so the form sends back what the URL said.
     */
    static List<SeverityOption> severities(String minSeverity) {
        List<SeverityOption> options = new ArrayList<>();
        options.add(new SeverityOption("", "any", minSeverity == null));
        boolean matched = minSeverity == null;
        String v = minSeverity == null ? "" : minSeverity.trim().toUpperCase(Locale.ROOT);
        for (SeverityLevel level : SeverityLevel.values()) {
            if (level == SeverityLevel.UNSPECIFIED) {
                continue;
            }
            boolean selected = v.equals(level.name()) || v.equals(Integer.toString(level.lowest()))
                    || (level == SeverityLevel.WARN && v.equals("WARNING"));
            matched |= selected;
            options.add(new SeverityOption(level.name(), level.label() + " and above", selected));
        }
        if (!matched) {
            options.add(new SeverityOption(minSeverity, "severity ≥ " + minSeverity, true));
        }
        return options;
    }
}
