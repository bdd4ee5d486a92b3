package dev.sightline.ui.web;

import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** A page that cannot be shown answers with a page saying why, in the layout, never a stack trace. */
public class PageErrors {
    private final Template error;

    public PageErrors(@Location("error.html") Template error) {
        this.error = error;
    }

    @ServerExceptionMapper
    public Response page(PageException e) {
        String body = error.data("status", e.status()).data("message", e.getMessage()).render();
        return Response.status(e.status()).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8")).entity(body).build();
    }
}
