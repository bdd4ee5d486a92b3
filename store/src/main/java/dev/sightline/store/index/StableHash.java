package dev.sightline.store.index;

import dev.sightline.store.model.AnyValue;
import dev.sightline.store.model.Attribute;
import dev.sightline.store.model.InstrumentationScope;
import dev.sightline.store.model.Resource;

import java.util.List;

/**
 * A 128-bit hash that is the same in every JVM run (unlike {@code hashCode} of records and enums), for keys that
 * are persisted: two 64-bit lanes with different seeds and the murmur3 finalizer as mixer. It distinguishes what
 * record equality distinguishes (attribute order, -0.0 from 0.0, value kinds); it is not cryptographic.
 */
final class StableHash {
    private long a = 0x9E3779B97F4A7C15L;
    private long b = 0xC2B2AE3D27D4EB4FL;

    StableHash() {
    }

    StableHash(long a, long b) {
        this.a = a;
        this.b = b;
    }

    StableHash copy() {
        return new StableHash(a, b);
    }

    long high() {
        return fmix(a ^ Long.rotateLeft(b, 17));
    }

    long low() {
        return fmix(b + a * 0x9E3779B97F4A7C15L);
    }

    StableHash add(long v) {
        a = fmix(a ^ (v + 0x632BE59BD9B4E019L));
        b = fmix(Long.rotateLeft(b, 31) + v * 0x85EBCA77C2B2AE63L);
        return this;
    }

    StableHash add(String s) {
        int n = s.length();
        add(n);
        int i = 0;
        for (; i + 4 <= n; i += 4) {
            add((long) s.charAt(i) << 48 | (long) s.charAt(i + 1) << 32 | (long) s.charAt(i + 2) << 16 | s.charAt(i + 3));
        }
        long tail = 0;
        for (; i < n; i++) {
            tail = tail << 16 | s.charAt(i);
        }
        return add(tail);
    }

    StableHash add(List<Attribute> attributes) {
        add(attributes.size());
        for (Attribute at : attributes) {
            add(at.key());
            add(at.value());
        }
        return this;
    }

    StableHash add(AnyValue v) {
        if (v instanceof AnyValue.StringValue s) {
            add(1).add(s.value());
        } else if (v instanceof AnyValue.BoolValue bo) {
            add(2).add(bo.value() ? 1 : 0);
        } else if (v instanceof AnyValue.IntValue i) {
            add(3).add(i.value());
        } else if (v instanceof AnyValue.DoubleValue d) {
            add(4).add(Double.doubleToLongBits(d.value()));
        } else if (v instanceof AnyValue.BytesValue by) {
            byte[] bytes = by.value();
            add(5).add(bytes.length);
            for (byte x : bytes) {
                add(x);
            }
        } else if (v instanceof AnyValue.ArrayValue arr) {
            add(6).add(arr.values().size());
            for (AnyValue x : arr.values()) {
                add(x);
            }
        } else if (v instanceof AnyValue.KeyValueList kv) {
            add(7).add(kv.values());
        } else {
            add(8);
        }
        return this;
    }

    StableHash add(Resource r) {
        return add(r.attributes()).add(r.droppedAttributesCount()).add(r.schemaUrl());
    }

    StableHash add(InstrumentationScope s) {
        return add(s.name()).add(s.version()).add(s.attributes()).add(s.droppedAttributesCount()).add(s.schemaUrl());
    }

    private static long fmix(long z) {
        z = (z ^ (z >>> 33)) * 0xFF51AFD7ED558CCDL;
        z = (z ^ (z >>> 33)) * 0xC4CEB9FE1A85EC53L;
        return z ^ (z >>> 33);
    }
}
