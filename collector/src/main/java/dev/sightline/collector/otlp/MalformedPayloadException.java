package dev.sightline.collector.otlp;

/**
 * An OTLP request body that cannot be decoded: the whole request is bad data (HTTP 400, gRPC
 * INVALID_ARGUMENT) and the client must not retry it.
 *
 * <p>The message is written for the client: it says what is wrong with the payload and carries no stack
 * trace, Java class name or server detail, so receivers can put it in the response as is. The cause, when
 * there is one, is for the server's own logs.
 */
public final class MalformedPayloadException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public MalformedPayloadException(String message) {
        super(message);
    }

    public MalformedPayloadException(String message, Throwable cause) {
        super(message, cause);
    }
}
