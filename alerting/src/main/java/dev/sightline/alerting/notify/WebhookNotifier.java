package dev.sightline.alerting.notify;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocketFactory;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One POST of a notification to a receiver, and what to make of the answer: 2xx delivered; 5xx, 429, a timeout or
 * a connection error worth retrying (honouring {@code Retry-After}); anything else (4xx, a redirect) final. A host
 * that is, or now resolves to, an address webhooks may not reach ({@link WebhookTarget#address}) is final too, with
 * the reason. The whole exchange, DNS lookup and body included, is bounded by the receiver's timeout, the
 * connection by its connect timeout, and at most {@value #MAX_BODY} bytes of the answer are read, so a misbehaving
 * receiver holds a delivery thread for no longer than that ({@link WebhookHttp}).
 *
 * <p>Error texts never carry the URL (only the host, which the masked URL shows anyway), a header value or the
 * HMAC secret: they go to the delivery log, the API, the UI and Sightline's own log.
 */
final class WebhookNotifier implements AutoCloseable {
    static final int MAX_BODY = 64 * 1024;
    private static final int ERROR_BODY_CHARS = 200;

    private final String userAgent;
    private final Clock clock;
    private final HostResolver resolver;
    private final WebhookHttp http;

    WebhookNotifier(String version, Clock clock) {
        this(version, clock, HostResolver.SYSTEM, (SSLSocketFactory) SSLSocketFactory.getDefault());
    }

    WebhookNotifier(String version, Clock clock, HostResolver resolver, SSLSocketFactory tls) {
        this.userAgent = "Sightline/" + version;
        this.clock = clock;
        this.resolver = resolver;
        this.http = new WebhookHttp(tls);
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
        WebhookTarget target = receiver.target();
        InetAddress address;
        try {
            // Checked at every attempt: the name may resolve elsewhere than it did at start or at the last try.
            address = target.address(resolver, receiver.allowPrivateAddresses());
        } catch (UnknownHostException e) {
            return retry(null, "cannot resolve host " + target.host(), start);
        } catch (RefusedTargetException e) {
            return new Result(DeliveryOutcome.FAILED, null, "refused: " + e.getMessage(), null, millisSince(start));
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("User-Agent", userAgent);
        headers.putAll(receiver.headers());
        if (receiver.hmacSecret() != null) {
            long ts = clock.instant().getEpochSecond();
            headers.put(WebhookSignature.TIMESTAMP_HEADER, Long.toString(ts));
            headers.put(WebhookSignature.SIGNATURE_HEADER, WebhookSignature.sign(receiver.hmacSecret(), ts, body));
        }
        try {
            WebhookHttp.Response response = http.post(target, address, headers, body, receiver.connectTimeout(),
                    receiver.timeout(), start, MAX_BODY);
            return classify(response, millisSince(start));
        } catch (WebhookHttp.Timeout e) {
            return retry(null, e.getMessage(), start);
        } catch (ConnectException e) {
            return retry(null, "connection failed: " + (e.getMessage() == null ? "refused" : e.getMessage()), start);
        } catch (SSLException e) {
            return retry(null, "TLS failed: " + e.getMessage(), start);
        } catch (IOException e) {
            return retry(null, "I/O error: " + (e.getMessage() == null ? "connection lost" : e.getMessage()), start);
        }
    }

    /** Ends the requests in flight at once; later attempts fail as retryable and are not made. */
    @Override
    public void close() {
        http.close();
    }

    private Result classify(WebhookHttp.Response response, long durationMs) {
        int status = response.status();
        if (status >= 200 && status < 300) {
            return new Result(DeliveryOutcome.DELIVERED, status, null, null, durationMs);
        }
        String error = "HTTP " + status + answer(response.body());
        if (status >= 500 || status == 429) {
            return new Result(DeliveryOutcome.RETRYING, status, error,
                    retryAfter(response.header("Retry-After")), durationMs);
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

    private static Result retry(Integer status, String error, long start) {
        return new Result(DeliveryOutcome.RETRYING, status, error, null, millisSince(start));
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
}
