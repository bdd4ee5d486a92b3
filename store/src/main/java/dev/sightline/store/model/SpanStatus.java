package dev.sightline.store.model;

public record SpanStatus(Code code, String message) {

    public static final SpanStatus UNSET = new SpanStatus(Code.UNSET, "");

    /** OTLP status codes: {@code ordinal()} is the wire number. */
    public enum Code {
        UNSET, OK, ERROR;

        private static final Code[] VALUES = values();

        public static Code fromNumber(int number) {
            return number >= 0 && number < VALUES.length ? VALUES[number] : UNSET;
        }
    }

    public SpanStatus {
        code = code == null ? Code.UNSET : code;
        message = message == null ? "" : message;
    }
}
