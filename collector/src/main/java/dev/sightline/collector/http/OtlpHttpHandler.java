package dev.sightline.collector.http;

import dev.sightline.security.AccessDecision;
import dev.sightline.security.Authenticator;
import dev.sightline.security.Scope;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import com.google.rpc.Code;
import dev.sightline.collector.ingest.IngestMetrics.RequestOutcome;
import dev.sightline.collector.ingest.IngestPipeline;
import dev.sightline.collector.ingest.Transport;
import dev.sightline.collector.limits.IngestThrottledException;
import dev.sightline.collector.otlp.MalformedPayloadException;
import dev.sightline.collector.otlp.MappingResult;
import dev.sightline.collector.otlp.OtlpDecoder.Encoding;
import dev.sightline.store.StoreOverloadedException;
import dev.sightline.store.model.TelemetryBatch;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import org.jboss.logging.Logger;

import java.io.EOFException;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * OTLP/HTTP per the specification: POST of protobuf or JSON, optionally gzip-compressed; the answer in the
 * request's encoding; 400 with a {@code google.rpc.Status} for bad data (not retryable), 413 for bodies over
 * the limit, 415 for unknown content types, 503 with {@code Retry-After} when overloaded and 429 with
 * {@code Retry-After} when the tenant is over its ingest rate (both retryable).
 * Decoding runs on a worker thread: a 20 MiB JSON body takes far longer than an event loop may block.
 */
final class OtlpHttpHandler implements Handler<HttpServerRequest> {
    private static final Logger LOG = Logger.getLogger(OtlpHttpHandler.class);
    private static final String PROTOBUF = "application/x-protobuf";
    private static final String JSON = "application/json";
    /** Until the receivers authenticate tenants, every export is the default tenant's. */

    private final Vertx vertx;
    private final IngestPipeline pipeline;
    private final Map<String, HttpSignalRoute> routes;
    private final int maxBodyBytes;
    private final List<String> allowedOrigins;
    private final Authenticator authenticator;

    OtlpHttpHandler(Vertx vertx, IngestPipeline pipeline, List<HttpSignalRoute> routes, int maxBodyBytes,
                    List<String> allowedOrigins, Authenticator authenticator) {
        this.vertx = vertx;
        this.authenticator = authenticator;
        this.pipeline = pipeline;
        this.routes = routes.stream().collect(java.util.stream.Collectors.toUnmodifiableMap(
                HttpSignalRoute::path, r -> r));
        this.maxBodyBytes = maxBodyBytes;
        this.allowedOrigins = List.copyOf(allowedOrigins);
    }

