package dev.sightline.store.rollup;

import dev.sightline.store.model.AnyValue;
import dev.sightline.store.model.Attribute;
import dev.sightline.store.model.Span;
import dev.sightline.store.model.SpanKind;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the rollups need from one span batch, computed on the appender's thread with the rest of the index extract
 * and recomputed from the payload on replay. It waits in the log's queue, so it holds raw durations (8 bytes a
 * span) rather than sketches (kilobytes each); the indexer merges them into sketches.
 *
 * @param cells per (service, operation, kind, minute of span start): the durations of its ok and failed spans
 * @param edges the spans the service graph pairs: CLIENT/PRODUCER spans, and SERVER/CONSUMER spans that have a
 *              parent
 */
public record RollupDelta(List<SpanCell> cells, List<EdgeCandidate> edges) {

    /** For logs, metrics and undecodable records. */
    public static final RollupDelta EMPTY = new RollupDelta(List.of(), List.of());

    /** Service, operation and peer names are cut to this many chars: a name is a key, not a payload. */
    public static final int MAX_NAME_CHARS = 256;

    private static final long NANOS_PER_MINUTE = 60_000_000_000L;

    public RollupDelta {
        cells = List.copyOf(cells);
        edges = List.copyOf(edges);
    }

    public boolean isEmpty() {
        return cells.isEmpty() && edges.isEmpty();
    }

    /**
     * The spans of one key in one batch. The arrays belong to the delta: nobody changes them after
     * {@link Builder#build()} (records compare arrays by identity; this one is never compared).
     */
    public record SpanCell(String service, String operation, SpanKind kind, long epochMinute, long[] okNanos,
                           long[] failedNanos) {
        public long requests() {
            return okNanos.length + failedNanos.length;
        }
    }

    /**
     * One side of a possible service-graph edge. {@code peer} is the name a client span gives the service it calls
     * (null when it names none, and for server spans); {@code parentSpanId} is 0 for a client span without a
     * parent.
     */
    public record EdgeCandidate(long traceHigh, long traceLow, long spanId, long parentSpanId, String service,
                                SpanKind kind, String peer, long durationNanos, boolean error, long epochMinute) {
        /** CLIENT or PRODUCER: the calling side. */
        public boolean isClient() {
            return kind == SpanKind.CLIENT || kind == SpanKind.PRODUCER;
        }
    }

    /** The Unix epoch minute a span started in (floor, so times before 1970 stay in order). */
    public static long epochMinute(long epochNanos) {
        return Math.floorDiv(epochNanos, NANOS_PER_MINUTE);
    }

    /**
     * The name a client span gives its peer, in the order the semantic conventions make most specific:
     * {@code peer.service}; a database ({@code db.system.name} or the older {@code db.system}, with
     * {@code db.namespace} / {@code db.name} when set, as {@code postgresql/orders}); a messaging system; the
     * host ({@code server.address}, older {@code net.peer.name}). Null when it names none.
     */
    public static String peerName(List<Attribute> attributes) {
        // One pass (this runs for every client span on the appender's thread); the first value of a key wins.
        String[] found = new String[PEER_KEYS];
        for (Attribute a : attributes) {
            int slot = switch (a.key()) {
                case "peer.service" -> 0;
                case "db.system.name" -> 1;
                case "db.system" -> 2;
                case "db.namespace" -> 3;
                case "db.name" -> 4;
                case "messaging.system" -> 5;
                case "server.address" -> 6;
                case "net.peer.name" -> 7;
                default -> -1;
            };
            if (slot >= 0 && found[slot] == null && a.value() instanceof AnyValue.StringValue s
                    && !s.value().isBlank()) {
                found[slot] = s.value();
            }
        }
        if (found[0] != null) {
            return found[0];
        }
        String db = found[1] != null ? found[1] : found[2];
        if (db != null) {
            String namespace = found[3] != null ? found[3] : found[4];
            return namespace == null ? db : db + "/" + namespace;
        }
        return found[5] != null ? found[5] : found[6] != null ? found[6] : found[7];
    }

    private static final int PEER_KEYS = 8;

    static String cut(String name) {
        return name.length() <= MAX_NAME_CHARS ? name : name.substring(0, MAX_NAME_CHARS);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Collects the spans of one batch; not thread-safe. */
    public static final class Builder {
        private record Key(String service, String operation, SpanKind kind, long epochMinute) {
        }

        private static final class Durations {
            long[] ok = new long[4];
            int okCount;
            long[] failed = new long[0];
            int failedCount;

            void add(long nanos, boolean error) {
                if (error) {
                    if (failedCount == failed.length) {
                        failed = Arrays.copyOf(failed, Math.max(4, failedCount * 2));
                    }
                    failed[failedCount++] = nanos;
                } else {
                    if (okCount == ok.length) {
                        ok = Arrays.copyOf(ok, okCount * 2);
                    }
                    ok[okCount++] = nanos;
                }
            }
        }

        private final Map<Key, Durations> cells = new LinkedHashMap<>();
        private final List<EdgeCandidate> edges = new ArrayList<>();
        private String lastService;
        private String lastServiceCut;

        private Builder() {
        }

        public Builder add(String service, Span span) {
            // Spans of a batch come grouped by resource: cut each service name once.
            if (!service.equals(lastService)) {
                lastService = service;
                lastServiceCut = cut(service);
            }
            String svc = lastServiceCut;
            long minute = epochMinute(span.startEpochNanos());
            boolean error = span.isError();
            long duration = span.durationNanos();
            cells.computeIfAbsent(new Key(svc, cut(span.name()), span.kind(), minute), k -> new Durations())
                    .add(duration, error);
            SpanKind kind = span.kind();
            boolean client = kind == SpanKind.CLIENT || kind == SpanKind.PRODUCER;
            boolean server = (kind == SpanKind.SERVER || kind == SpanKind.CONSUMER) && span.parentSpanId() != null;
            if (client || server) {
                String peer = client ? peerName(span.attributes()) : null;
                edges.add(new EdgeCandidate(span.traceId().high(), span.traceId().low(), span.spanId().value(),
                        span.parentSpanId() == null ? 0 : span.parentSpanId().value(), svc, kind,
                        peer == null ? null : cut(peer), duration, error, minute));
            }
            return this;
        }

        public RollupDelta build() {
            if (cells.isEmpty() && edges.isEmpty()) {
                return EMPTY;
            }
            List<SpanCell> out = new ArrayList<>(cells.size());
            cells.forEach((k, d) -> out.add(new SpanCell(k.service, k.operation, k.kind, k.epochMinute,
                    Arrays.copyOf(d.ok, d.okCount), Arrays.copyOf(d.failed, d.failedCount))));
            return new RollupDelta(out, edges);
        }
    }
}
