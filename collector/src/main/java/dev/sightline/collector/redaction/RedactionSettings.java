package dev.sightline.collector.redaction;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * What to mask beyond the built-in rules, checked once: a pattern that does not compile or a blank key fails the
 * start with the property's name, rather than silently letting secrets through.
 */
public record RedactionSettings(boolean enabled, List<String> extraKeys, List<String> allowedKeys,
                                List<String> extraPatterns) {

    public static final RedactionSettings DEFAULTS = new RedactionSettings(true, List.of(), List.of(), List.of());
    public static final RedactionSettings DISABLED = new RedactionSettings(false, List.of(), List.of(), List.of());

    public RedactionSettings {
        extraKeys = List.copyOf(extraKeys);
        allowedKeys = List.copyOf(allowedKeys);
        extraPatterns = List.copyOf(extraPatterns);
        for (String key : extraKeys) {
            if (SensitiveKeys.segments(key).isEmpty()) {
                throw new IllegalArgumentException("sightline.redaction.keys: '" + key
                        + "' has no letters or digits to match");
            }
        }
        compile(extraPatterns);
    }

    List<Pattern> compiledPatterns() {
        return compile(extraPatterns);
    }

    private static List<Pattern> compile(List<String> patterns) {
        List<Pattern> out = new ArrayList<>(patterns.size());
        for (int i = 0; i < patterns.size(); i++) {
            String p = patterns.get(i);
            try {
                Pattern compiled = Pattern.compile(p);
                if (compiled.matcher("").matches()) {
                    throw new IllegalArgumentException("sightline.redaction.patterns[" + i + "]: '" + p
                            + "' matches the empty string");
                }
                out.add(compiled);
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("sightline.redaction.patterns[" + i + "]: not a regular "
                        + "expression: " + e.getDescription() + " near index " + e.getIndex(), e);
            }
        }
        return List.copyOf(out);
    }
}
