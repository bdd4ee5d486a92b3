package dev.sightline.alerting.api;

import dev.sightline.alerting.alert.AlertInstance;
import dev.sightline.alerting.alert.AlertKind;
import dev.sightline.alerting.alert.AlertState;
import dev.sightline.alerting.alert.EvidenceTrace;
import dev.sightline.alerting.engine.AlertView;
import dev.sightline.alerting.engine.AlertingEngine;
import dev.sightline.alerting.engine.RoundReport;
import dev.sightline.query.errors.ApiError;
import dev.sightline.query.errors.BadParameterException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The alerts after the last evaluation round: pending, firing and recently resolved, with why and what to do. */
@Path("/api/alerts")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Alerts")
public class AlertResource {
    private final AlertingEngine engine;

    public AlertResource(AlertingEngine engine) {
        this.engine = engine;
    }

    /** One alert: its instance, the silences or alert holding its notifications back, its evidence. */
    public record Alert(String fingerprint, String name, String kind, String slo, String state,
                        Map<String, String> labels, Map<String, String> annotations, double value, Instant activeAt,
                        Instant firedAt, Instant resolvedAt, Instant lastViolation, List<EvidenceTrace> evidence,
                        List<String> silencedBy, String inhibitedBy) {
        static Alert of(AlertView v) {
            AlertInstance i = v.alert();
            return new Alert(i.fingerprint(), i.name(), i.kind().name().toLowerCase(Locale.ROOT), i.slo(),
                    i.state().name().toLowerCase(Locale.ROOT), i.labels(), i.annotations(), i.value(), i.activeAt(),
                    i.firedAt(), i.resolvedAt(), i.lastViolation(), i.evidence(), v.suppression().silencedBy(),
                    v.suppression().inhibitedBy());
        }
    }

    /** The alerts and the round they come from; {@code errors} names definitions that could not be evaluated. */
    public record AlertList(Instant evaluatedAt, long evaluationMillis, int definitions, List<Alert> alerts,
                            Map<String, String> errors) {
    }

    @GET
    @Operation(summary = "Alerts after the last evaluation round",
            description = "Pending, firing and recently resolved alerts, firing first, then by name. Each carries "
                    + "its labels, annotations (summary, runbook_url, an SLO alert's burn rates), the traces that "
                    + "violated it and whether a silence or another alert holds its notifications back.")
    public AlertList list(@Parameter(description = "pending, firing or resolved") @QueryParam("state") String state,
                          @Parameter(description = "slo_page, slo_ticket or rule") @QueryParam("kind") String kind,
                          @Parameter(description = "only alerts with this service label")
                          @QueryParam("service") String service) {
        AlertState wantedState = parse(AlertState.class, "state", state);
        AlertKind wantedKind = parse(AlertKind.class, "kind", kind);
        RoundReport r = engine.lastRound();
        List<Alert> alerts = r.alerts().stream()
                .filter(v -> wantedState == null || v.alert().state() == wantedState)
                .filter(v -> wantedKind == null || v.alert().kind() == wantedKind)
                .filter(v -> service == null || service.equals(v.alert().labels().get("service")))
                .sorted(Comparator.comparing((AlertView v) -> v.alert().state().ordinal() == 1 ? 0
                                : v.alert().state().ordinal() == 0 ? 1 : 2)
                        .thenComparing(v -> v.alert().name())
                        .thenComparing(v -> v.alert().fingerprint()))
                .map(Alert::of)
                .toList();
        return new AlertList(r.at(), r.took().toMillis(), r.definitions(), alerts, r.errors());
    }

    @GET
    @Path("/{fingerprint}")
    @Operation(summary = "One alert by its fingerprint")
    public Response one(@PathParam("fingerprint") String fingerprint) {
        return engine.lastRound().alerts().stream()
                .filter(v -> v.alert().fingerprint().equals(fingerprint))
                .findFirst()
                .map(v -> Response.ok(Alert.of(v)).build())
                .orElseGet(() -> Response.status(404).type(MediaType.APPLICATION_JSON_TYPE)
                        .entity(new ApiError("no alert with fingerprint " + fingerprint, "fingerprint")).build());
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String parameter, String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        for (E e : type.getEnumConstants()) {
            if (e.name().equalsIgnoreCase(text)) {
                return e;
            }
        }
        throw new BadParameterException(parameter, parameter + " must be one of "
                + String.join(", ", java.util.Arrays.stream(type.getEnumConstants())
                .map(e -> e.name().toLowerCase(Locale.ROOT)).toList()) + ": '" + text + "'");
    }
}
