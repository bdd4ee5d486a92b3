package dev.sightline.alerting.notify;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sightline.alerting.silence.Matcher;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.time.Duration;

/**
 * The configured webhook receivers, for the UI: never the full URL (webhook URLs often embed a token), the HMAC
 * secret or header values.
 */
@Path("/api/receivers")
@Produces(MediaType.APPLICATION_JSON)
public class ReceiverResource {
    private final NotificationDispatcher dispatcher;

    public ReceiverResource(NotificationDispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    @GET
    @Operation(summary = "Webhook receivers", description = "Name, masked URL (scheme, host and port), grouping "
            + "and delivery options of every configured receiver.")
    public ObjectNode list() {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        ArrayNode out = body.putArray("receivers");
        for (Receiver r : dispatcher.receivers()) {
            ObjectNode n = out.addObject();
            n.put("name", r.name());
            n.put("url", r.maskedUrl());
            r.groupBy().forEach(n.putArray("groupBy")::add);
            n.put("groupWait", promDuration(r.groupWait()));
            n.put("groupInterval", promDuration(r.groupInterval()));
            n.put("repeatInterval", promDuration(r.repeatInterval()));
            n.put("sendResolved", r.sendResolved());
            n.put("maxAlerts", r.maxAlerts());
            n.put("signed", r.hmacSecret() != null);
            r.headers().keySet().forEach(n.putArray("headers")::add);
            n.put("timeout", promDuration(r.timeout()));
            r.matchers().stream().map(Matcher::toString).forEach(n.putArray("matchers")::add);
        }
        return body;
    }

    /** Prometheus' duration syntax, as in configuration: 30s, 5m, 4h, 1m30s, 500ms. */
    static String promDuration(Duration d) {
        if (d.isZero()) {
            return "0s";
        }
        StringBuilder out = new StringBuilder();
        long[] amounts = {d.toDaysPart(), d.toHoursPart(), d.toMinutesPart(), d.toSecondsPart(), d.toMillisPart()};
        String[] units = {"d", "h", "m", "s", "ms"};
        for (int i = 0; i < amounts.length; i++) {
            if (amounts[i] > 0) {
                out.append(amounts[i]).append(units[i]);
            }
        }
        return out.toString();
    }
}
