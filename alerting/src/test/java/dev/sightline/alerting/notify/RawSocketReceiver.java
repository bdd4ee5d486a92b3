package dev.sightline.alerting.notify;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A misbehaving webhook receiver on loopback, written against a bare socket: after reading the request's head it
 * runs a script on the connection (answer nothing, trickle, answer without end). Scripts end when the sender
 * closes the connection, which the tests rely on to see that the sender gave up.
 */
final class RawSocketReceiver implements AutoCloseable {
    /** What to do with one connection once the request head has been read. */
    @FunctionalInterface
    interface Script {
        void run(Socket connection) throws IOException, InterruptedException;
    }

    private final ServerSocket server;
    private final List<Socket> connections = new CopyOnWriteArrayList<>();
    private final List<String> heads = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    RawSocketReceiver(Script script) {
        try {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        acceptor = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    connections.add(s);
                    Thread t = new Thread(() -> serve(s, script), "test-raw-receiver-conn");
                    t.setDaemon(true);
                    t.start();
                } catch (IOException e) {
                    return;
                }
            }
        }, "test-raw-receiver");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getLocalPort() + "/hook/s3cret-path?token=t0ken";
    }

    /** The request heads (request line and headers) received so far. */
    List<String> heads() {
        return new ArrayList<>(heads);
    }

    private void serve(Socket s, Script script) {
        try (s) {
            InputStream in = s.getInputStream();
            StringBuilder head = new StringBuilder();
            while (!head.toString().endsWith("\r\n\r\n")) {
                int c = in.read();
                if (c < 0) {
                    return;
                }
                head.append((char) c);
            }
            heads.add(head.toString());
            script.run(s);
        } catch (IOException e) {
            // the sender closed the connection: what these tests wait for
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : connections) {
            s.close();
        }
    }
}
