package dev.sightline.alerting.slo;

import dev.sightline.alerting.config.ConfigProblem;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The JSON shapes of {@code /api/slos}: times as epoch milliseconds ({@code ...EpochMillis}), durations as seconds
 * ({@code ...Seconds}) or milliseconds ({@code thresholdMs}), as in the query API. See docs/api.md.
 */
public final class SloJson {
    private SloJson() {
    }

    public record Pair(long longSeconds, long shortSeconds, double burnRate) {
        static List<Pair> of(List<BurnWindow> pairs) {
            List<Pair> out = new ArrayList<>(pairs.size());
            for (BurnWindow w : pairs) {
                out.add(new Pair(w.longWindow().toSeconds(), w.shortWindow().toSeconds(), w.burnRate()));
            }
            return out;
        }
    }

    public record Alerting(List<Pair> page, List<Pair> ticket, String pageRunbook, String ticketRunbook) {
        static Alerting of(BurnRatePolicy p) {
            return new Alerting(Pair.of(p.page()), Pair.of(p.ticket()), p.pageRunbook(), p.ticketRunbook());
        }
    }

    /** An SLO as defined; {@code origin} is {@code file} or {@code api}. */
    public record Slo(String name, String origin, String service, String operation, String sli, double objective,
                      Double thresholdMs, long windowSeconds, long minEvents, Map<String, String> labels,
                      String description, Alerting alerting) {
        static Slo of(SloDefinition d, String origin) {
            return new Slo(d.name(), origin, d.service(), d.operation(), d.sli().fileName(), d.objective(),
                    d.latencyThreshold() == null ? null : d.latencyThreshold().toNanos() / 1e6,
                    d.window().toSeconds(), d.minEvents(), d.labels(), d.description(), Alerting.of(d.alerting()));
        }
    }

    public record Point(long startEpochMillis, double budgetRemaining, Double sli, long events) {
    }

    /**
     * An SLO with its error budget; {@code evaluated} is false (and the numbers empty) until the first evaluation
     * round after it was added or changed. {@code history} is only in the answer for one SLO.
     */
    public record Status(Slo slo, boolean evaluated, Long asOfEpochMillis, Long windowStartEpochMillis,
                         long totalEvents, long goodEvents, Double sli, double errorBudget, long consumed,
                         double budgetRemaining, Map<String, Double> burnRates, Long timeToExhaustionSeconds,
                         boolean minEventsMet, List<Point> history) {
        static Status of(SloDefinition d, String origin, SloStatus s, boolean withHistory) {
            if (s == null) {
                return new Status(Slo.of(d, origin), false, null, null, 0, 0, null, 0, 0, 1, Map.of(), null, false,
                        List.of());
            }
            List<Point> points = new ArrayList<>();
            if (withHistory) {
                for (BudgetPoint p : s.history()) {
                    points.add(new Point(p.hourStart().toEpochMilli(), p.budgetRemaining(), p.sli(), p.events()));
                }
            }
            return new Status(Slo.of(d, origin), true, s.asOf().toEpochMilli(), s.windowStart().toEpochMilli(),
                    s.totalEvents(), s.goodEvents(), s.sli(), s.errorBudget(), s.consumed(), s.budgetRemaining(),
                    s.burnRates(), s.timeToExhaustion() == null ? null : s.timeToExhaustion().toSeconds(),
                    s.minEventsMet(), points);
        }
    }

    public record StatusList(Long asOfEpochMillis, List<Status> slos) {
    }

    public record Suggestion(Slo slo, String yaml, String basis) {
    }

    public record Suggestions(List<Suggestion> suggestions) {
    }

    public record Problem(String file, int line, String reason, String message, long sinceEpochMillis) {
        static Problem of(ConfigProblem p) {
            return p == null ? null : new Problem(p.file(), p.line(), p.reason(), p.message(),
                    p.since().toEpochMilli());
        }
    }

    /** The SLO file: where it is (null when none is configured), why it was last refused, how many SLOs are active. */
    public record Config(String file, Problem problem, int count) {
    }
}
