package dev.sightline.alerting.slo;

import dev.sightline.alerting.config.YamlNode;

import dev.sightline.alerting.alert.AlertCondition;
import dev.sightline.alerting.alert.AlertDefinition;
import dev.sightline.alerting.alert.AlertKind;
import dev.sightline.alerting.alert.AnnotationTemplate;
import dev.sightline.alerting.alert.EvidenceQuery;
import dev.sightline.alerting.alert.Violation;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The two alerts every SLO gets (SRE Workbook, "Alerting on SLOs", multiwindow, multi-burn-rate): a page
 * ({@code SloFastBurn:<slo>}, severity {@code page}) and a ticket ({@code SloSlowBurn:<slo>}, severity
 * {@code ticket}). Each fires while any of its window pairs burns faster than the pair's rate over both windows and
 * the long window has at least the SLO's {@code minEvents}. No {@code for}: the short window already confirms the
 * burn, and it makes the alert resolve soon after the burn stops.
 *
 * <p>The names carry the SLO because definition names are unique; receivers can match
 * {@code alertname=~"SloFastBurn:.*"} or route on the {@code slo} and {@code severity} labels.
 */
public final class BurnRateAlerts {
    public static final String PAGE_PREFIX = "SloFastBurn:";
    public static final String TICKET_PREFIX = "SloSlowBurn:";
    /** Conditions refuse to answer from history older than this (the tracker's update failed). */
    static final Duration MAX_STALENESS = Duration.ofMinutes(2);
    /** A burn exactly at the threshold is not above it, whatever the last bit of floating point says. */
    private static final double ABOVE = 1 + 1e-9;

    private final SloTracker tracker;

    public BurnRateAlerts(SloTracker tracker) {
        this.tracker = tracker;
    }

    public List<AlertDefinition> definitions(List<SloDefinition> slos) {
        List<AlertDefinition> out = new ArrayList<>(2 * slos.size());
        for (SloDefinition slo : slos) {
            out.addAll(definitions(slo));
        }
        return out;
    }

    /** The page and the ticket of {@code slo}; one is left out when its list of window pairs is empty. */
    public List<AlertDefinition> definitions(SloDefinition slo) {
        List<AlertDefinition> out = new ArrayList<>(2);
        BurnRatePolicy p = slo.alerting();
        if (!p.page().isEmpty()) {
            out.add(definition(slo, AlertKind.SLO_PAGE, PAGE_PREFIX, "page", p.page(), p.pageRunbook()));
        }
        if (!p.ticket().isEmpty()) {
            out.add(definition(slo, AlertKind.SLO_TICKET, TICKET_PREFIX, "ticket", p.ticket(), p.ticketRunbook()));
        }
        return out;
    }

    private AlertDefinition definition(SloDefinition slo, AlertKind kind, String prefix, String severity,
                                       List<BurnWindow> pairs, String runbook) {
        Map<String, String> labels = new LinkedHashMap<>(slo.labels());
        labels.put("slo", slo.name());
        labels.put("service", slo.service());
        if (slo.operation() != null) {
            labels.put("operation", slo.operation());
        }
        labels.put("severity", severity);
        String speed = kind == AlertKind.SLO_PAGE ? "fast" : "steadily";
        Map<String, String> annotations = Map.of(
                "summary", "SLO " + slo.name() + " (" + slo.service() + ") is burning its error budget " + speed,
                "description", "The error budget of SLO " + slo.name() + " burns at {{ $value }}x the rate that "
                        + "would spend it in exactly " + YamlNode.formatDuration(slo.window()) + ".");
        AlertCondition condition = now -> evaluate(slo, pairs, now);
        return new AlertDefinition(prefix + slo.name(), kind, Duration.ZERO, Duration.ZERO, labels, annotations,
                runbook, "slo " + slo.name(), slo.name(), condition);
    }

