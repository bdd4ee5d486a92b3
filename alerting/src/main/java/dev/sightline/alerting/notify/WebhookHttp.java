package dev.sightline.alerting.notify;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * One HTTP/1.1 POST to an address checked beforehand, on a connection of its own ({@code Connection: close}).
 *
 * <p>Why not {@code java.net.http.HttpClient}: it resolves the URL's host itself when it connects, and Java 17
 * offers no way to hand it an address. Checking the name first and letting the client resolve it again leaves a
 * window for a second, different DNS answer (DNS rebinding), and rewriting the URL to the address breaks TLS
 * (certificate checks and SNI want the name). Here the socket connects to the {@link InetAddress} that was checked,
 * while the {@code Host} header, SNI and the certificate's host name check use the name from the URL.
 *
 * <p>Bounds, so a receiver cannot hold a delivery thread: the connection within {@code connectTimeout}; the whole
 * exchange (connection, TLS handshake, request, answer) by a deadline, enforced on every read and, for writes and
 * anything else, by a watchdog that closes the socket when it passes (a receiver that trickles its answer a byte at
 * a time is cut there); at most {@code maxBody} bytes of the answer's body are read, and only for answers that are
 * not 2xx (the body is only wanted for the error text). Redirects are not followed: a 3xx is an answer.
 */
final class WebhookHttp implements AutoCloseable {
    private static final int MAX_LINE = 8 * 1024;
    private static final int MAX_HEADER_LINES = 200;

    /** The exchange did not finish in time; the message says which limit. */
    static final class Timeout extends IOException {
        Timeout(String message) {
            super(message);
        }
    }

