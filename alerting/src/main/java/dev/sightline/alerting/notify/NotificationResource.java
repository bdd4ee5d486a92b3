package dev.sightline.alerting.notify;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sightline.query.errors.BadParameterException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/** The delivery log: every attempt to post a notification, newest first. */
@Path("/api/notifications")
@Produces(MediaType.APPLICATION_JSON)
public class NotificationResource {
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;

    private final NotificationDispatcher dispatcher;

    public NotificationResource(NotificationDispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    @GET
    @Operation(summary = "Delivery log", description = "Webhook delivery attempts, newest first: outcome "
            + "(delivered, retrying, failed, superseded, dropped), HTTP status or error, duration. The newest "
            + "10,000 attempts of the last 7 days are kept.")
    public ObjectNode list(
            @Parameter(description = "receiver name; default all") @QueryParam("receiver") String receiver,
            @Parameter(description = "attempts, 1–1000, default 100") @QueryParam("limit") String limit) {
        if (receiver != null && dispatcher.receivers().stream().noneMatch(r -> r.name().equals(receiver))) {
            throw new BadParameterException("receiver", "no receiver named '" + receiver + "'");
        }
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        ArrayNode out = body.putArray("notifications");
        for (DeliveryAttempt a : dispatcher.deliveryLog().recent(receiver, limit(limit))) {
            ObjectNode n = out.addObject();
            n.put("id", a.id());
            n.put("receiver", a.receiver());
            n.put("groupKey", a.groupKey());
            n.put("status", a.status());
            n.put("alertCount", a.alertCount());
            a.fingerprints().forEach(n.putArray("fingerprints")::add);
            n.put("attempt", a.attempt());
            n.put("at", a.at().toString());
            n.put("outcome", a.outcome().apiName());
            if (a.httpStatus() == null) {
                n.putNull("httpStatus");
            } else {
                n.put("httpStatus", a.httpStatus());
            }
            n.put("error", a.error());
            n.put("durationMs", a.durationMs());
        }
        return body;
    }

    private static int limit(String text) {
        if (text == null || text.isBlank()) {
            return DEFAULT_LIMIT;
        }
        try {
            int n = Integer.parseInt(text.strip());
            if (n >= 1 && n <= MAX_LIMIT) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new BadParameterException("limit", "must be a whole number from 1 to " + MAX_LIMIT + ", not '" + text
                + "'");
    }
}
