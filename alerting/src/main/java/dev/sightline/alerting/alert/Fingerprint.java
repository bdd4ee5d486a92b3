package dev.sightline.alerting.alert;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/**
 * Alertmanager's label-set fingerprint (prometheus/common {@code model.LabelSet.Fingerprint}): FNV-1a 64 over the
 * label names and values sorted by name, each followed by the separator byte 0xff, as 16 hex digits. Receivers
 * that de-duplicate by fingerprint then see the same value Alertmanager would send.
 */
public final class Fingerprint {
    private static final long OFFSET = 0xcbf29ce484222325L;
    private static final long PRIME = 0x100000001b3L;
    private static final byte SEPARATOR = (byte) 0xff;

    private Fingerprint() {
    }

    public static String of(Map<String, String> labels) {
        if (labels.isEmpty()) {
            return String.format("%016x", OFFSET);
        }
        long h = OFFSET;
        for (Map.Entry<String, String> e : new TreeMap<>(labels).entrySet()) {
            h = add(h, e.getKey().getBytes(StandardCharsets.UTF_8));
            h = add(h, e.getValue().getBytes(StandardCharsets.UTF_8));
        }
        return String.format("%016x", h);
    }

    private static long add(long h, byte[] bytes) {
        for (byte b : bytes) {
            h ^= b & 0xff;
            h *= PRIME;
        }
        h ^= SEPARATOR & 0xff;
        return h * PRIME;
    }
}
