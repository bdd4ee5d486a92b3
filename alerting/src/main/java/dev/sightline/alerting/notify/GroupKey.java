package dev.sightline.alerting.notify;

import dev.sightline.alerting.silence.Matcher;

import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Alertmanager's group key, {@code <route key>:<group labels>}, e.g. {@code {}/{severity="page"}:{alertname="X"}}.
 * A Sightline receiver is one route under the root, so the route key is {@code {}/} and the receiver's matchers in
 * Alertmanager's spelling ({@code {}} when it takes every alert); the labels are printed as Prometheus prints a
 * label set: sorted, {@code name="value"} with Go string quoting, separated by ", ".
 */
final class GroupKey {
    private GroupKey() {
    }

    static String of(Receiver receiver, Map<String, String> groupLabels) {
        String route = receiver.matchers().stream().map(Matcher::toString).collect(Collectors.joining(",", "{", "}"));
        return "{}/" + route + ":" + labelSet(groupLabels);
    }

    static String labelSet(Map<String, String> labels) {
        StringBuilder out = new StringBuilder("{");
        for (Map.Entry<String, String> e : new TreeMap<>(labels).entrySet()) {
            if (out.length() > 1) {
                out.append(", ");
            }
            out.append(e.getKey()).append('=');
            goQuote(out, e.getValue());
        }
        return out.append('}').toString();
    }

    /** The group's labels: the receiver's group_by labels the alert has (all of them for "..."). */
    static Map<String, String> groupLabels(Receiver receiver, Map<String, String> alertLabels) {
        if (receiver.groupsByAll()) {
            return new TreeMap<>(alertLabels);
        }
        Map<String, String> out = new TreeMap<>();
        for (String name : receiver.groupBy()) {
            String v = alertLabels.get(name);
            if (v != null) {
                out.put(name, v);
            }
        }
        return out;
    }

    private static void goQuote(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        out.append(String.format("\\x%02x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
