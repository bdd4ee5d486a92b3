package dev.sightline.collector.redaction;

import dev.sightline.store.model.AnyValue;
import dev.sightline.store.model.Attribute;
import dev.sightline.store.model.Signal;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Masks secrets in the model's values before they are stored. Two rules, applied by the OTLP mapper to every
 * attribute (resource, scope, span, event, link, log, data point, exemplar, metric metadata), to nested key-value
 * lists and arrays, to log bodies, span names and status messages:
 * <ul>
 *   <li>an attribute whose key names a secret ({@link SensitiveKeys}) has its whole value replaced by
 *       {@value #MARKER} — any type but a boolean; an array keeps its length, each element masked;</li>
 *   <li>every other text is scanned for secrets that give themselves away ({@link SecretPatterns}), and only those
 *       are replaced, so the rest of a log line survives.</li>
 * </ul>
 * Bytes values are not scanned (only masked under a sensitive key). Every masked value is counted through
 * {@link RedactionCounter}, never logged. Thread-safe.
 */
public final class Redactor {

    public static final String MARKER = "[REDACTED]";
    private static final AnyValue MASKED = new AnyValue.StringValue(MARKER);

    private final boolean enabled;
    private final SensitiveKeys keys;
    private final SecretPatterns patterns;
    private final RedactionCounter counter;
    private final Map<Signal, SecretPatterns.Found> found = new EnumMap<>(Signal.class);
    private final Map<Signal, OfSignal> views = new EnumMap<>(Signal.class);

    public Redactor(RedactionSettings settings, RedactionCounter counter) {
        this.enabled = settings.enabled();
        this.keys = new SensitiveKeys(settings.extraKeys(), settings.allowedKeys());
        this.patterns = new SecretPatterns(keys, settings.compiledPatterns(), MARKER);
        this.counter = counter;
        for (Signal signal : Signal.values()) {
            found.put(signal, reason -> counter.redacted(signal, reason));
            views.put(signal, new OfSignal(signal, found.get(signal)));
        }
    }

    /** This redactor for one signal's values, so a mapping pass need not repeat the signal at every call. */
    public OfSignal forSignal(Signal signal) {
        return views.get(signal);
    }

    /** A redactor that changes nothing: for tests and benchmarks of the mapping alone. */
    public static Redactor disabled() {
        return new Redactor(RedactionSettings.DISABLED, RedactionCounter.NONE);
    }

    public boolean enabled() {
        return enabled;
    }

    /** Whether a value under {@code key} is masked whole, whatever it looks like. */
    public boolean isSensitiveKey(String key) {
        return enabled && keys.isSensitive(key);
    }

    /** The text with the secrets it contains masked, or the same instance. */
    public String text(Signal signal, String text) {
        if (!enabled || text.isEmpty()) {
            return text;
        }
        return patterns.redact(text, found.get(signal));
    }

    /**
     * The value that replaces one under a sensitive key. Booleans, empty values and values already masked are
     * kept: they hide nothing.
     */
    public AnyValue maskKeyed(Signal signal, AnyValue value) {
        if (value instanceof AnyValue.BoolValue || value instanceof AnyValue.Empty
                || value instanceof AnyValue.StringValue s && (s.value().isEmpty() || s.value().equals(MARKER))) {
            return value;
        }
        if (value instanceof AnyValue.ArrayValue array) {
            List<AnyValue> out = new ArrayList<>(array.values().size());
            for (AnyValue element : array.values()) {
                out.add(maskKeyed(signal, element));
            }
            return new AnyValue.ArrayValue(out);
        }
        counter.redacted(signal, RedactionReason.KEY);
        return MASKED;
    }

    /** A model attribute, redacted by both rules: for values built outside the OTLP mapper. */
    public Attribute attribute(Signal signal, Attribute attribute) {
        if (!enabled) {
            return attribute;
        }
        if (keys.isSensitive(attribute.key())) {
            AnyValue masked = maskKeyed(signal, attribute.value());
            return masked == attribute.value() ? attribute : new Attribute(attribute.key(), masked);
        }
        AnyValue value = value(signal, attribute.value());
        return value == attribute.value() ? attribute : new Attribute(attribute.key(), value);
    }

    /** A model value with the secrets inside it masked, recursively; the same instance when nothing changed. */
    public AnyValue value(Signal signal, AnyValue value) {
        if (!enabled) {
            return value;
        }
        if (value instanceof AnyValue.StringValue s) {
            String redacted = text(signal, s.value());
            return redacted == s.value() ? value : new AnyValue.StringValue(redacted);
        }
        if (value instanceof AnyValue.ArrayValue array) {
            List<AnyValue> out = null;
            List<AnyValue> values = array.values();
            for (int i = 0; i < values.size(); i++) {
                AnyValue v = value(signal, values.get(i));
                if (v != values.get(i) && out == null) {
                    out = new ArrayList<>(values.subList(0, i));
                }
                if (out != null) {
                    out.add(v);
                }
            }
            return out == null ? value : new AnyValue.ArrayValue(out);
        }
        if (value instanceof AnyValue.KeyValueList kvs) {
            List<Attribute> out = null;
            List<Attribute> values = kvs.values();
            for (int i = 0; i < values.size(); i++) {
                Attribute a = attribute(signal, values.get(i));
                if (a != values.get(i) && out == null) {
                    out = new ArrayList<>(values.subList(0, i));
                }
                if (out != null) {
                    out.add(a);
                }
            }
            return out == null ? value : new AnyValue.KeyValueList(out);
        }
        return value;
    }

    /** {@link Redactor}'s rules bound to one signal (for the counts). */
    public final class OfSignal {
        private final Signal signal;
        private final SecretPatterns.Found found;

        private OfSignal(Signal signal, SecretPatterns.Found found) {
            this.signal = signal;
            this.found = found;
        }

        public boolean isSensitiveKey(String key) {
            return Redactor.this.isSensitiveKey(key);
        }

        public String text(String text) {
            return !enabled || text.isEmpty() ? text : patterns.redact(text, found);
        }

        public AnyValue maskKeyed(AnyValue value) {
            return Redactor.this.maskKeyed(signal, value);
        }
    }
}
