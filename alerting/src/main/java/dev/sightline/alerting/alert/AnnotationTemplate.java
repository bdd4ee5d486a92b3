package dev.sightline.alerting.alert;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The part of Prometheus' annotation templating that rules use in practice: {@code {{ $labels.name }}} (also
 * {@code {{ .Labels.name }}}), {@code {{ $value }}} (also {@code {{ .Value }}}) and
 * {@code {{ $value | humanizePercentage }}}. Anything else between braces stays as written, so a template from a
 * Prometheus rule that uses more shows what it did not understand instead of failing the rule.
 */
public final class AnnotationTemplate {
    private static final Pattern ACTION = Pattern.compile(
            "\\{\\{\\s*(?:\\$labels\\.|\\.Labels\\.)([a-zA-Z_][a-zA-Z0-9_.]*)\\s*}}"
                    + "|\\{\\{\\s*(?:\\$value|\\.Value)\\s*(\\|\\s*humanizePercentage\\s*)?}}");

    private AnnotationTemplate() {
    }

    public static String render(String template, Map<String, String> labels, double value) {
        if (template.indexOf("{{") < 0) {
            return template;
        }
        Matcher m = ACTION.matcher(template);
        StringBuilder out = new StringBuilder(template.length() + 16);
        while (m.find()) {
            String replacement;
            if (m.group(1) != null) {
                replacement = labels.getOrDefault(m.group(1), "");
            } else if (m.group(2) != null) {
                replacement = format(value * 100) + "%";
            } else {
                replacement = format(value);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** Up to four significant digits, no exponent for everyday magnitudes: 0.0523, 14.4, 1250. */
    public static String format(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return Double.toString(v);
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        String s = String.format(Locale.ROOT, "%.4g", v);
        if (s.contains("e")) {
            return s;
        }
        if (s.contains(".")) {
            s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
        }
        return s;
    }
}
