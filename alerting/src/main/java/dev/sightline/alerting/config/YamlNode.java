package dev.sightline.alerting.config;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

import java.io.StringReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A node of a YAML configuration file that knows its file and line, so every complaint about a value names where it
 * is ({@link ConfigException}). Reads SnakeYAML's composed node tree, not Java objects: the tree keeps positions,
 * and nothing in a configuration file gets to instantiate classes.
 *
 * <p>Mappings are strict: {@link #checkKeys} refuses keys the reader does not know, so a typo ({@code objectve})
 * is an error rather than a silently ignored default.
 */
public final class YamlNode {
    /** Prometheus' duration syntax: one or more of a number and a unit, largest first ({@code 1h30m}). */
    private static final Pattern DURATION_PART = Pattern.compile("(\\d+)(ms|s|m|h|d|w|y)");
    private static final int MAX_DOCUMENT_CHARS = 8 * 1024 * 1024;

    private final String file;
    private final Node node;
    /** Where a missing node would have been: its parent's line. */
    private final int missingLine;

    private YamlNode(String file, Node node) {
        this(file, node, 0);
    }

    private YamlNode(String file, Node node, int missingLine) {
        this.file = file;
        this.node = node;
        this.missingLine = missingLine;
    }

    /** The single document in {@code text}; an empty file is an empty mapping. */
    public static YamlNode parse(String file, String text) throws ConfigException {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(50);
        options.setCodePointLimit(MAX_DOCUMENT_CHARS);
        try {
            Node root = new Yaml(options).compose(new StringReader(text));
            return new YamlNode(file, root);
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() != null ? e.getProblemMark().getLine() + 1 : 0;
            throw new ConfigException(file, line, "not valid YAML: " + e.getProblem());
        } catch (YAMLException e) {
            throw new ConfigException(file, 0, "not valid YAML: " + e.getMessage());
        }
    }

    public String file() {
        return file;
    }

    /** 1-based line where this node starts. */
    public int line() {
        return node == null ? missingLine : node.getStartMark().getLine() + 1;
    }

    public boolean isMissing() {
        return node == null;
    }

    public boolean isMapping() {
        return node instanceof MappingNode;
    }

    /** An error about this node: {@code file:line: reason}. */
    public ConfigException error(String reason) {
        return new ConfigException(file, line(), reason);
    }

    /** Entries of a mapping in file order; an empty file gives none. */
    public Map<String, YamlNode> mapping(String what) throws ConfigException {
        if (node == null) {
            return Map.of();
        }
        if (!(node instanceof MappingNode m)) {
            throw error(what + " must be a mapping");
        }
        Map<String, YamlNode> out = new LinkedHashMap<>();
        for (NodeTuple t : m.getValue()) {
            if (!(t.getKeyNode() instanceof ScalarNode key)) {
                throw new YamlNode(file, t.getKeyNode()).error("keys of " + what + " must be plain strings");
            }
            out.put(key.getValue(), new YamlNode(file, t.getValueNode()));
        }
        return out;
    }

    /** Refuses a key that is not in {@code known}, naming the ones that are. */
    public Map<String, YamlNode> checkKeys(String what, Set<String> known) throws ConfigException {
        Map<String, YamlNode> entries = mapping(what);
        if (node == null) {
            return entries;
        }
        for (NodeTuple t : ((MappingNode) node).getValue()) {
            String key = ((ScalarNode) t.getKeyNode()).getValue();
            if (!known.contains(key)) {
                throw new YamlNode(file, t.getKeyNode()).error("unknown field '" + key + "' in " + what
                        + " (known: " + String.join(", ", known.stream().sorted().toList()) + ")");
            }
        }
        return entries;
    }

    /** Items of a sequence; a missing node gives none. */
    public List<YamlNode> sequence(String what) throws ConfigException {
        if (node == null) {
            return List.of();
        }
        if (!(node instanceof SequenceNode s)) {
            throw error(what + " must be a list");
        }
        List<YamlNode> out = new ArrayList<>(s.getValue().size());
        for (Node item : s.getValue()) {
            out.add(new YamlNode(file, item));
        }
        return out;
    }

    /** A child of this mapping's {@code entries}, missing (not null) when absent; a missing one reports this line. */
    public YamlNode child(Map<String, YamlNode> entries, String key) {
        YamlNode n = entries.get(key);
        return n != null ? n : new YamlNode(file, null, line());
    }

    public String text(String what) throws ConfigException {
        if (!(node instanceof ScalarNode s)) {
            throw error(what + (node == null ? " is required" : " must be a single value"));
        }
        return s.getValue();
    }

    public String textOr(String what, String fallback) throws ConfigException {
        return node == null ? fallback : text(what);
    }

    public double number(String what) throws ConfigException {
        String t = text(what).trim();
        try {
            double d = Double.parseDouble(t.endsWith("%") ? t.substring(0, t.length() - 1) : t);
            if (!Double.isFinite(d)) {
                throw error(what + " must be a finite number: " + t);
            }
            return t.endsWith("%") ? d / 100 : d;
        } catch (NumberFormatException e) {
            throw error(what + " must be a number: '" + t + "'");
        }
    }

    public long integer(String what) throws ConfigException {
        String t = text(what).trim();
        try {
            return Long.parseLong(t);
        } catch (NumberFormatException e) {
            throw error(what + " must be a whole number: '" + t + "'");
        }
    }

    public boolean bool(String what) throws ConfigException {
        String t = text(what).trim();
        if (t.equals("true") || t.equals("false")) {
            return Boolean.parseBoolean(t);
        }
        throw error(what + " must be true or false: '" + t + "'");
    }

    /** A Prometheus-style duration ({@code 30s}, {@code 5m}, {@code 1h30m}, {@code 30d}). */
    public Duration duration(String what) throws ConfigException {
        String t = text(what).trim();
        Duration d = parseDuration(t);
        if (d == null) {
            throw error(what + " must be a duration such as 30s, 5m, 1h or 30d: '" + t + "'");
        }
        return d;
    }

    /** A flat mapping of strings (labels, annotations); missing gives an empty map. */
    public Map<String, String> stringMap(String what) throws ConfigException {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, YamlNode> e : mapping(what).entrySet()) {
            out.put(e.getKey(), e.getValue().text(what + "." + e.getKey()));
        }
        return out;
    }

    /** Prometheus' duration syntax, largest unit first, what {@link #parseDuration} reads: 30d, 1h30m, 500ms. */
    public static String formatDuration(Duration d) {
        if (d.isZero()) {
            return "0s";
        }
        StringBuilder out = new StringBuilder();
        long ms = d.toMillis();
        long[] units = {86_400_000L, 3_600_000L, 60_000L, 1_000L, 1L};
        String[] names = {"d", "h", "m", "s", "ms"};
        for (int i = 0; i < units.length; i++) {
            if (ms >= units[i]) {
                out.append(ms / units[i]).append(names[i]);
                ms %= units[i];
            }
        }
        return out.toString();
    }

    /** Null when {@code text} is not a duration in Prometheus' syntax. */
    public static Duration parseDuration(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        Matcher m = DURATION_PART.matcher(text);
        Duration total = Duration.ZERO;
        int at = 0;
        while (at < text.length()) {
            if (!m.find(at) || m.start() != at) {
                return null;
            }
            long n;
            try {
                n = Long.parseLong(m.group(1));
            } catch (NumberFormatException e) {
                return null;
            }
            try {
                total = total.plus(switch (m.group(2)) {
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    case "d" -> Duration.ofDays(n);
                    case "w" -> Duration.ofDays(Math.multiplyExact(7, n));
                    default -> Duration.ofDays(Math.multiplyExact(365, n));
                });
            } catch (ArithmeticException e) {
                return null; // more than a Duration holds: no one means that
            }
            at = m.end();
        }
        return total;
    }
}
