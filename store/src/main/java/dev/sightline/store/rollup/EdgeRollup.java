package dev.sightline.store.rollup;

/**
 * Calls from one service to another in one minute, seen as a CLIENT/PRODUCER span whose SERVER/CONSUMER child
 * belongs to another service, or — for a peer that sends nothing itself (a database, an external API) — as a
 * CLIENT/PRODUCER span without such a child, named as {@link RollupDelta#peerName} says ({@code peer.service},
 * a database, a messaging system, a host). {@code virtualCallee} is true for those. Latency and errors are the
 * caller's view (the client span's); {@code latency} is the caller's copy.
 */
public record EdgeRollup(String caller, String callee, boolean virtualCallee, long epochMinute, long calls,
                         long errors, LatencySketch latency) {
}