    @Override
    public void handle(HttpServerRequest request) {
        HttpServerResponse response = request.response();
        boolean cors = applyCors(request, response);
        HttpSignalRoute route = routes.get(request.path());
        // A CORS preflight carries no credentials by design; it reveals nothing and stores nothing.
        boolean preflight = request.method() == HttpMethod.OPTIONS && cors && route != null;
        String tenant = null;
        if (!preflight) {
            // Before anything else, the body included: an unauthenticated client must not cost a 20 MiB decode
            // or learn which paths exist.
            AccessDecision access = authenticator.decide(
                    Authenticator.bearer(request.getHeader(HttpHeaders.AUTHORIZATION)), Scope.INGEST);
            if (!access.allowed()) {
                refuse(request, route, access);
                return;
            }
            tenant = access.principal().tenant();
        }
        if (route == null) {
            sendText(request, 404, "no OTLP endpoint at " + request.path() + "; use /v1/traces, /v1/logs or /v1/metrics");
            return;
        }
        if (preflight) {
            response.putHeader("Access-Control-Allow-Methods", "POST, OPTIONS")
                    .putHeader("Access-Control-Allow-Headers", allowedRequestHeaders(request))
                    .putHeader("Access-Control-Max-Age", "86400")
                    .setStatusCode(204).end();
            return;
        }
        if (request.method() != HttpMethod.POST) {
            response.putHeader(HttpHeaders.ALLOW, "POST");
            sendText(request, 405, "OTLP endpoints accept POST only");
            return;
        }
        Encoding encoding = encodingOf(request.getHeader(HttpHeaders.CONTENT_TYPE));
        if (encoding == null) {
            count(route, RequestOutcome.UNSUPPORTED_MEDIA_TYPE);
            sendStatus(request, Encoding.JSON, 415, Code.INVALID_ARGUMENT,
                    "unsupported content type '" + request.getHeader(HttpHeaders.CONTENT_TYPE)
                            + "'; use application/x-protobuf or application/json");
            return;
        }
        String contentEncoding = request.getHeader(HttpHeaders.CONTENT_ENCODING);
        boolean gzip = contentEncoding != null && contentEncoding.trim().equalsIgnoreCase("gzip");
        if (contentEncoding != null && !gzip && !contentEncoding.trim().equalsIgnoreCase("identity")) {
            count(route, RequestOutcome.UNSUPPORTED_MEDIA_TYPE);
            sendStatus(request, encoding, 415, Code.INVALID_ARGUMENT,
                    "unsupported content encoding '" + contentEncoding + "'; use gzip or none");
            return;
        }
        String declaredLength = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (declaredLength != null && parseLength(declaredLength) > maxBodyBytes) {
            tooLarge(request, route, encoding);
            return;
        }
        // Refuse before reading the body when the answer would be a refusal anyway: a crowded server answers in
        // milliseconds instead of after the upload. The unread body makes the connection unusable: close it.
        try {
            pipeline.precheck(tenant, route.signal());
        } catch (StoreOverloadedException e) {
            response.putHeader(HttpHeaders.CONNECTION, "close");
            overloaded(request, route, encoding, e.getMessage(), e.retryAfter());
            return;
        } catch (IngestThrottledException e) {
            response.putHeader(HttpHeaders.CONNECTION, "close");
            throttled(request, route, encoding, e);
            return;
        }
        readBody(request, route, encoding, gzip, tenant);
    }

    private void readBody(HttpServerRequest request, HttpSignalRoute route, Encoding encoding, boolean gzip,
                          String tenant) {
        Buffer body = Buffer.buffer();
        boolean[] refused = {false};
        request.handler(chunk -> {
            if (refused[0]) {
                return;
            }
            if (body.length() + chunk.length() > maxBodyBytes) {
                refused[0] = true;
                tooLarge(request, route, encoding);
                return;
            }
            body.appendBuffer(chunk);
        });
        request.exceptionHandler(e -> LOG.debugf("OTLP/HTTP request failed while reading: %s", e.getMessage()));
        request.endHandler(v -> {
            if (!refused[0]) {
                process(request, route, encoding, gzip, body.getBytes(), tenant);
            }
        });
    }

    private void process(HttpServerRequest request, HttpSignalRoute route, Encoding encoding, boolean gzip,
                         byte[] wireBody, String tenant) {
        long admitted = Math.max(wireBody.length, 1);
        try {
            pipeline.admit(tenant, route.signal(), admitted);
        } catch (StoreOverloadedException e) {
            overloaded(request, route, encoding, e.getMessage(), e.retryAfter());
            return;
        } catch (IngestThrottledException e) {
            throttled(request, route, encoding, e);
            return;
        }
        vertx.<Decoded>executeBlocking(() -> decode(route, encoding, gzip, wireBody), false)
                .onComplete(ar -> {
                    Decoded decoded = ar.succeeded() ? ar.result() : Decoded.failed(ar.cause());
                    if (decoded.mapped == null) {
                        pipeline.release(admitted);
                        answerDecodeFailure(request, route, encoding, decoded);
                        return;
                    }
                    storeAndAnswer(request, route, encoding, decoded.mapped, admitted, tenant);
                });
    }

