package dev.sightline.store.index;

/** An index could not be read or written; the log still has the data. */
public final class IndexException extends RuntimeException {
    public IndexException(String message, Throwable cause) {
        super(message, cause);
    }
}
