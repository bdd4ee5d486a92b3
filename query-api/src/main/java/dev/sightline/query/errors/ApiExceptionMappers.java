package dev.sightline.query.errors;

import dev.sightline.store.StoreOverloadedException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.WebApplicationException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.UUID;

/** Turns the API's expected failures into clear JSON answers; nothing leaks a stack trace. */
public class ApiExceptionMappers {
    private static final Logger LOG = Logger.getLogger(ApiExceptionMappers.class);

    @ServerExceptionMapper
    public Response badParameter(BadParameterException e) {
        return Response.status(400).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ApiError(e.getMessage(), e.parameter())).build();
    }

    @ServerExceptionMapper
    public Response unavailable(StoreOverloadedException e) {
        return Response.status(503).type(MediaType.APPLICATION_JSON_TYPE)
                .header("Retry-After", Math.max(1, e.retryAfter().toSeconds()))
                .entity(new ApiError(e.getMessage(), null)).build();
    }

    /**
     * Anything else: the status the framework meant (404, 405, 415...) with its reason, or 500 with a reference to
     * the log line that has the details. Never the exception's class or stack: they tell an attacker what runs
     * here and tell the user nothing.
     */
    @ServerExceptionMapper
    public Response unexpected(RuntimeException e) {
        if (e instanceof WebApplicationException w) {
            Response r = w.getResponse();
            if (r.hasEntity()) {
                return r;
            }
            String reason = r.getStatusInfo().getReasonPhrase();
            return Response.status(r.getStatus()).type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(new ApiError(reason == null || reason.isBlank() ? "request refused" : reason, null))
                    .build();
        }
        String reference = UUID.randomUUID().toString().substring(0, 8);
        LOG.errorf(e, "unexpected error (reference %s)", reference);
        return Response.status(500).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ApiError("internal error; the server log has the details under reference " + reference,
                        null)).build();
    }
}
