package dev.sightline.ui.alerts;

import dev.sightline.ui.web.CrossSiteGuard;
import dev.sightline.alerting.api.AlertResource;
import dev.sightline.alerting.notify.DeliveryAttempt;
import dev.sightline.alerting.notify.NotificationDispatcher;
import dev.sightline.alerting.silence.InvalidSilenceException;
import dev.sightline.alerting.silence.Matcher;
import dev.sightline.alerting.silence.Silence;
import dev.sightline.alerting.silence.SilenceRequest;
import dev.sightline.alerting.silence.SilenceStore;
import dev.sightline.ui.web.PageException;
import dev.sightline.ui.web.PageQuery;
import dev.sightline.ui.web.UiParams;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Alerts after the last evaluation round, as {@code /api/alerts} lists them (same filters, same order: firing,
 * pending, resolved), and one alert with everything known about it: why it fires, what to do, the traces that
 * made it fire, what mutes it and what was sent. The one thing a page here changes is a silence.
 */
@Path("/alerts")
@Produces(MediaType.TEXT_HTML)
public class AlertsPage {
    static final int PAGE_SIZE = 100;
    /** Delivery attempts searched for one alert's: the API's largest page, newest first. */
    static final int DELIVERIES_SEARCHED = 1000;
    static final String DEFAULT_SILENCE = "2h";

    @CheckedTemplate(basePath = "alerts")
    static class Templates {
        static native TemplateInstance alerts(AlertsView view);

        static native TemplateInstance alert(AlertDetailView view);
    }

    /** The list; {@code errors} are the definitions the round could not evaluate (their alerts kept their state). */
    public record AlertsView(PageQuery query, String state, String kind, String service, List<AlertItem> rows,
                             int matching, int page, int pages, long firing, long pending, long resolved,
                             Instant evaluatedAt, long evaluationMillis, int definitions, List<Label> errors) {
    }

    /**
     * One alert.
     *
     * @param silencedNow  an active silence matches it now (the round's mark may be up to one interval behind)
     * @param inhibitor    the alert holding its notifications back, null when none (or it is gone)
     * @param deliveries   notification attempts that carried it, newest first
     */
    public record AlertDetailView(AlertItem item, List<Timeline> timeline, List<SilenceRow> silences,
                                  boolean silencedNow, String inhibitedBy, AlertItem inhibitor,
                                  List<DeliveryAttempt> deliveries, String defaultDuration, Instant now) {
        public AlertResource.Alert alert() {
            return item.alert();
        }
    }

    /** One moment of an alert's life. */
    public record Timeline(String what, Instant at) {
    }

    private final AlertResource alerts;
    private final SilenceStore silences;
    private final NotificationDispatcher notifications;
    private final Clock clock;

    public AlertsPage(AlertResource alerts, SilenceStore silences, NotificationDispatcher notifications,
                      Clock clock) {
        this.alerts = alerts;
        this.silences = silences;
        this.notifications = notifications;
        this.clock = clock;
    }

    @GET
    @Operation(hidden = true)
    public TemplateInstance list(@QueryParam("state") String state, @QueryParam("kind") String kind,
                                 @QueryParam("service") String service, @QueryParam("page") String page,
                                 @Context UriInfo uri) {
        String wantedState = UiParams.text(state);
        String wantedKind = UiParams.text(kind);
        String wantedService = UiParams.text(service);
        AlertResource.AlertList all = UiParams.parse(() -> alerts.list(wantedState, wantedKind, wantedService));
        List<AlertItem> rows = all.alerts().stream().map(AlertItem::new).toList();
        int pages = Math.max(1, (rows.size() + PAGE_SIZE - 1) / PAGE_SIZE);
        int current = Math.min(UiParams.limit("page", page, 1, Integer.MAX_VALUE), pages);
        List<AlertItem> shown = rows.subList((current - 1) * PAGE_SIZE, Math.min(rows.size(), current * PAGE_SIZE));
        return Templates.alerts(new AlertsView(PageQuery.of(uri), wantedState, wantedKind, wantedService,
                List.copyOf(shown), rows.size(), current, pages, count(rows, "firing"), count(rows, "pending"),
                count(rows, "resolved"), all.evaluatedAt(), all.evaluationMillis(), all.definitions(),
                Label.of(new java.util.TreeMap<>(all.errors()))));
    }

