package dev.sightline.security;

/**
 * The answer to "may this credential do that?". Receivers map it to their protocol: HTTP 401/403, gRPC
 * UNAUTHENTICATED/PERMISSION_DENIED.
 *
 * @param outcome   allowed, or why not
 * @param principal who the request acts as; null unless allowed
 * @param message   for the client: says what was wrong without echoing the credential
 */
public record AccessDecision(Outcome outcome, Principal principal, String message) {

    public enum Outcome { ALLOWED, UNAUTHENTICATED, FORBIDDEN }

    static AccessDecision allowed(Principal principal) {
        return new AccessDecision(Outcome.ALLOWED, principal, "");
    }

    static AccessDecision unauthenticated(String message) {
        return new AccessDecision(Outcome.UNAUTHENTICATED, null, message);
    }

    static AccessDecision forbidden(String message) {
        return new AccessDecision(Outcome.FORBIDDEN, null, message);
    }

    public boolean allowed() {
        return outcome == Outcome.ALLOWED;
    }
}
