package dev.sightline.store.model;

/** Span kinds in OTLP's numbering: {@code ordinal()} is the wire number. */
public enum SpanKind {
    UNSPECIFIED, INTERNAL, SERVER, CLIENT, PRODUCER, CONSUMER;

    private static final SpanKind[] VALUES = values();

    /** Unknown numbers (from a newer protocol version) map to UNSPECIFIED rather than failing the batch. */
    public static SpanKind fromNumber(int number) {
        return number >= 0 && number < VALUES.length ? VALUES[number] : UNSPECIFIED;
    }
}