    @GET
    @Path("{fingerprint}")
    @Operation(hidden = true)
    public TemplateInstance one(@PathParam("fingerprint") String fingerprint) {
        AlertItem item = find(fingerprint);
        AlertResource.Alert a = item.alert();
        Instant now = clock.instant();
        List<SilenceRow> matching = new ArrayList<>();
        boolean silencedNow = false;
        for (Silence s : silences.list()) {
            if (s.matches(a.labels())) {
                SilenceRow row = SilenceRow.of(s, now);
                matching.add(row);
                silencedNow |= s.silences(a.labels(), now);
            }
        }
        AlertItem inhibitor = a.inhibitedBy() == null ? null : lookup(a.inhibitedBy());
        return Templates.alert(new AlertDetailView(item, timeline(a), matching, silencedNow, a.inhibitedBy(), inhibitor,
                deliveries(fingerprint), DEFAULT_SILENCE, now));
    }

    /**
     * Creates a silence whose matchers are the alert's labels, each with {@code =}: it mutes this alert and no
     * other. Checked as {@code POST /api/silences} checks it (comment and author required, an end in the future).
     */
    @POST
    @Path("{fingerprint}/silence")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @Operation(hidden = true)
    public Response silence(@PathParam("fingerprint") String fingerprint, @FormParam("duration") String duration,
                            @FormParam("comment") String comment, @FormParam("createdBy") String createdBy,
                            @HeaderParam("Sec-Fetch-Site") String fetchSite, @HeaderParam("Origin") String origin,
                            @HeaderParam("Host") String host) {
        CrossSiteGuard.check(fetchSite, origin, host);
        AlertItem item = find(fingerprint);
        Duration length = UiParams.duration("duration", UiParams.text(duration) == null ? DEFAULT_SILENCE : duration);
        if (length.isZero() || length.isNegative()) {
            throw PageException.badParameter("duration", "must be positive, such as 30m, 2h or 1d");
        }
        List<Matcher> matchers = new ArrayList<>();
        for (Map.Entry<String, String> l : item.alert().labels().entrySet()) {
            matchers.add(Matcher.equal(l.getKey(), l.getValue()));
        }
        try {
            silences.create(new SilenceRequest(matchers, null, clock.instant().plus(length), createdBy, comment));
        } catch (InvalidSilenceException e) {
            throw PageException.badParameter(e.field(), e.getMessage());
        }
        return Response.seeOther(URI.create("/alerts/" + item.fingerprint())).build();
    }

    private AlertItem find(String fingerprint) {
        AlertItem item = lookup(fingerprint);
        if (item == null) {
            throw PageException.notFound("No pending, firing or recently resolved alert has the fingerprint “"
                    + fingerprint + "”. Resolved alerts are kept 15 minutes.");
        }
        return item;
    }

    private AlertItem lookup(String fingerprint) {
        Response r = alerts.one(fingerprint);
        return r.getStatus() == 200 ? new AlertItem((AlertResource.Alert) r.getEntity()) : null;
    }

    private List<DeliveryAttempt> deliveries(String fingerprint) {
        return notifications.deliveryLog().recent(null, DELIVERIES_SEARCHED).stream()
                .filter(d -> d.fingerprints().contains(fingerprint))
                .toList();
    }

    private static List<Timeline> timeline(AlertResource.Alert a) {
        List<Timeline> out = new ArrayList<>();
        out.add(new Timeline("started violating (pending)", a.activeAt()));
        if (a.firedAt() != null) {
            out.add(new Timeline("fired", a.firedAt()));
        }
        if (a.lastViolation() != null) {
            out.add(new Timeline("last seen violating", a.lastViolation()));
        }
        if (a.resolvedAt() != null) {
            out.add(new Timeline("resolved", a.resolvedAt()));
        }
        return out;
    }

    private static long count(List<AlertItem> rows, String state) {
        return rows.stream().filter(r -> r.state().equals(state)).count();
    }
}
