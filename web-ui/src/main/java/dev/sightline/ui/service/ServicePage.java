package dev.sightline.ui.service;

import dev.sightline.alerting.alert.AlertInstance;
import dev.sightline.alerting.alert.AlertState;
import dev.sightline.alerting.engine.AlertView;
import dev.sightline.alerting.engine.AlertingEngine;
import dev.sightline.alerting.slo.SloStatus;
import dev.sightline.alerting.slo.SloTracker;
import dev.sightline.query.metrics.SaturationSignal;
import dev.sightline.query.metrics.ServiceSaturation;
import dev.sightline.query.signals.GoldenSignals;
import dev.sightline.query.signals.ServiceGraph;
import dev.sightline.query.signals.ServiceSignals;
import dev.sightline.query.signals.Signals;
import dev.sightline.store.model.LogRecord;
import dev.sightline.store.model.Scoped;
import dev.sightline.store.query.LogQuery;
import dev.sightline.store.query.Page;
import dev.sightline.store.query.TimeRange;
import dev.sightline.store.read.LogSearcher;
import dev.sightline.store.read.RollupReader;
import dev.sightline.store.read.ServiceCatalog;
import dev.sightline.ui.web.PageException;
import dev.sightline.ui.web.PageQuery;
import dev.sightline.ui.web.UiRange;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * One service: its golden signals over the range as charts, its operations (busiest first, each leading to its
 * traces), its neighbours in the service graph, saturation, SLOs and alerts, and its recent error logs. Every read
 * is bounded: charts of long ranges come from merged hours ({@link SignalSeries}), the operations table is one
 * merged read, the logs stop at {@value #ERROR_LOGS} lines, and the service graph (read per minute, for every
 * service) is read over at most the last {@link #NEIGHBOUR_RANGE} of the range.
 */
@Path("/services/{name: .+}")
@Produces(MediaType.TEXT_HTML)
public class ServicePage {
    static final int MAX_OPERATIONS = 100;
    static final int ERROR_LOGS = 20;
    /** OTLP severity number of ERROR: the lowest severity listed. */
    static final int ERROR_SEVERITY = 17;
    /**
     * The edge rollups have no merged hours and no service index: the graph of a day is every minute's edges of
     * every service (about half a second with the benchmark's data). Neighbours of longer ranges are those of the
     * range's last hours, and the page says so.
     */
    static final Duration NEIGHBOUR_RANGE = Duration.ofHours(6);

    @CheckedTemplate(basePath = "service")
    static class Templates {
        static native TemplateInstance service(ServiceView view);
    }

    /** What the service page shows. */
    public record ServiceView(UiRange range, PageQuery query, String service, Signals total, GoldenCharts charts,
                              boolean hourly, List<OperationRow> operations, int moreOperations,
                              Neighbours neighbours, List<SaturationSignal> saturation, List<SloStatus> slos,
                              List<AlertInstance> alerts, List<ErrorLog> errorLogs, boolean logsComplete,
                              String moreLogs, String traces, String failedTraces, String graph, String allAlerts) {
        /** The row colour of an SLO, at the services page's thresholds: overspent, or under a quarter left. */
        public String sloClass(SloStatus s) {
            if (!s.minEventsMet()) {
                return "";
            }
            return s.budgetRemaining() < 0 ? "health-critical" : s.budgetRemaining() < 0.25 ? "health-warning" : "";
        }
    }

    private final GoldenSignals signals;
    private final ServiceGraph graph;
    private final ServiceSaturation saturation;
    private final RollupReader rollups;
    private final ServiceCatalog catalog;
    private final LogSearcher logs;
    private final SloTracker slos;
    private final AlertingEngine alerts;
    private final Clock clock;

    public ServicePage(GoldenSignals signals, ServiceGraph graph, ServiceSaturation saturation, RollupReader rollups,
                       ServiceCatalog catalog, LogSearcher logs, SloTracker slos, AlertingEngine alerts,
                       Clock clock) {
        this.signals = signals;
        this.graph = graph;
        this.saturation = saturation;
        this.rollups = rollups;
        this.catalog = catalog;
        this.logs = logs;
        this.slos = slos;
        this.alerts = alerts;
        this.clock = clock;
    }

    @GET
    @Operation(hidden = true)
    public TemplateInstance service(@PathParam("name") String name, @QueryParam("range") String range,
                                    @QueryParam("start") String start, @QueryParam("end") String end,
                                    @Context UriInfo uri) {
        UiRange r = UiRange.of(range, start, end, clock);
        if (catalog.services().stream().noneMatch(s -> s.name().equals(name))) {
            throw PageException.notFound("No service named “" + name + "” has sent telemetry that is still kept.");
        }
        PageQuery query = PageQuery.of(uri);
        String rangeQuery = query.rangeQuery();

        ServiceSignals s = signals.service(name, r.range());
        List<OperationRow> operations = new ArrayList<>();
        for (Signals op : s.operations().subList(0, Math.min(MAX_OPERATIONS, s.operations().size()))) {
            operations.add(OperationRow.of(op, query));
        }
        SignalSeries series = SignalSeries.of(signals, rollups, name, r.range());

        TimeRange neighbourRange = r.range();
        long clippedHours = 0;
        if (r.length().compareTo(NEIGHBOUR_RANGE) > 0) {
            neighbourRange = new TimeRange(r.range().toEpochNanos() - NEIGHBOUR_RANGE.toNanos(),
                    r.range().toEpochNanos());
            clippedHours = NEIGHBOUR_RANGE.toHours();
        }
        Neighbours neighbours = Neighbours.of(graph.graph(neighbourRange), name, rangeQuery, clippedHours);

        Page<Scoped<LogRecord>> errors = logs.searchLogs(new LogQuery(r.range(), name, ERROR_SEVERITY, null, null,
                null, null, ERROR_LOGS, null));
        List<ErrorLog> errorLogs = errors.items().stream().map(l -> ErrorLog.of(l.item())).toList();

        PageQuery traces = query.at("/traces", "range", "start", "end").with("service", name);
        return Templates.service(new ServiceView(r, query, name, s.total(), GoldenCharts.of(series),
                series.hourly(), operations, s.operations().size() - operations.size(), neighbours,
                saturation.saturation(name, r.range()).signals(), slosOf(name), alertsOf(name), errorLogs,
                errors.complete(),
                query.at("/logs", "range", "start", "end").with("service", name).with("minSeverity", "ERROR")
                        .toString(),
                traces.toString(), traces.with("error", "true").toString(),
                query.at("/service-graph", "range", "start", "end").with("service", name).toString(),
                "/alerts?service=" + PageQuery.encode(name)));
    }

    private List<SloStatus> slosOf(String service) {
        return slos.statuses().stream().filter(s -> s.slo().service().equals(service))
                .sorted(Comparator.comparingDouble(SloStatus::budgetRemaining))
                .toList();
    }

    /** Firing first, then pending; resolved ones belong to the alerts page. */
    private List<AlertInstance> alertsOf(String service) {
        return alerts.lastRound().alerts().stream().map(AlertView::alert)
                .filter(a -> service.equals(a.labels().get("service")) && a.state() != AlertState.RESOLVED)
                .sorted(Comparator.comparing(AlertInstance::state, Comparator.comparingInt(
                        (AlertState st) -> st == AlertState.FIRING ? 0 : 1)).thenComparing(AlertInstance::name))
                .toList();
    }
}