    private List<Violation> evaluate(SloDefinition slo, List<BurnWindow> pairs, Instant now) {
        Instant updated = tracker.updatedAt();
        if (updated == null || Duration.between(updated, now).compareTo(MAX_STALENESS) > 0) {
            throw new IllegalStateException("SLO history not updated since " + updated);
        }
        for (BurnWindow pair : pairs) {
            SloTracker.WindowEvents longEvents = events(slo, pair.longWindow());
            SloTracker.WindowEvents shortEvents = events(slo, pair.shortWindow());
            if (longEvents.counts().total() < slo.minEvents()) {
                continue;
            }
            Double longBurn = longEvents.counts().burnRate(slo.objective());
            Double shortBurn = shortEvents.counts().burnRate(slo.objective());
            if (longBurn != null && shortBurn != null && longBurn > pair.burnRate() * ABOVE
                    && shortBurn > pair.burnRate() * ABOVE) {
                return List.of(violation(slo, pair, longBurn, shortBurn, shortEvents.endMinute()));
            }
        }
        return List.of();
    }

    private SloTracker.WindowEvents events(SloDefinition slo, Duration window) {
        Optional<SloTracker.WindowEvents> e = tracker.events(slo.name(), window);
        if (e.isEmpty()) {
            throw new IllegalStateException("SLO " + slo.name() + " is not tracked yet");
        }
        return e.get();
    }

    private Violation violation(SloDefinition slo, BurnWindow pair, double longBurn, double shortBurn,
                                long endMinute) {
        SloStatus status = tracker.status(slo.name()).orElseThrow();
        String longName = YamlNode.formatDuration(pair.longWindow());
        String shortName = YamlNode.formatDuration(pair.shortWindow());
        Map<String, String> a = new LinkedHashMap<>();
        a.put("burn_rate_" + longName, AnnotationTemplate.format(longBurn));
        a.put("burn_rate_" + shortName, AnnotationTemplate.format(shortBurn));
        a.put("burn_rate_threshold", AnnotationTemplate.format(pair.burnRate()));
        a.put("long_window", longName);
        a.put("short_window", shortName);
        a.put("budget_remaining", String.format(Locale.ROOT, "%.4f", status.budgetRemaining()));
        String exhaustion = status.budgetRemaining() <= 0 ? "0s"
                : status.timeToExhaustion() == null ? "" : YamlNode.formatDuration(roundToMinute(status.timeToExhaustion()));
        a.put("time_to_exhaustion", exhaustion);
        a.put("objective", AnnotationTemplate.format(slo.objective()));
        a.put("sli", status.sli() == null ? "" : String.format(Locale.ROOT, "%.5f", status.sli()));
        StringBuilder d = new StringBuilder();
        d.append("SLO ").append(slo.name()).append(" burns its error budget ").append(a.get("burn_rate_" + longName))
                .append("x as fast as allowed over ").append(longName).append(" and ")
                .append(a.get("burn_rate_" + shortName)).append("x over ").append(shortName)
                .append(" (threshold ").append(a.get("burn_rate_threshold")).append("x). ");
        d.append(String.format(Locale.ROOT, "%.1f%%", 100 * status.budgetRemaining()))
                .append(" of the ").append(YamlNode.formatDuration(slo.window())).append(" budget remains");
        if (!exhaustion.isEmpty() && status.budgetRemaining() > 0) {
            d.append("; at the last hour's rate it is gone in ").append(exhaustion);
        }
        d.append(". SLI ").append(status.sli() == null ? "unknown"
                : String.format(Locale.ROOT, "%.3f%%", 100 * status.sli()))
                .append(", objective ").append(SloYaml.percent(slo.objective())).append('.');
        a.put("description", d.toString());

        Instant to = Instant.ofEpochSecond(endMinute * 60);
        Instant from = to.minus(pair.shortWindow());
        EvidenceQuery evidence = slo.sli() == SliKind.AVAILABILITY
                ? EvidenceQuery.failedRequests(slo.service(), slo.operation(), from, to)
                : EvidenceQuery.slowRequests(slo.service(), slo.operation(), slo.latencyThreshold().toNanos() + 1,
                from, to);
        return new Violation(Map.of(), longBurn, a, evidence);
    }

    private static Duration roundToMinute(Duration d) {
        long minutes = Math.max(1, (d.getSeconds() + 59) / 60);
        return Duration.ofMinutes(minutes);
    }
}
