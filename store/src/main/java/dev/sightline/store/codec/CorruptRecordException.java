package dev.sightline.store.codec;

public final class CorruptRecordException extends RuntimeException {
    public CorruptRecordException(String message, Throwable cause) {
        super(message, cause);
    }

    public CorruptRecordException(String message) {
        super(message);
    }
}
