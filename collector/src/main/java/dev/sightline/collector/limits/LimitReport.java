package dev.sightline.collector.limits;

import java.util.EnumMap;
import java.util.Map;

/**
 * What the limits did to one batch: items rejected (OTLP's partial-success count) and items kept with attributes
 * dropped or cut, each by reason, with the first explanation of each reason for the client. One per batch; not
 * thread-safe.
 */
public final class LimitReport {
    private final String singular;
    private final String plural;
    private final Map<LimitReason, long[]> rejected = new EnumMap<>(LimitReason.class);
    private final Map<LimitReason, long[]> changed = new EnumMap<>(LimitReason.class);
    private final Map<LimitReason, String> firstReason = new EnumMap<>(LimitReason.class);

    LimitReport(String singular, String plural) {
        this.singular = singular;
        this.plural = plural;
    }

    /** True when no explanation for {@code reason} is kept yet: callers format one only then. */
    boolean wantsReason(LimitReason reason) {
        return !firstReason.containsKey(reason);
    }

    void reject(LimitReason reason, String why) {
        rejected.computeIfAbsent(reason, r -> new long[1])[0]++;
        firstReason.putIfAbsent(reason, why);
    }

    void changed(LimitReason reason, String why) {
        changed.computeIfAbsent(reason, r -> new long[1])[0]++;
        firstReason.putIfAbsent(reason, why);
    }

    public long rejectedItems() {
        long n = 0;
        for (long[] c : rejected.values()) {
            n += c[0];
        }
        return n;
    }

    public boolean isEmpty() {
        return rejected.isEmpty() && changed.isEmpty();
    }

    /** Items affected per reason, rejected and changed alike: what the metrics count. */
    public Map<LimitReason, Long> itemsByReason() {
        Map<LimitReason, Long> out = new EnumMap<>(LimitReason.class);
        rejected.forEach((r, c) -> out.merge(r, c[0], Long::sum));
        changed.forEach((r, c) -> out.merge(r, c[0], Long::sum));
        return out;
    }

    /** Items rejected per reason. */
    public Map<LimitReason, Long> rejectedByReason() {
        Map<LimitReason, Long> out = new EnumMap<>(LimitReason.class);
        rejected.forEach((r, c) -> out.put(r, c[0]));
        return out;
    }

    /** Empty when no limit acted; otherwise one sentence per reason, e.g. {@code 3 data points rejected: ...}. */
    public String message() {
        StringBuilder out = new StringBuilder();
        rejected.forEach((reason, c) -> sentence(out, c[0], "rejected", reason));
        changed.forEach((reason, c) -> sentence(out, c[0], "kept with a limit applied", reason));
        return out.toString();
    }

    private void sentence(StringBuilder out, long n, String what, LimitReason reason) {
        if (!out.isEmpty()) {
            out.append(". ");
        }
        out.append(n).append(' ').append(n == 1 ? singular : plural).append(' ').append(what).append(" (")
                .append(reason.tag()).append("): ").append(firstReason.get(reason));
    }
}
