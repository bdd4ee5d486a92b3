package dev.sightline.alerting.notify;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A real webhook receiver on loopback, as an Alertmanager receiver would run: records every request and answers
 * with the scripted responses in turn (200 once the script is used up). It can be stopped (connections refused)
 * and started again on the same port.
 */
final class WebhookReceiver implements AutoCloseable {
    /** One request as received. */
    record Request(Map<String, List<String>> headers, byte[] body) {
        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** An answer: status, extra header, and a delay before answering (to make the sender time out). */
    record Reply(int status, String headerName, String headerValue, long delayMillis) {
        static Reply status(int status) {
            return new Reply(status, null, null, 0);
        }
    }

    private final BlockingQueue<Request> requests = new LinkedBlockingQueue<>();
    private final Deque<Reply> script = new ArrayDeque<>();
    private int port;
    private HttpServer server;

    WebhookReceiver() {
        start(0);
    }

    String url() {
        return "http://127.0.0.1:" + port + "/hook";
    }

    synchronized void reply(Reply... replies) {
        script.addAll(List.of(replies));
    }

    void stop() {
        server.stop(0);
    }

    void restart() {
        start(port);
    }

    /** The next request, waiting at most 10 s (deliveries in these tests are synchronous; this is a safety net). */
    Request next() throws InterruptedException {
        Request r = requests.poll(10, TimeUnit.SECONDS);
        if (r == null) {
            throw new AssertionError("no request arrived");
        }
        return r;
    }

    /** Requests received and not yet taken. */
    List<Request> drain() {
        List<Request> out = new java.util.ArrayList<>();
        requests.drainTo(out);
        return out;
    }

    int pending() {
        return requests.size();
    }

    private void start(int onPort) {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), onPort), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "test-webhook-receiver");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/hook", exchange -> {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            requests.add(new Request(Map.copyOf(exchange.getRequestHeaders()), body));
            Reply reply;
            synchronized (this) {
                reply = script.isEmpty() ? Reply.status(200) : script.poll();
            }
            if (reply.delayMillis() > 0) {
                try {
                    Thread.sleep(reply.delayMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (reply.headerName() != null) {
                exchange.getResponseHeaders().add(reply.headerName(), reply.headerValue());
            }
            byte[] answer = ("answer " + reply.status()).getBytes(StandardCharsets.UTF_8);
            try {
                exchange.sendResponseHeaders(reply.status(), answer.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(answer);
                }
            } catch (IOException e) {
                // The sender gave up (timeout) and closed the connection.
            }
            exchange.close();
        });
        server.start();
        port = server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
