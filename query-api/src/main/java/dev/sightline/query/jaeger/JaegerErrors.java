package dev.sightline.query.jaeger;

import dev.sightline.query.errors.BadParameterException;
import dev.sightline.store.StoreOverloadedException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * Failures under {@code /jaeger} in Jaeger's error envelope ({@code errors:[{code,msg}]}, {@code data:null}), which
 * is what Jaeger clients read, instead of the {@code ApiError} the rest of the API answers. Each Jaeger resource
 * routes its exceptions here from its own {@code @ServerExceptionMapper}s, which take precedence over the global ones.
 */
final class JaegerErrors {
    private JaegerErrors() {
    }

    /** 400 naming the parameter the way Jaeger does: "parameter 'service' is required". */
    static Response badParameter(BadParameterException e) {
        return error(400, message(e.parameter(), e.getMessage()));
    }

    /** 503 with Retry-After while the store replays its log or refuses a read it cannot serve now. */
    static Response unavailable(StoreOverloadedException e) {
        return Response.status(503).type(MediaType.APPLICATION_JSON_TYPE)
                .header("Retry-After", Math.max(1, e.retryAfter().toSeconds()))
                .entity(JaegerJson.error(503, e.getMessage())).build();
    }

    static Response error(int status, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(JaegerJson.error(status, message)).build();
    }

    /** Reasons that read as a predicate follow the name ("must be ..."); others follow a colon. */
    static String message(String parameter, String reason) {
        String name = "parameter '" + parameter + "'";
        boolean predicate = reason.startsWith("is ") || reason.startsWith("must ") || reason.startsWith("should ")
                || reason.startsWith("has ");
        return predicate ? name + " " + reason : name + ": " + reason;
    }
}
