package dev.sightline.ui.slos;

import dev.sightline.alerting.alert.AlertKind;
import dev.sightline.alerting.config.ConfigProblem;
import dev.sightline.alerting.engine.AlertView;
import dev.sightline.alerting.engine.AlertingEngine;
import dev.sightline.alerting.slo.BurnRateAlerts;
import dev.sightline.alerting.slo.SloDefinition;
import dev.sightline.alerting.slo.SloRegistry;
import dev.sightline.alerting.slo.SloStatus;
import dev.sightline.alerting.slo.SloTracker;
import dev.sightline.alerting.slo.SloYaml;
import dev.sightline.ui.chart.TimeChart;
import dev.sightline.ui.web.PageException;
import dev.sightline.ui.web.PageQuery;
import dev.sightline.ui.web.UiParams;
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

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The SLOs and their error budgets, worst first, and one SLO in full with its burn-down chart. Numbers come from
 * the SLO tracker as of the last evaluation round, joined with the active definitions the way {@code /api/slos}
 * joins them (a status counts only while it belongs to the definition now active), so page and API agree.
 */
@Path("/slos")
@Produces(MediaType.TEXT_HTML)
public class SlosPage {
    static final int PAGE_SIZE = 100;

    @CheckedTemplate(basePath = "slos")
    static class Templates {
        static native TemplateInstance slos(SlosView view);

        static native TemplateInstance slo(SloView view);
    }

    /** The list: the current page of matching SLOs, and why the SLO file was last refused (null when it loaded). */
    public record SlosView(PageQuery query, String filter, List<SloEntry> rows, int total, int matching, int page,
                           int pages, long exhausted, long alerting, Instant asOf, ConfigProblem problem,
                           String file, List<String> windows) {
    }

    /**
     * One SLO.
     *
     * @param origin {@code file} or {@code api}
     * @param chart  the burn-down, null before the first evaluation
     */
    public record SloView(SloEntry entry, String origin, String file, String yaml, TimeChart chart,
                          List<PolicyRow> policy, boolean overspent) {
        public SloDefinition slo() {
            return entry.slo();
        }

        public SloStatus status() {
            return entry.status();
        }

        public List<SloAlert> alerts() {
            return List.of(entry.page(), entry.ticket());
        }

        public long bad() {
            return entry.status() == null ? 0 : entry.status().totalEvents() - entry.status().goodEvents();
        }
    }

    private final SloRegistry registry;
    private final SloTracker tracker;
    private final AlertingEngine engine;

    public SlosPage(SloRegistry registry, SloTracker tracker, AlertingEngine engine) {
        this.registry = registry;
        this.tracker = tracker;
        this.engine = engine;
    }

    @GET
    @Operation(hidden = true)
    public TemplateInstance list(@QueryParam("q") String q, @QueryParam("page") String page, @Context UriInfo uri) {
        String filter = UiParams.text(q);
        Map<String, SloStatus> statuses = new HashMap<>();
        for (SloStatus s : tracker.statuses()) {
            statuses.put(s.slo().name(), s.withoutHistory());
        }
        Map<String, AlertView> alerts = burnRateAlerts();
        List<SloDefinition> active = registry.active();
        List<SloEntry> rows = new ArrayList<>();
        for (SloDefinition d : active) {
            if (filter == null || contains(d.name(), filter) || contains(d.service(), filter)) {
                rows.add(entry(d, statuses.get(d.name()), alerts));
            }
        }
        rows.sort(SloEntry.WORST_FIRST);
        int pages = Math.max(1, (rows.size() + PAGE_SIZE - 1) / PAGE_SIZE);
        int current = Math.min(UiParams.limit("page", page, 1, Integer.MAX_VALUE), pages);
        List<SloEntry> shown = rows.subList((current - 1) * PAGE_SIZE, Math.min(rows.size(), current * PAGE_SIZE));
        long exhausted = rows.stream().filter(e -> e.status() != null && e.status().budgetRemaining() <= 0).count();
        long alerting = rows.stream().filter(SloEntry::alerting).count();
        return Templates.slos(new SlosView(PageQuery.of(uri), filter, List.copyOf(shown), active.size(), rows.size(),
                current, pages, exhausted, alerting, tracker.updatedAt(), registry.problem(),
                registry.file().map(java.nio.file.Path::toString).orElse(null),
                List.copyOf(SloTracker.STATUS_WINDOWS.keySet())));
    }

    @GET
    @Path("{name}")
    @Operation(hidden = true)
    public TemplateInstance one(@PathParam("name") String name) {
        SloDefinition d = registry.find(name)
                .orElseThrow(() -> PageException.notFound("No active SLO is named “" + name + "”."));
        SloStatus status = tracker.status(name).orElse(null);
        SloEntry entry = entry(d, status, burnRateAlerts());
        SloStatus shown = entry.status();
        String origin = registry.origin(name).orElse("api");
        return Templates.slo(new SloView(entry, origin,
                "file".equals(origin) ? registry.file().map(java.nio.file.Path::toString).orElse(null) : null,
                SloYaml.write(d), shown == null ? null : BurnDown.of(shown.history()),
                PolicyRow.of(d.alerting(), shown == null ? Map.of() : shown.burnRates()),
                shown != null && shown.budgetRemaining() < 0));
    }

    /** As {@code /api/slos}: a status counts only while it was computed for the definition now active. */
    private static SloEntry entry(SloDefinition d, SloStatus status, Map<String, AlertView> alerts) {
        SloStatus own = status != null && status.slo().equals(d) ? status : null;
        return new SloEntry(d, own,
                SloAlert.of("page", BurnRateAlerts.PAGE_PREFIX + d.name(), !d.alerting().page().isEmpty(),
                        alerts.get(key(AlertKind.SLO_PAGE, d.name()))),
                SloAlert.of("ticket", BurnRateAlerts.TICKET_PREFIX + d.name(), !d.alerting().ticket().isEmpty(),
                        alerts.get(key(AlertKind.SLO_TICKET, d.name()))));
    }

    /** The burn-rate alerts of the last round by kind and SLO (each has one label set, so one instance). */
    private Map<String, AlertView> burnRateAlerts() {
        Map<String, AlertView> out = new HashMap<>();
        for (AlertView v : engine.lastRound().alerts()) {
            AlertKind kind = v.alert().kind();
            if (v.alert().slo() != null && (kind == AlertKind.SLO_PAGE || kind == AlertKind.SLO_TICKET)) {
                out.putIfAbsent(key(kind, v.alert().slo()), v);
            }
        }
        return out;
    }

    private static String key(AlertKind kind, String slo) {
        return kind.name() + '\u0000' + slo;
    }

    private static boolean contains(String text, String part) {
        return text.toLowerCase(Locale.ROOT).contains(part.toLowerCase(Locale.ROOT));
    }
}
