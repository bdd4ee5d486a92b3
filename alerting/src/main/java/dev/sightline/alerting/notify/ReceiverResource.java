package dev.sightline.alerting.notify;

import dev.sightline.alerting.config.YamlNode;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sightline.alerting.silence.Matcher;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;


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
    @Operation(summary = "Webhook receivers", description = "Name, masked URL (scheme, host and port; never the "
            + "path, query, HMAC secret or header values), grouping and delivery options of every configured "
            + "receiver.")
    public ObjectNode list() {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        ArrayNode out = body.putArray("receivers");
        for (Receiver r : dispatcher.receivers()) {
            ObjectNode n = out.addObject();
            n.put("name", r.name());
            n.put("url", r.maskedUrl());
            r.groupBy().forEach(n.putArray("groupBy")::add);
            n.put("groupWait", YamlNode.formatDuration(r.groupWait()));
            n.put("groupInterval", YamlNode.formatDuration(r.groupInterval()));
            n.put("repeatInterval", YamlNode.formatDuration(r.repeatInterval()));
            n.put("sendResolved", r.sendResolved());
            n.put("maxAlerts", r.maxAlerts());
            n.put("signed", r.hmacSecret() != null);
            r.headers().keySet().forEach(n.putArray("headers")::add);
            n.put("timeout", YamlNode.formatDuration(r.timeout()));
            n.put("connectTimeout", YamlNode.formatDuration(r.connectTimeout()));
            n.put("allowPrivateAddresses", r.allowPrivateAddresses());
            r.matchers().stream().map(Matcher::toString).forEach(n.putArray("matchers")::add);
        }
        return body;
    }
}
