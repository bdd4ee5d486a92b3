package dev.sightline.query.errors;

import dev.sightline.store.StoreOverloadedException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Turns the API's expected failures into clear JSON answers; nothing leaks a stack trace. */
public class ApiExceptionMappers {

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
}
