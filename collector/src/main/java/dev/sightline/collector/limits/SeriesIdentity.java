package dev.sightline.collector.limits;

import dev.sightline.store.model.AnyValue;
import dev.sightline.store.model.Attribute;
import dev.sightline.store.model.InstrumentationScope;
import dev.sightline.store.model.Resource;

import java.util.List;

/**
 * A 64-bit hash of what makes a metric series, the same parts the store groups series by: resource attributes,
 * scope, metric name and data point attributes. FNV-1a over every character, not {@link String#hashCode}: that one
 * is 32 bits and trivially collided, and a collision would let a new series pass as an active one.
 */
final class SeriesIdentity {
    private static final long OFFSET = 0xcbf29ce484222325L;
    private static final long PRIME = 0x100000001b3L;
    private static final long SEPARATOR = 0x1F;

    private SeriesIdentity() {
    }

    static long ofResourceAndScope(Resource resource, InstrumentationScope scope) {
        long h = attributes(OFFSET, resource.attributes());
        h = string(h, scope.name());
        h = string(h, scope.version());
        return attributes(h, scope.attributes());
    }

    static long ofPoint(long resourceAndScope, String metricName, List<Attribute> attributes) {
        return attributes(string(resourceAndScope, metricName), attributes);
    }

    private static long attributes(long h, List<Attribute> attributes) {
        for (Attribute a : attributes) {
            h = string(h, a.key());
            h = value(h, a.value());
        }
        return step(h, attributes.size());
    }

    private static long value(long h, AnyValue v) {
        if (v instanceof AnyValue.StringValue s) {
            return string(step(h, 's'), s.value());
        }
        if (v instanceof AnyValue.IntValue i) {
            return step(step(h, 'i'), i.value());
        }
        if (v instanceof AnyValue.DoubleValue d) {
            return step(step(h, 'd'), Double.doubleToLongBits(d.value()));
        }
        if (v instanceof AnyValue.BoolValue b) {
            return step(h, b.value() ? 'T' : 'F');
        }
        if (v instanceof AnyValue.BytesValue b) {
            h = step(h, 'b');
            for (byte x : b.value()) {
                h = step(h, x);
            }
            return step(h, SEPARATOR);
        }
        if (v instanceof AnyValue.ArrayValue a) {
            h = step(h, 'a');
            for (AnyValue e : a.values()) {
                h = value(h, e);
            }
            return step(h, a.values().size());
        }
        if (v instanceof AnyValue.KeyValueList kv) {
            return attributes(step(h, 'k'), kv.values());
        }
        return step(h, 'e');
    }

    private static long string(long h, String s) {
        for (int i = 0, n = s.length(); i < n; i++) {
            h = (h ^ s.charAt(i)) * PRIME;
        }
        return step(h, SEPARATOR);
    }

    private static long step(long h, long x) {
        return (h ^ x) * PRIME;
    }
}
