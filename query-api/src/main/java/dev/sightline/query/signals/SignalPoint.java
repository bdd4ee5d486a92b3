package dev.sightline.query.signals;

/** The golden signals of one step of a series; {@code startEpochMillis} is the step's start. */
public record SignalPoint(long startEpochMillis, long requests, double requestsPerSecond, long errors,
                          Double errorRatio, Latency latency, Latency latencyOk, Latency latencyFailed) {
}
