package dev.sightline.query.signals;

/**
 * The golden signals of a service or one of its operations over a window: traffic (requests and requests per
 * second), errors (count and ratio) and latency percentiles of all, successful and failed requests. Requests are
 * SERVER and CONSUMER spans. {@code noData} is true when there was no request in the window.
 */
public record Signals(String service, String operation, long requests, double requestsPerSecond, long errors,
                      Double errorRatio, Latency latency, Latency latencyOk, Latency latencyFailed, boolean noData) {
}