    private void storeAndAnswer(HttpServerRequest request, HttpSignalRoute route, Encoding encoding,
                                MappingResult<? extends TelemetryBatch> mapped, long admitted, String tenant) {
        Context context = vertx.getOrCreateContext();
        try {
            // Completion comes on the store's writer thread, which must not encode responses: hop back.
            pipeline.store(tenant, mapped).whenComplete((stored, failure) -> context.runOnContext(v -> {
                pipeline.release(admitted);
                if (failure == null) {
                    count(route, stored.rejectedItems() > 0 ? RequestOutcome.PARTIAL : RequestOutcome.ACCEPTED);
                    send(request, encoding, 200, route.response().apply(stored.rejectedItems(),
                            stored.errorMessage()));
                } else {
                    Throwable cause = IngestPipeline.causeOf(failure);
                    LOG.warnf(cause, "could not store an OTLP/HTTP %s request", route.signal().lowerName());
                    count(route, RequestOutcome.FAILED);
                    request.response().putHeader(HttpHeaders.RETRY_AFTER, seconds(pipeline.retryAfter()));
                    sendStatus(request, encoding, 503, Code.UNAVAILABLE, "could not store the data; retry later");
                }
            }));
        } catch (StoreOverloadedException e) {
            pipeline.release(admitted);
            overloaded(request, route, encoding, e.getMessage(), e.retryAfter());
        } catch (IngestThrottledException e) {
            pipeline.release(admitted);
            throttled(request, route, encoding, e);
        } catch (RuntimeException e) {
            pipeline.release(admitted);
            LOG.warnf(e, "the store refused an OTLP/HTTP %s request", route.signal().lowerName());
            count(route, RequestOutcome.FAILED);
            sendStatus(request, encoding, 500, Code.INTERNAL, "could not store the request");
        }
    }

    private record Decoded(MappingResult<? extends TelemetryBatch> mapped, String error, boolean tooLarge,
                           Throwable unexpected) {
        static Decoded failed(Throwable t) {
            return new Decoded(null, null, false, t);
        }
    }

    private Decoded decode(HttpSignalRoute route, Encoding encoding, boolean gzip, byte[] wireBody) {
        byte[] body = wireBody;
        if (gzip) {
            try {
                body = BoundedGunzip.gunzip(wireBody, maxBodyBytes);
            } catch (BoundedGunzip.TooLargeException e) {
                return new Decoded(null, null, true, null);
            } catch (EOFException e) {
                // Its message is null (empty or cut-off header) or about zlib; say it plainly.
                return new Decoded(null, "the body is not valid gzip: it ends too early", false, null);
            } catch (IOException e) {
                return new Decoded(null, "the body is not valid gzip: "
                        + Objects.requireNonNullElse(e.getMessage(), "unreadable"), false, null);
            }
        }
        try {
            return new Decoded(route.decoder().decodeAndMap(body, encoding), null, false, null);
        } catch (MalformedPayloadException e) {
            return new Decoded(null, e.getMessage(), false, null);
        }
    }

    private void answerDecodeFailure(HttpServerRequest request, HttpSignalRoute route, Encoding encoding,
                                     Decoded decoded) {
        if (decoded.tooLarge) {
            tooLarge(request, route, encoding);
        } else if (decoded.error != null) {
            count(route, RequestOutcome.MALFORMED);
            sendStatus(request, encoding, 400, Code.INVALID_ARGUMENT, decoded.error);
        } else {
            LOG.warnf(decoded.unexpected, "could not process an OTLP/HTTP %s request", route.signal().lowerName());
            count(route, RequestOutcome.FAILED);
            sendStatus(request, encoding, 500, Code.INTERNAL, "could not process the request");
        }
    }

    private void tooLarge(HttpServerRequest request, HttpSignalRoute route, Encoding encoding) {
        count(route, RequestOutcome.TOO_LARGE);
        // We stop reading the body, so the connection cannot carry another request.
        request.response().putHeader(HttpHeaders.CONNECTION, "close");
        sendStatus(request, encoding, 413, Code.RESOURCE_EXHAUSTED,
                "request body exceeds " + maxBodyBytes + " bytes (after decompression)");
    }

    private void overloaded(HttpServerRequest request, HttpSignalRoute route, Encoding encoding, String message,
                            Duration retryAfter) {
        count(route, RequestOutcome.OVERLOADED);
        request.response().putHeader(HttpHeaders.RETRY_AFTER, seconds(retryAfter));
        sendStatus(request, encoding, 503, Code.UNAVAILABLE, message);
    }

