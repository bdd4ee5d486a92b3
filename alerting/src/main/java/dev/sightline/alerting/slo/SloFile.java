package dev.sightline.alerting.slo;

import dev.sightline.alerting.config.ConfigException;
import dev.sightline.alerting.config.DefinitionParser;
import dev.sightline.alerting.config.YamlNode;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Reads SLO definitions: a file with a top-level {@code slos:} list, or one SLO alone (the body of
 * {@code PUT /api/slos/{name}}, JSON or YAML). Strict: an unknown field, a value out of range, a duplicate name or a
 * runbook that does not exist refuses the whole file with {@code file:line: reason}. See alerting/README.md.
 */
public final class SloFile implements DefinitionParser<SloDefinition> {
    static final Set<String> SLO_FIELDS = Set.of("name", "service", "operation", "sli", "objective", "threshold",
            "window", "min_events", "labels", "description", "alerting");
    static final Set<String> ALERTING_FIELDS = Set.of("page", "ticket", "page_runbook", "ticket_runbook");
    static final Set<String> PAIR_FIELDS = Set.of("long", "short", "burn_rate");
    /** Path segments of the API next to {@code /api/slos/{name}}. */
    static final Set<String> RESERVED_NAMES = Set.of("suggestions", "config");
    /** Labels the burn-rate alerts set themselves. */
    static final Set<String> RESERVED_LABELS = Set.of("alertname", "slo", "service", "operation", "severity");
    /**
     * Burn windows are summed from per-minute history held in memory; a week bounds it (see {@link SliHistory}).
     */
    static final Duration MAX_BURN_WINDOW = Duration.ofDays(7);
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

    private final Predicate<String> runbookExists;

    public SloFile(Predicate<String> runbookExists) {
        this.runbookExists = Objects.requireNonNull(runbookExists);
    }

    @Override
    public List<SloDefinition> parse(String file, String text) throws ConfigException {
        YamlNode root = YamlNode.parse(file, text);
        if (root.isMissing()) {
            return List.of();
        }
        Map<String, YamlNode> top = root.mapping("an SLO file");
        if (!top.containsKey("slos")) {
            if (!top.containsKey("name")) {
                throw root.error("expected a top-level 'slos:' list (or a single SLO with a 'name')");
            }
            return List.of(slo(root));
        }
        root.checkKeys("an SLO file", Set.of("slos"));
        List<SloDefinition> out = new ArrayList<>();
        Map<String, Integer> firstLine = new HashMap<>();
        for (YamlNode item : root.child(top, "slos").sequence("slos")) {
            SloDefinition slo = slo(item);
            Integer first = firstLine.putIfAbsent(slo.name(), item.line());
            if (first != null) {
                throw item.error("duplicate SLO name '" + slo.name() + "' (first defined at line " + first + ")");
            }
            out.add(slo);
        }
        return List.copyOf(out);
    }

    private SloDefinition slo(YamlNode node) throws ConfigException {
        Map<String, YamlNode> f = node.checkKeys("an SLO", SLO_FIELDS);
        YamlNode nameNode = node.child(f, "name");
        String name = nameNode.text("name").trim();
        if (!SloDefinition.NAME.matcher(name).matches()) {
            throw nameNode.error("name '" + name + "' must start with a letter or digit and hold only letters, "
                    + "digits, '_', '.' and '-'");
        }
        if (RESERVED_NAMES.contains(name)) {
            throw nameNode.error("name '" + name + "' is reserved (it is an API path under /api/slos)");
        }
        String service = nonBlank(node.child(f, "service"), "service");
        YamlNode opNode = node.child(f, "operation");
        String operation = opNode.isMissing() ? null : nonBlank(opNode, "operation");

        YamlNode sliNode = node.child(f, "sli");
        SliKind sli = SliKind.ofFileName(sliNode.text("sli").trim());
        if (sli == null) {
            throw sliNode.error("sli must be 'availability' or 'latency', not '" + sliNode.text("sli") + "'");
        }

        YamlNode objNode = node.child(f, "objective");
        double objective = normalize(objNode.number("objective"));
        if (!(objective > 0 && objective < 1)) {
            throw objNode.error("objective must be above 0 and below 100% (e.g. 99.9% or 0.999), not '"
                    + objNode.text("objective").trim() + "'");
        }

        YamlNode thrNode = node.child(f, "threshold");
        Duration threshold = null;
        if (sli == SliKind.LATENCY) {
            if (thrNode.isMissing()) {
                throw node.error("a latency SLO needs a threshold (e.g. threshold: 500ms)");
            }
            threshold = thrNode.duration("threshold");
            if (threshold.isZero()) {
                throw thrNode.error("threshold must be longer than 0");
            }
        } else if (!thrNode.isMissing()) {
            throw thrNode.error("threshold is only for latency SLOs; an availability SLO counts failed requests");
        }

        YamlNode windowNode = node.child(f, "window");
        Duration window = windowNode.isMissing() ? SloDefinition.DEFAULT_WINDOW : windowNode.duration("window");
        if (window.compareTo(SloDefinition.MIN_WINDOW) < 0 || window.compareTo(SloDefinition.MAX_WINDOW) > 0) {
            throw windowNode.error("window must be from 1h to 90d, not " + windowNode.text("window").trim());
        }
        if (window.toMinutes() % 60 != 0 || window.toNanos() % 60_000_000_000L != 0) {
            throw windowNode.error("window must be a whole number of hours (the budget rolls hour by hour)");
        }

        YamlNode minNode = node.child(f, "min_events");
        long minEvents = minNode.isMissing() ? SloDefinition.DEFAULT_MIN_EVENTS : minNode.integer("min_events");
        if (minEvents < 0) {
            throw minNode.error("min_events must be 0 or more");
        }

        YamlNode labelsNode = node.child(f, "labels");
        Map<String, String> labels = labelsNode.stringMap("labels");
        for (String key : labels.keySet()) {
            if (!LABEL_NAME.matcher(key).matches()) {
                throw labelsNode.error("label name '" + key + "' must match [a-zA-Z_][a-zA-Z0-9_]*");
            }
            if (RESERVED_LABELS.contains(key)) {
                throw labelsNode.error("label '" + key + "' is set by the SLO's alerts and cannot be given");
            }
        }
        YamlNode descNode = node.child(f, "description");
        String description = descNode.isMissing() ? null : descNode.text("description");

        BurnRatePolicy policy = policy(node, node.child(f, "alerting"), objective, objNode);
        return new SloDefinition(name, service, operation, sli, objective, threshold, window, minEvents,
                new LinkedHashMap<>(labels), description, policy);
    }

