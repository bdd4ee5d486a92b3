package dev.sightline.ui.slos;

import dev.sightline.alerting.slo.SliKind;
import dev.sightline.alerting.slo.SloDefinition;
import dev.sightline.alerting.slo.SloStatus;
import dev.sightline.alerting.slo.SloYaml;
import dev.sightline.ui.web.Format;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One active SLO as the pages show it: its definition, its error budget as of the last evaluation round (null until
 * the first round after it was added or changed, as {@code evaluated: false} in the API) and its two burn-rate
 * alerts.
 */
public record SloEntry(SloDefinition slo, SloStatus status, SloAlert page, SloAlert ticket) {

    /** Worst budget first; SLOs not evaluated yet last; then by name. */
    static final Comparator<SloEntry> WORST_FIRST = Comparator
            .comparing((SloEntry e) -> e.status == null ? Double.POSITIVE_INFINITY : e.status.budgetRemaining())
            .thenComparing(e -> e.slo.name());

    public String name() {
        return slo.name();
    }

    public boolean evaluated() {
        return status != null;
    }

    /** availability, or "latency ≤ 500ms". */
    public String sliKind() {
        return slo.sli() == SliKind.LATENCY
                ? "latency ≤ " + Format.duration(slo.latencyThreshold())
                : slo.sli().fileName();
    }

    public String objective() {
        return SloYaml.percent(slo.objective()).replace("%", " %");
    }

    /** The SLI with three decimals of a percent: 99.9 % and 99.95 % must read differently. */
    public String sli() {
        return status == null || status.sli() == null ? Format.NONE
                : String.format(Locale.ROOT, "%.3f %%", 100 * status.sli());
    }

    public String budgetRemaining() {
        return status == null ? Format.NONE : Format.percent(status.budgetRemaining());
    }

    public BudgetBar bar() {
        return BudgetBar.of(status == null ? 1 : status.budgetRemaining());
    }

    public List<BurnCell> burns() {
        return BurnCell.of(status == null ? Map.of() : status.burnRates(), slo.alerting());
    }

    /** "exhausted" once the budget is gone; a dash when the last hour did not burn. */
    public String timeToExhaustion() {
        if (status == null) {
            return Format.NONE;
        }
        if (status.budgetRemaining() <= 0) {
            return "exhausted";
        }
        Duration d = status.timeToExhaustion();
        return d == null ? Format.NONE : Format.duration(Duration.ofMinutes(Math.max(1, d.toMinutes())));
    }

    public boolean alerting() {
        return page.firing() || ticket.firing();
    }

    public String health() {
        if (status == null) {
            return "health-idle";
        }
        if (page.firing() || status.budgetRemaining() <= 0) {
            return "health-critical";
        }
        return ticket.firing() || status.budgetRemaining() < BudgetBar.LOW ? "health-warning" : "health-ok";
    }
}
