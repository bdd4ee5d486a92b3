package dev.sightline.ui.services;

import dev.sightline.alerting.alert.AlertInstance;
import dev.sightline.alerting.alert.AlertState;
import dev.sightline.alerting.engine.AlertView;
import dev.sightline.alerting.engine.AlertingEngine;
import dev.sightline.alerting.slo.SloStatus;
import dev.sightline.alerting.slo.SloTracker;
import dev.sightline.query.metrics.SaturationSignal;
import dev.sightline.query.metrics.ServiceSaturation;
import dev.sightline.query.signals.GoldenSignals;
import dev.sightline.query.signals.Signals;
import dev.sightline.store.read.RollupReader;
import dev.sightline.store.rollup.SpanRollup;
import dev.sightline.ui.web.PageQuery;
import dev.sightline.ui.web.UiParams;
import dev.sightline.ui.web.UiRange;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The front page: every service with its golden signals, worst first, so the red one is at the top. Sparklines and
 * saturation are computed only for the rows on the current page; the rest of the table costs one merged read.
 */
@Path("/")
@Produces(MediaType.TEXT_HTML)
public class ServicesPage {
    static final int PAGE_SIZE = 50;

    @CheckedTemplate(basePath = "services")
    static class Templates {
        static native TemplateInstance services(ServicesView view);
    }

    /** What the services page shows; {@code rows} is the current page of the filtered, sorted table. */
    public record ServicesView(UiRange range, PageQuery query, String filter, String sort, List<ServiceRow> rows,
                               int total, int matching, int page, int pages, long critical, long warning) {
        public boolean hasPrevious() {
            return page > 1;
        }

        public boolean hasNext() {
            return page < pages;
        }
    }

    private final GoldenSignals signals;
    private final ServiceSaturation saturation;
    private final RollupReader rollups;
    private final SloTracker slos;
    private final AlertingEngine alerts;
    private final Clock clock;

    public ServicesPage(GoldenSignals signals, ServiceSaturation saturation, RollupReader rollups, SloTracker slos,
                        AlertingEngine alerts, Clock clock) {
        this.signals = signals;
        this.saturation = saturation;
        this.rollups = rollups;
        this.slos = slos;
        this.alerts = alerts;
        this.clock = clock;
    }

    @GET
    @Operation(hidden = true)
    public Response home() {
        return Response.seeOther(URI.create("/services")).build();
    }

    @GET
    @Path("services")
    @Operation(hidden = true)
    public TemplateInstance services(@QueryParam("range") String range, @QueryParam("start") String start,
                                     @QueryParam("end") String end, @QueryParam("q") String q,
                                     @QueryParam("sort") String sort, @QueryParam("page") String page,
                                     @Context UriInfo uri) {
        UiRange r = UiRange.of(range, start, end, clock);
        String filter = UiParams.text(q);
        String order = sort == null || sort.isBlank() ? "health" : sort;
        Comparator<ServiceRow> comparator = comparator(order);
        Map<String, SloStatus> worstSlo = worstSloByService();
        Map<String, int[]> alertCounts = alertCountsByService();
        // One read of every service's rollups serves both the table's totals and the shown rows' sparklines.
        List<SpanRollup> rollupRows = ServiceTrend.read(rollups, r.range());
        List<Signals> all = signals.services(r.range(), rollupRows);
        List<ServiceRow> rows = new ArrayList<>();
        for (Signals s : all) {
            if (filter != null && !s.service().toLowerCase(Locale.ROOT).contains(filter.toLowerCase(Locale.ROOT))) {
                continue;
            }
            SloStatus slo = worstSlo.get(s.service());
            Double budget = slo == null || !slo.minEventsMet() ? null : slo.budgetRemaining();
            int[] counts = alertCounts.getOrDefault(s.service(), new int[2]);
            rows.add(new ServiceRow(s, null, slo == null ? null : slo.slo().name(), budget, counts[0], counts[1],
                    ServiceRow.healthOf(s, budget, counts[0], counts[1]), null));
        }
        rows.sort(comparator);
        int pages = Math.max(1, (rows.size() + PAGE_SIZE - 1) / PAGE_SIZE);
        int current = Math.min(UiParams.limit("page", page, 1, Integer.MAX_VALUE), pages);
        List<ServiceRow> shown = new ArrayList<>(rows.subList((current - 1) * PAGE_SIZE,
                Math.min(rows.size(), current * PAGE_SIZE)));
        Map<String, ServiceTrend> trends = ServiceTrend.of(rollupRows, shown.stream().map(ServiceRow::name).toList(),
                r.range());
        for (int i = 0; i < shown.size(); i++) {
            ServiceRow row = shown.get(i);
            shown.set(i, row.withDetails(mostSaturated(row.name(), r), trends.get(row.name())));
        }
        long critical = rows.stream().filter(x -> x.health() == ServiceRow.Health.CRITICAL).count();
        long warning = rows.stream().filter(x -> x.health() == ServiceRow.Health.WARNING).count();
        return Templates.services(new ServicesView(r, PageQuery.of(uri), filter, order, shown, all.size(),
                rows.size(), current, pages, critical, warning));
    }

    private SaturationSignal mostSaturated(String service, UiRange r) {
        return saturation.saturation(service, r.range()).signals().stream()
                .filter(SaturationSignal::utilization)
                .max(Comparator.comparingDouble(SaturationSignal::value))
                .orElse(null);
    }

    private Map<String, SloStatus> worstSloByService() {
        Map<String, SloStatus> worst = new HashMap<>();
        for (SloStatus s : slos.statuses()) {
            worst.merge(s.slo().service(), s, (a, b) -> a.budgetRemaining() <= b.budgetRemaining() ? a : b);
        }
        return worst;
    }

    /** [firing, pending] per service label. */
    private Map<String, int[]> alertCountsByService() {
        Map<String, int[]> counts = new HashMap<>();
        for (AlertView v : alerts.lastRound().alerts()) {
            AlertInstance a = v.alert();
            String service = a.labels().get("service");
            if (service == null) {
                continue;
            }
            if (a.state() == AlertState.FIRING) {
                counts.computeIfAbsent(service, k -> new int[2])[0]++;
            } else if (a.state() == AlertState.PENDING) {
                counts.computeIfAbsent(service, k -> new int[2])[1]++;
            }
        }
        return counts;
    }

    static Comparator<ServiceRow> comparator(String sort) {
        Comparator<ServiceRow> byName = Comparator.comparing(ServiceRow::name);
        return switch (sort) {
            case "name" -> byName;
            case "traffic" -> Comparator.comparingDouble((ServiceRow r) -> r.signals().requestsPerSecond())
                    .reversed().thenComparing(byName);
            case "errors" -> Comparator.comparing((ServiceRow r) -> r.signals().errorRatio(),
                    Comparator.nullsLast(Comparator.reverseOrder())).thenComparing(byName);
            case "p99" -> Comparator.comparing((ServiceRow r) -> r.signals().latency().p99Ms(),
                    Comparator.nullsLast(Comparator.reverseOrder())).thenComparing(byName);
            case "health" -> Comparator.comparing((ServiceRow r) -> r.health())
                    .thenComparing((ServiceRow r) -> r.signals().errorRatio(),
                            Comparator.nullsLast(Comparator.reverseOrder()))
                    .thenComparing((ServiceRow r) -> r.signals().latency().p99Ms(),
                            Comparator.nullsLast(Comparator.reverseOrder()))
                    .thenComparing(byName);
            default -> throw dev.sightline.ui.web.PageException.badParameter("sort",
                    "must be one of health, name, traffic, errors, p99");
        };
    }
}
