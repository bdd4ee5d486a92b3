package dev.sightline.alerting.slo;

import dev.sightline.alerting.config.YamlNode;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * Writes one SLO in the shape {@link SloFile} reads (one item of the file's {@code slos:} list, also the body of
 * {@code PUT /api/slos/{name}}), leaving out what equals the default. Strings are double-quoted, so operation names
 * such as {@code GET /users/{id}} need no thought.
 */
public final class SloYaml {
    private SloYaml() {
    }

    public static String write(SloDefinition slo) {
        StringBuilder out = new StringBuilder();
        out.append("name: ").append(quote(slo.name())).append('\n');
        out.append("service: ").append(quote(slo.service())).append('\n');
        if (slo.operation() != null) {
            out.append("operation: ").append(quote(slo.operation())).append('\n');
        }
        out.append("sli: ").append(slo.sli().fileName()).append('\n');
        if (slo.latencyThreshold() != null) {
            out.append("threshold: ").append(YamlNode.formatDuration(slo.latencyThreshold())).append('\n');
        }
        out.append("objective: ").append(percent(slo.objective())).append('\n');
        out.append("window: ").append(YamlNode.formatDuration(slo.window())).append('\n');
        if (slo.minEvents() != SloDefinition.DEFAULT_MIN_EVENTS) {
            out.append("min_events: ").append(slo.minEvents()).append('\n');
        }
        if (slo.description() != null) {
            out.append("description: ").append(quote(slo.description())).append('\n');
        }
        if (!slo.labels().isEmpty()) {
            out.append("labels:\n");
            for (Map.Entry<String, String> e : slo.labels().entrySet()) {
                out.append("  ").append(e.getKey()).append(": ").append(quote(e.getValue())).append('\n');
            }
        }
        BurnRatePolicy p = slo.alerting();
        if (!p.equals(BurnRatePolicy.DEFAULT)) {
            out.append("alerting:\n");
            out.append("  page: ").append(pairs(p.page())).append('\n');
            out.append("  ticket: ").append(pairs(p.ticket())).append('\n');
            out.append("  page_runbook: ").append(quote(p.pageRunbook())).append('\n');
            out.append("  ticket_runbook: ").append(quote(p.ticketRunbook())).append('\n');
        }
        return out.toString();
    }

    private static String pairs(List<BurnWindow> pairs) {
        StringBuilder out = new StringBuilder("[");
        for (BurnWindow w : pairs) {
            if (out.length() > 1) {
                out.append(", ");
            }
            out.append("{long: ").append(YamlNode.formatDuration(w.longWindow())).append(", short: ")
                    .append(YamlNode.formatDuration(w.shortWindow())).append(", burn_rate: ")
                    .append(BigDecimal.valueOf(w.burnRate()).stripTrailingZeros().toPlainString()).append('}');
        }
        return out.append(']').toString();
    }

    /** {@code 0.999} → {@code 99.9%}. */
    public static String percent(double ratio) {
        return BigDecimal.valueOf(ratio).movePointRight(2).stripTrailingZeros().toPlainString() + "%";
    }

    static String quote(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\x%02x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