    /** Over the tenant's rate: 429, which the OTLP spec lists with 503 as retryable, and the bucket's hint. */
    private void throttled(HttpServerRequest request, HttpSignalRoute route, Encoding encoding,
                           IngestThrottledException e) {
        count(route, RequestOutcome.THROTTLED);
        request.response().putHeader(HttpHeaders.RETRY_AFTER, seconds(e.retryAfter()));
        sendStatus(request, encoding, 429, Code.RESOURCE_EXHAUSTED, e.getMessage());
    }

    private void count(HttpSignalRoute route, RequestOutcome outcome) {
        pipeline.metrics().request(route.signal(), Transport.HTTP, outcome);
    }

    private static String seconds(Duration d) {
        return Long.toString(Math.max(1, (d.toMillis() + 999) / 1000));
    }

    private void sendStatus(HttpServerRequest request, Encoding encoding, int httpStatus, Code code, String message) {
        send(request, encoding, httpStatus, com.google.rpc.Status.newBuilder()
                .setCode(code.getNumber()).setMessage(message).build());
    }

    private static void send(HttpServerRequest request, Encoding encoding, int httpStatus, Message message) {
        HttpServerResponse response = request.response();
        if (response.ended() || response.closed()) {
            return;
        }
        Buffer body;
        if (encoding == Encoding.JSON) {
            try {
                body = Buffer.buffer(JsonFormat.printer().omittingInsignificantWhitespace().print(message));
            } catch (InvalidProtocolBufferException e) {
                throw new IllegalStateException("cannot print our own response as JSON", e);
            }
            response.putHeader(HttpHeaders.CONTENT_TYPE, JSON);
        } else {
            body = Buffer.buffer(message.toByteArray());
            response.putHeader(HttpHeaders.CONTENT_TYPE, PROTOBUF);
        }
        response.setStatusCode(httpStatus).end(body);
    }

    private static void sendText(HttpServerRequest request, int status, String text) {
        request.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; charset=utf-8")
                .end(text);
    }

    /** Adds CORS headers for an allowed origin; returns whether the request came from one. */
    private boolean applyCors(HttpServerRequest request, HttpServerResponse response) {
        String origin = request.getHeader(HttpHeaders.ORIGIN);
        if (origin == null) {
            return false;
        }
        if (allowedOrigins.contains("*")) {
            response.putHeader("Access-Control-Allow-Origin", "*");
        } else if (allowedOrigins.contains(origin)) {
            response.putHeader("Access-Control-Allow-Origin", origin).putHeader(HttpHeaders.VARY, "Origin");
        } else {
            return false;
        }
        response.putHeader("Access-Control-Expose-Headers", "Retry-After");
        return true;
    }

    private void refuse(HttpServerRequest request, HttpSignalRoute route, AccessDecision access) {
        if (route != null) {
            count(route, RequestOutcome.UNAUTHORIZED);
        }
        boolean forbidden = access.outcome() == AccessDecision.Outcome.FORBIDDEN;
        if (!forbidden) {
            request.response().putHeader("WWW-Authenticate", "Bearer realm=\"sightline\"");
        }
        Encoding encoding = encodingOf(request.getHeader(HttpHeaders.CONTENT_TYPE));
        sendStatus(request, encoding != null ? encoding : Encoding.JSON, forbidden ? 403 : 401,
                forbidden ? Code.PERMISSION_DENIED : Code.UNAUTHENTICATED, access.message());
    }

    private static String allowedRequestHeaders(HttpServerRequest request) {
        String asked = request.getHeader("Access-Control-Request-Headers");
        return asked != null && !asked.isBlank() ? asked : "Authorization, Content-Type, Content-Encoding";
    }

    static Encoding encodingOf(String contentType) {
        if (contentType == null) {
            return null;
        }
        int semi = contentType.indexOf(';');
        String mime = (semi < 0 ? contentType : contentType.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
        return switch (mime) {
            case PROTOBUF -> Encoding.PROTOBUF;
            case JSON -> Encoding.JSON;
            default -> null;
        };
    }

    private static long parseLength(String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
