package dev.sightline.alerting.notify;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One POST of a notification to a receiver, and what to make of the answer: 2xx delivered; 5xx, 429, a timeout or
 * a connection error worth retrying (honouring {@code Retry-After}); anything else (4xx, a redirect) final. The
 * whole exchange, body included, is bounded by the receiver's timeout, and at most {@value #MAX_BODY} bytes of the
 * answer are read, so a misbehaving receiver holds a delivery thread for no longer than that.
 */
final class WebhookNotifier {
    static final int MAX_BODY = 64 * 1024;
    private static final int ERROR_BODY_CHARS = 200;

    private final String userAgent;
    private final Clock clock;
    private final ConcurrentHashMap<String, HttpClient> clients = new ConcurrentHashMap<>();

    WebhookNotifier(String version, Clock clock) {
        this.userAgent = "Sightline/" + version;
        this.clock = clock;
    }

    /** The answer to one attempt. */
    record Result(DeliveryOutcome kind, Integer httpStatus, String error, Duration retryAfter, long durationMs) {
        boolean delivered() {
            return kind == DeliveryOutcome.DELIVERED;
        }

        boolean retryable() {
            return kind == DeliveryOutcome.RETRYING;
        }
    }

    Result post(Receiver receiver, byte[] body) {
        long start = System.nanoTime();
        HttpRequest.Builder request = HttpRequest.newBuilder(receiver.url())
                .timeout(receiver.timeout())
                .header("Content-Type", "application/json")
                .header("User-Agent", userAgent)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        receiver.headers().forEach(request::header);
        if (receiver.hmacSecret() != null) {
            long ts = clock.instant().getEpochSecond();
            request.header(WebhookSignature.TIMESTAMP_HEADER, Long.toString(ts));
            request.header(WebhookSignature.SIGNATURE_HEADER, WebhookSignature.sign(receiver.hmacSecret(), ts, body));
        }
        CompletableFuture<HttpResponse<byte[]>> future = client(receiver)
                .sendAsync(request.build(), info -> new CappedBody(MAX_BODY));
        try {
            HttpResponse<byte[]> response = future.get(receiver.timeout().toNanos(), TimeUnit.NANOSECONDS);
            return classify(response, millisSince(start));
        } catch (TimeoutException e) {
            future.cancel(true);
            return retry(null, "timed out after " + receiver.timeout().toMillis() + " ms", start);
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            return retry(null, "interrupted", start);
        } catch (ExecutionException e) {
            return retry(null, describe(e.getCause()), start);
        }
    }

    private Result classify(HttpResponse<byte[]> response, long durationMs) {
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return new Result(DeliveryOutcome.DELIVERED, status, null, null, durationMs);
        }
        String error = "HTTP " + status + answer(response.body());
        if (status >= 500 || status == 429) {
            return new Result(DeliveryOutcome.RETRYING, status, error,
                    retryAfter(response.headers().firstValue("Retry-After").orElse(null)), durationMs);
        }
        return new Result(DeliveryOutcome.FAILED, status, error, null, durationMs);
    }

    /** Seconds or an HTTP date (RFC 9110); null when absent or unreadable. */
    Duration retryAfter(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String v = header.strip();
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(v)));
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                Duration d = Duration.between(clock.instant(), at);
                return d.isNegative() ? Duration.ZERO : d;
            } catch (DateTimeParseException notDate) {
                return null;
            }
        }
    }

    private HttpClient client(Receiver receiver) {
        // One client per receiver: the connect timeout is a client setting, and connections are reused per host.
        return clients.computeIfAbsent(receiver.name() + '\u0000' + receiver.url() + '\u0000' + receiver.timeout(),
                k -> HttpClient.newBuilder()
                        .connectTimeout(receiver.timeout())
                        .followRedirects(HttpClient.Redirect.NEVER)
                        // Like Alertmanager's webhook: HTTP/1.1, no h2c upgrade dance with plain-HTTP receivers.
                        .version(HttpClient.Version.HTTP_1_1)
                        .build());
    }

    private static Result retry(Integer status, String error, long start) {
        return new Result(DeliveryOutcome.RETRYING, status, error, null, millisSince(start));
    }

    private static String describe(Throwable t) {
        if (t instanceof HttpTimeoutException) {
            return "timed out: " + t.getMessage();
        }
        if (t instanceof ConnectException) {
            return "connection failed: " + (t.getMessage() == null ? "refused" : t.getMessage());
        }
        if (t instanceof IOException) {
            return "I/O error: " + t;
        }
        return String.valueOf(t);
    }

    private static String answer(byte[] body) {
        if (body == null || body.length == 0) {
            return "";
        }
        String text = new String(body, 0, Math.min(body.length, ERROR_BODY_CHARS * 4), StandardCharsets.UTF_8)
                .strip().replaceAll("\\s+", " ");
        return text.isEmpty() ? "" : ": " + (text.length() > ERROR_BODY_CHARS
                ? text.substring(0, ERROR_BODY_CHARS) + "…" : text);
    }

    private static long millisSince(long startNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }

    /** Keeps the first {@code cap} bytes of an answer and stops reading there. */
    private static final class CappedBody implements HttpResponse.BodySubscriber<byte[]> {
        private final int cap;
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final CompletableFuture<byte[]> result = new CompletableFuture<>();
        private Flow.Subscription subscription;

        CappedBody(int cap) {
            this.cap = cap;
        }

        @Override
        public CompletableFuture<byte[]> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(1);
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            for (ByteBuffer b : items) {
                int n = Math.min(b.remaining(), cap - bytes.size());
                byte[] chunk = new byte[n];
                b.get(chunk);
                bytes.write(chunk, 0, n);
            }
            if (bytes.size() >= cap) {
                subscription.cancel();
                result.complete(bytes.toByteArray());
            } else {
                subscription.request(1);
            }
        }

        @Override
        public void onError(Throwable t) {
            result.completeExceptionally(t);
        }

        @Override
        public void onComplete() {
            result.complete(bytes.toByteArray());
        }
    }
}
