package dev.sightline.store.rollup;

import dev.sightline.store.rollup.RollupDelta.EdgeCandidate;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Pairs the two sides of a call across services, as Tempo's service-graph processor and Jaeger's dependencies
 * job do: a SERVER/CONSUMER span whose parent is a CLIENT/PRODUCER span (same trace, parent span ID = the
 * client's span ID) of another service is one call, caller = the client's service, callee = the server's, with
 * the client's latency and error (the caller's view).
 *
 * <p>Either side may come first, in another batch: unpaired sides wait, for {@link RollupOptions#edgeWait()} of
 * <em>ingest</em> time (the records' ingest millis, not the wall clock, so a replay of the same records pairs the
 * same way). A client whose server never came, and that names its peer ({@code peer.service}, a database, a host),
 * becomes a call to that peer as a virtual node; without a peer name, it is no edge. A server whose client never
 * came is no edge (its caller is unknown). A client stays until it expires, so every child of one producer (a
 * message read by several consumers) pairs with it.
 *
 * <p>Only a later record moves ingest time on: with no span traffic at all, a waiting client is not turned into a
 * virtual edge until the next record comes. At most {@link RollupOptions#maxPendingEdges()} sides wait; past it, the oldest is expired early (counted in
 * {@link #evicted()}). The waiting sides live only in memory: they are lost at a restart, and then their calls are
 * not counted. Writer thread only.
 */
public final class ServiceGraphMatcher {

    /** One call seen on the graph; latency and error from the caller's span. */
    public record Call(String caller, String callee, boolean virtualCallee, long epochMinute, long durationNanos,
                       boolean error) {
    }

    private record SpanKey(long traceHigh, long traceLow, long spanId) {
    }

    private static final class Pending {
        final EdgeCandidate candidate;
        final long ingestMillis;
        final SpanKey key;
        boolean done;
        boolean paired;
        /** Servers waiting for the same parent, chained. */
        Pending next;

        Pending(EdgeCandidate candidate, long ingestMillis, SpanKey key) {
            this.candidate = candidate;
            this.ingestMillis = ingestMillis;
            this.key = key;
        }
    }

    private final long waitMillis;
    private final int maxPending;
    private final Map<SpanKey, Pending> clients = new HashMap<>();
    /** By the parent span the server waits for. */
    private final Map<SpanKey, Pending> servers = new HashMap<>();
    /** In arrival order; paired servers stay here (done) until they reach the head. */
    private final ArrayDeque<Pending> queue = new ArrayDeque<>();
    private int live;
    private long evicted;
    private long paired;

    public ServiceGraphMatcher(RollupOptions options) {
        this.waitMillis = options.edgeWait().toMillis();
        this.maxPending = options.maxPendingEdges();
    }

    /**
     * The candidates of one record ingested at {@code ingestMillis}: first expires what has waited long enough by
     * then, then pairs or parks each candidate. Calls found go to {@code calls}.
     */
    public void offer(long ingestMillis, Iterable<EdgeCandidate> candidates, Consumer<Call> calls) {
        expire(ingestMillis - waitMillis, calls);
        for (EdgeCandidate c : candidates) {
            if (c.isClient()) {
                offerClient(c, ingestMillis, calls);
            } else {
                offerServer(c, ingestMillis, calls);
            }
        }
        while (live > maxPending || queue.size() > 2 * maxPending) {
            Pending p = queue.pollFirst();
            if (!p.done) {
                evicted++;
                finish(p, calls);
            }
        }
    }

    private void offerClient(EdgeCandidate c, long ingestMillis, Consumer<Call> calls) {
        SpanKey key = new SpanKey(c.traceHigh(), c.traceLow(), c.spanId());
        if (clients.containsKey(key)) {
            return; // the same span again (a retried export): its first copy is waiting already
        }
        Pending client = new Pending(c, ingestMillis, key);
        for (Pending s = servers.remove(key); s != null; s = s.next) {
            s.done = true;
            live--;
            pair(client, s.candidate, calls);
        }
        clients.put(key, client);
        queue.addLast(client);
        live++;
    }

    private void offerServer(EdgeCandidate c, long ingestMillis, Consumer<Call> calls) {
        SpanKey parent = new SpanKey(c.traceHigh(), c.traceLow(), c.parentSpanId());
        Pending client = clients.get(parent);
        if (client != null) {
            pair(client, c, calls);
            return;
        }
        Pending server = new Pending(c, ingestMillis, parent);
        server.next = servers.get(parent);
        servers.put(parent, server);
        queue.addLast(server);
        live++;
    }

    private void pair(Pending client, EdgeCandidate server, Consumer<Call> calls) {
        client.paired = true;
        EdgeCandidate c = client.candidate;
        if (!c.service().equals(server.service())) {
            paired++;
            calls.accept(new Call(c.service(), server.service(), false, c.epochMinute(), c.durationNanos(),
                    c.error()));
        }
    }

    /** Expires every side that arrived before {@code beforeIngestMillis}. */
    private void expire(long beforeIngestMillis, Consumer<Call> calls) {
        while (!queue.isEmpty() && queue.peekFirst().ingestMillis < beforeIngestMillis) {
            Pending p = queue.pollFirst();
            if (!p.done) {
                finish(p, calls);
            }
        }
    }

    private void finish(Pending p, Consumer<Call> calls) {
        p.done = true;
        live--;
        EdgeCandidate c = p.candidate;
        if (c.isClient()) {
            clients.remove(p.key);
            if (!p.paired && c.peer() != null && !c.peer().equals(c.service())) {
                calls.accept(new Call(c.service(), c.peer(), true, c.epochMinute(), c.durationNanos(), c.error()));
            }
            return;
        }
        // Unlink this server from its parent's chain (usually the chain is this one server).
        Pending head = servers.get(p.key);
        if (head == p) {
            if (p.next == null) {
                servers.remove(p.key);
            } else {
                servers.put(p.key, p.next);
            }
        } else {
            for (Pending s = head; s != null; s = s.next) {
                if (s.next == p) {
                    s.next = p.next;
                    break;
                }
            }
        }
    }

    /** Forgets every waiting side (after a failed write whose batch will be offered again). */
    public void clear() {
        clients.clear();
        servers.clear();
        queue.clear();
        live = 0;
    }

    /** Sides waiting for their other half. */
    public int pending() {
        return live;
    }

    /** Sides expired early because too many were waiting. */
    public long evicted() {
        return evicted;
    }

    /** Client-server pairs across services found. */
    public long paired() {
        return paired;
    }
}