    private BurnRatePolicy policy(YamlNode slo, YamlNode node, double objective, YamlNode objNode)
            throws ConfigException {
        BurnRatePolicy d = BurnRatePolicy.DEFAULT;
        List<BurnWindow> page = d.page();
        List<BurnWindow> ticket = d.ticket();
        String pageRunbook = d.pageRunbook();
        String ticketRunbook = d.ticketRunbook();
        YamlNode pageRunbookNode = slo;
        YamlNode ticketRunbookNode = slo;
        if (!node.isMissing()) {
            Map<String, YamlNode> f = node.checkKeys("alerting", ALERTING_FIELDS);
            if (f.containsKey("page")) {
                page = pairs(node.child(f, "page"), "alerting.page");
            }
            if (f.containsKey("ticket")) {
                ticket = pairs(node.child(f, "ticket"), "alerting.ticket");
            }
            if (f.containsKey("page_runbook")) {
                pageRunbookNode = node.child(f, "page_runbook");
                pageRunbook = nonBlank(pageRunbookNode, "page_runbook");
            }
            if (f.containsKey("ticket_runbook")) {
                ticketRunbookNode = node.child(f, "ticket_runbook");
                ticketRunbook = nonBlank(ticketRunbookNode, "ticket_runbook");
            }
        }
        checkRunbook(pageRunbookNode, pageRunbook, !page.isEmpty());
        checkRunbook(ticketRunbookNode, ticketRunbook, !ticket.isEmpty());
        // The worst burn possible is every event bad: 1 / (1 - objective). A pair above that can never fire.
        double maxBurn = 1 / (1 - objective);
        for (List<BurnWindow> pairs : List.of(page, ticket)) {
            for (BurnWindow w : pairs) {
                if (w.burnRate() >= maxBurn) {
                    throw objNode.error("with objective " + objNode.text("objective").trim()
                            + " the burn rate cannot exceed " + format(maxBurn) + "x, so the "
                            + (pairs == page ? "page" : "ticket") + " pair " + YamlNode.formatDuration(w.longWindow())
                            + "/" + YamlNode.formatDuration(w.shortWindow()) + " at " + format(w.burnRate())
                            + "x could never fire; set lower burn rates under alerting");
                }
            }
        }
        return new BurnRatePolicy(page, ticket, pageRunbook, ticketRunbook);
    }

    private void checkRunbook(YamlNode where, String runbook, boolean used) throws ConfigException {
        if (used && !runbookExists.test(runbook)) {
            throw where.error("runbook '" + runbook + "' does not exist");
        }
    }

    private static List<BurnWindow> pairs(YamlNode node, String what) throws ConfigException {
        List<BurnWindow> out = new ArrayList<>();
        for (YamlNode item : node.sequence(what)) {
            Map<String, YamlNode> f = item.checkKeys("a window pair of " + what, PAIR_FIELDS);
            Duration longWindow = window(item.child(f, "long"), what + ".long");
            YamlNode shortNode = item.child(f, "short");
            Duration shortWindow = window(shortNode, what + ".short");
            if (shortWindow.compareTo(longWindow) >= 0) {
                throw shortNode.error("the short window must be shorter than the long one ("
                        + YamlNode.formatDuration(longWindow) + ")");
            }
            YamlNode rateNode = item.child(f, "burn_rate");
            double rate = rateNode.number("burn_rate");
            if (!(rate > 0)) {
                throw rateNode.error("burn_rate must be above 0");
            }
            out.add(BurnWindow.of(longWindow, shortWindow, rate));
        }
        return List.copyOf(out);
    }

    private static Duration window(YamlNode node, String what) throws ConfigException {
        Duration d = node.duration(what);
        if (d.toNanos() % 60_000_000_000L != 0 || d.isZero()) {
            throw node.error(what + " must be a whole number of minutes, at least 1m (history is per minute)");
        }
        if (d.compareTo(MAX_BURN_WINDOW) > 0) {
            throw node.error(what + " must be at most 7d");
        }
        return d;
    }

    private static String nonBlank(YamlNode node, String what) throws ConfigException {
        String t = node.text(what);
        if (t.isBlank()) {
            throw node.error(what + " must not be empty");
        }
        return t.trim();
    }

    /** 99.9% parses as 0.9990000000000001; the same objective written either way must be the same SLO. */
    static double normalize(double objective) {
        return new BigDecimal(Double.toString(objective)).round(new java.math.MathContext(12)).doubleValue();
    }

    private static String format(double v) {
        return BigDecimal.valueOf(v).setScale(2, java.math.RoundingMode.HALF_UP).stripTrailingZeros()
                .toPlainString();
    }
}
