package dev.sightline.store.model;

/** OTLP temporality: {@code ordinal()} is the wire number. */
public enum AggregationTemporality {
    UNSPECIFIED, DELTA, CUMULATIVE;

    private static final AggregationTemporality[] VALUES = values();

    public static AggregationTemporality fromNumber(int number) {
        return number >= 0 && number < VALUES.length ? VALUES[number] : UNSPECIFIED;
    }
}
