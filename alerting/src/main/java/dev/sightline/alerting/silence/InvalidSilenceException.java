package dev.sightline.alerting.silence;

/** A silence that cannot be created; names the request field at fault ({@code matchers[1].value}, {@code endsAt}). */
public final class InvalidSilenceException extends RuntimeException {
    private final String field;

    public InvalidSilenceException(String field, String reason) {
        super(reason, null, false, false);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
