package dev.sightline.bench.alerting;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The benchmark's webhook receiver: a JDK {@link HttpServer} on loopback that answers 200 at once and records, for
 * every alert of every notification, when the request arrived (wall clock, read before the body), the
 * notification's status and the alert's name and status.
 */
final class WebhookSink implements AutoCloseable {
    record Arrival(Instant at, String alertname, String alertStatus, String groupStatus) {
    }

    private final HttpServer server;
    private final ObjectMapper json = new ObjectMapper();
    private final List<Arrival> arrivals = new ArrayList<>();
    private long requests;
    private long bytes;

    WebhookSink() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "bench-webhook");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/hook", exchange -> {
            Instant at = Instant.now();
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
            record(at, body);
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    private void record(Instant at, byte[] body) {
        List<Arrival> found = new ArrayList<>();
        try {
            JsonNode root = json.readTree(body);
            String groupStatus = root.path("status").asText();
            for (JsonNode a : root.path("alerts")) {
                found.add(new Arrival(at, a.path("labels").path("alertname").asText(), a.path("status").asText(),
                        groupStatus));
            }
        } catch (IOException e) {
            found.add(new Arrival(at, "<unreadable>", "", ""));
        }
        synchronized (this) {
            requests++;
            bytes += body.length;
            arrivals.addAll(found);
            notifyAll();
        }
    }

    synchronized long requests() {
        return requests;
    }

    synchronized long bytes() {
        return bytes;
    }

    synchronized List<Arrival> arrivals() {
        return List.copyOf(arrivals);
    }

    /** The first arrival at or after {@code since} of {@code alertname} firing; null after the timeout. */
    synchronized Arrival awaitFiring(String alertname, Instant since, long timeoutMillis)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (true) {
            for (Arrival a : arrivals) {
                if (a.alertname().equals(alertname) && a.alertStatus().equals("firing") && !a.at().isBefore(since)) {
                    return a;
                }
            }
            long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
            if (left <= 0) {
                return null;
            }
            wait(left);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
