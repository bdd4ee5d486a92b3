package dev.sightline.server.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import org.awaitility.Awaitility;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** A webhook receiver on loopback that answers 200 and keeps every request it gets, headers and body. */
public final class RecordingWebhookReceiver implements AutoCloseable {
    /** One POST as received. */
    public record Delivery(Map<String, List<String>> headers, byte[] body) {
        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }
    }

    private final HttpServer server;
    private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();

    public RecordingWebhookReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/hook", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                deliveries.add(new Delivery(Map.copyOf(exchange.getRequestHeaders()), in.readAllBytes()));
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    public List<Delivery> deliveries() {
        return List.copyOf(deliveries);
    }

    /** Every body received so far, as JSON (Alertmanager's webhook message). */
    public List<JsonNode> jsonBodies() {
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> out = new ArrayList<>();
        for (Delivery d : deliveries) {
            try {
                out.add(json.readTree(d.body()));
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + d.text(), e);
            }
        }
        return out;
    }

    /** The first alert labelled {@code alertname} in a message received within {@code timeout}. */
    public JsonNode awaitAlert(String alertname, Duration timeout) {
        JsonNode[] found = new JsonNode[1];
        Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(200)).until(() -> {
            for (JsonNode message : jsonBodies()) {
                for (JsonNode alert : message.get("alerts")) {
                    if (alert.at("/labels/alertname").asText().equals(alertname)) {
                        found[0] = alert;
                        return true;
                    }
                }
            }
            return false;
        });
        return found[0];
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