    /** A receiver's answer: status, headers by lower-case name (first value), and up to the cap of its body. */
    record Response(int status, Map<String, String> headers, byte[] body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private final SSLSocketFactory tls;
    private final ScheduledThreadPoolExecutor watchdog;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    WebhookHttp(SSLSocketFactory tls) {
        this.tls = tls;
        this.watchdog = new ScheduledThreadPoolExecutor(1, task -> {
            Thread t = new Thread(task, "sightline-notify-watchdog");
            t.setDaemon(true);
            return t;
        });
        watchdog.setRemoveOnCancelPolicy(true);
    }

    /**
     * Posts {@code body} to {@code address}, port and path of {@code target}.
     *
     * @param startNanos {@link System#nanoTime()} when the delivery began (its DNS lookup counts)
     * @param timeout    for everything from {@code startNanos} on
     * @throws Timeout     the connection or the whole exchange took too long
     * @throws IOException the connection failed, TLS failed, or the answer was not HTTP
     */
    Response post(WebhookTarget target, InetAddress address, Map<String, String> headers, byte[] body,
                  Duration connectTimeout, Duration timeout, long startNanos, int maxBody) throws IOException {
        if (closed) {
            throw new IOException("Sightline is shutting down");
        }
        long deadlineNanos = startNanos + timeout.toNanos();
        Socket raw = new Socket();
        open.add(raw);
        ScheduledFuture<?> cutOff = watchdog.schedule(() -> closeQuietly(raw),
                Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        Socket socket = raw;
        try {
            int connectMillis = (int) Math.max(1, Math.min(connectTimeout.toMillis(), millisLeft(deadlineNanos)));
            try {
                raw.connect(new InetSocketAddress(address, target.port()), connectMillis);
            } catch (SocketTimeoutException e) {
                throw new Timeout("connect timed out after " + connectMillis + " ms");
            }
            raw.setTcpNoDelay(true);
            if (target.tls()) {
                socket = handshake(raw, target, deadlineNanos);
            }
            OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 8192);
            out.write(head(target, headers, body.length));
            out.write(body);
            out.flush();
            return read(new DeadlineInput(socket, deadlineNanos), maxBody);
        } catch (IOException e) {
            if (e instanceof Timeout) {
                throw e;
            }
            if (System.nanoTime() - deadlineNanos >= 0 || e instanceof SocketTimeoutException) {
                throw new Timeout("timed out after " + timeout.toMillis() + " ms");
            }
            if (closed) {
                throw new IOException("Sightline is shutting down");
            }
            throw e;
        } finally {
            cutOff.cancel(false);
            closeQuietly(socket);
            closeQuietly(raw);
            open.remove(raw);
        }
    }

    /** Ends every exchange in flight at once (their sockets close) and refuses new ones. */
    @Override
    public void close() {
        closed = true;
        watchdog.shutdownNow();
        open.forEach(WebhookHttp::closeQuietly);
    }

    private SSLSocket handshake(Socket raw, WebhookTarget target, long deadlineNanos) throws IOException {
        SSLSocket ssl = (SSLSocket) tls.createSocket(raw, target.host(), target.port(), true);
        SSLParameters params = ssl.getSSLParameters();
        // The certificate must name the URL's host, though the socket was opened to an address.
        params.setEndpointIdentificationAlgorithm("HTTPS");
        if (!target.hostIsAddress()) {
            params.setServerNames(List.of(new SNIHostName(target.host())));
        }
        ssl.setSSLParameters(params);
        ssl.setSoTimeout((int) Math.max(1, millisLeft(deadlineNanos)));
        ssl.startHandshake();
        return ssl;
    }

    private static byte[] head(WebhookTarget target, Map<String, String> headers, int length) {
        StringBuilder h = new StringBuilder(256).append("POST ").append(target.requestTarget()).append(" HTTP/1.1\r\n")
                .append("Host: ").append(target.hostHeader()).append("\r\n");
        headers.forEach((name, value) -> h.append(name).append(": ").append(value).append("\r\n"));
        h.append("Content-Length: ").append(length).append("\r\nConnection: close\r\n\r\n");
        return h.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private static Response read(InputStream in, int maxBody) throws IOException {
        while (true) {
            String statusLine = line(in);
            String[] parts = statusLine.split(" ", 3);
            int status;
            try {
                status = parts.length >= 2 && parts[0].startsWith("HTTP/1.") && parts[1].length() == 3
                        ? Integer.parseInt(parts[1]) : -1;
            } catch (NumberFormatException e) {
                status = -1;
            }
            if (status < 100) {
                throw new IOException("the answer is not HTTP/1.x");
            }
            Map<String, String> headers = new HashMap<>();
            for (int n = 0; ; n++) {
                String line = line(in);
                if (line.isEmpty()) {
                    break;
                }
                if (n == MAX_HEADER_LINES) {
                    throw new IOException("the answer has more than " + MAX_HEADER_LINES + " header lines");
                }
                int colon = line.indexOf(':');
                if (colon > 0) {
                    headers.putIfAbsent(line.substring(0, colon).strip().toLowerCase(Locale.ROOT),
                            line.substring(colon + 1).strip());
                }
            }
            if (status >= 100 && status < 200) {
                continue; // an interim answer (100 Continue, 103 Early Hints): the real one follows
            }
            byte[] body = status >= 200 && status < 300 ? new byte[0] : body(in, headers, maxBody);
            return new Response(status, Map.copyOf(headers), body);
        }
    }

    private static byte[] body(InputStream in, Map<String, String> headers, int maxBody) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String encoding = headers.getOrDefault("transfer-encoding", "").toLowerCase(Locale.ROOT);
        if (encoding.endsWith("chunked")) {
            while (out.size() < maxBody) {
                String size = line(in);
                int semicolon = size.indexOf(';');
                long n;
                try {
                    n = Long.parseLong((semicolon < 0 ? size : size.substring(0, semicolon)).strip(), 16);
                } catch (NumberFormatException e) {
                    throw new IOException("the answer's chunked body is malformed");
                }
                if (n == 0) {
                    break;
                }
                copy(in, out, Math.min(n, maxBody - out.size()));
                if (out.size() < maxBody) {
                    line(in);
                }
            }
            return out.toByteArray();
        }
        String length = headers.get("content-length");
        long limit = maxBody;
        if (length != null) {
            try {
                limit = Math.min(maxBody, Long.parseLong(length));
            } catch (NumberFormatException e) {
                throw new IOException("the answer's Content-Length is not a number");
            }
        }
        copy(in, out, limit);
        return out.toByteArray();
    }

    /** Copies up to {@code n} bytes, fewer when the answer ends first. */
    private static void copy(InputStream in, ByteArrayOutputStream out, long n) throws IOException {
        byte[] buffer = new byte[8192];
        long left = n;
        while (left > 0) {
            int r = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (r < 0) {
                return;
            }
            out.write(buffer, 0, r);
            left -= r;
        }
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder s = new StringBuilder();
        while (true) {
            int c = in.read();
            if (c < 0) {
                throw new IOException("the receiver closed the connection before its answer was complete");
            }
            if (c == '\n') {
                int end = s.length();
                return end > 0 && s.charAt(end - 1) == '\r' ? s.substring(0, end - 1) : s.toString();
            }
            if (s.length() == MAX_LINE) {
                throw new IOException("the answer has a line longer than " + MAX_LINE + " bytes");
            }
            s.append((char) c);
        }
    }

    private static long millisLeft(long deadlineNanos) {
        return TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // closing: nothing left to do
        }
    }

    /** Reads with a socket timeout of whatever is left until the deadline, so no single read outlives it. */
    private static final class DeadlineInput extends InputStream {
        private final Socket socket;
        private final InputStream in;
        private final long deadlineNanos;
        private final byte[] one = new byte[1];
        private final byte[] buffer = new byte[8192];
        private int pos;
        private int end;

        DeadlineInput(Socket socket, long deadlineNanos) throws IOException {
            this.socket = socket;
            this.in = socket.getInputStream();
            this.deadlineNanos = deadlineNanos;
        }

        @Override
        public int read() throws IOException {
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (pos == end) {
                long left = millisLeft(deadlineNanos);
                if (left <= 0) {
                    throw new SocketTimeoutException("deadline passed");
                }
                socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, left));
                int n = in.read(buffer, 0, buffer.length);
                if (n < 0) {
                    return -1;
                }
                pos = 0;
                end = n;
            }
            int n = Math.min(len, end - pos);
            System.arraycopy(buffer, pos, b, off, n);
            pos += n;
            return n;
        }
    }
}
