package dev.sightline.server.redaction;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sightline.server.support.ApiClient;
import dev.sightline.server.support.RecordingWebhookReceiver;
import dev.sightline.server.support.ServerPorts;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.common.KeyValue;
import io.opentelemetry.api.common.Value;
import io.opentelemetry.api.logs.Logger;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.exporter.otlp.logs.OtlpGrpcLogRecordExporter;
import io.opentelemetry.exporter.otlp.metrics.OtlpGrpcMetricExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.export.BatchLogRecordProcessor;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Redaction at ingest, end to end: a corpus of secrets ({@code redaction/secrets-corpus.txt}) sent by the
 * OpenTelemetry SDK over OTLP/gRPC in every place a signal carries values — resource, span attributes, span events,
 * links, status message and name, log attributes, string and structured log bodies, metric data point attributes —
 * must be found in none of: the raw bytes of the data directory (log segments, H2, Chronicle Maps, alerting
 * state), the query API's and the web UI's answers, Sightline's own log file, and the webhook bodies of two alerts
 * that carry the data (a metric alert whose labels are the data point's attributes and whose summary quotes them,
 * and an error-ratio alert whose evidence quotes the failed traces' error logs). The harmless neighbours sent beside
 * the secrets must arrive, so the test fails if everything is dropped.
 */
@QuarkusTest
@TestProfile(RedactionCorpusTest.WithCorpusRules.class)
class RedactionCorpusTest {
    static final String SERVICE = "redaction-e2e";
    static final String METRIC = "redaction_e2e_logins";

    /** A fresh data directory and log file per run, and alert rules that fire on the corpus' data. */
    public static class WithCorpusRules implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            String run = Long.toString(System.currentTimeMillis());
            String base = System.getProperty("sightline.test.data-dir", "target/test-data/quarkus");
            return Map.of(
                    "sightline.store.data-dir", base + "-redaction-" + run,
                    "quarkus.log.file.enabled", "true",
                    "quarkus.log.file.path", base + "-redaction-" + run + "-own.log",
                    "quarkus.log.file.level", "ALL");
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(CorpusRules.class));
        }
    }

    /** The rule file and the webhook receiver, made before the server starts. */
    public static class CorpusRules implements QuarkusTestResourceLifecycleManager {
        private RecordingWebhookReceiver receiver;

        @Override
        public Map<String, String> start() {
            try {
                receiver = new RecordingWebhookReceiver();
                Path rules = Files.createTempDirectory("sightline-redaction-e2e").resolve("rules.yaml");
                Files.writeString(rules, """
                        rules:
                          - alert: RedactionCorpusErrors
                            expr: error_ratio{service="%s"}[5m] > 10%%
                            labels: {severity: page}
                            annotations:
                              summary: "{{ $labels.service }} fails {{ $value | humanizePercentage }} of requests"
                            runbook: high-error-rate
                          - alert: RedactionCorpusLogins
                            expr: %s{user="bob"} > 0
                            labels: {severity: ticket}
                            annotations:
                              summary: "bob logged in with {{ $labels.password }} and {{ $labels.api_key }}"
                            runbook: high-error-rate
                        """.formatted(SERVICE, METRIC));
                return Map.of(
                        "sightline.alerting.rule-file", rules.toString(),
                        "sightline.alerting.evaluation-interval", "1s",
                        "sightline.alerting.receivers.corpus.url", receiver.url(),
                        // The receiver runs on this machine: loopback targets are refused unless allowed.
                        "sightline.alerting.receivers.corpus.allow-private-addresses", "true",
                        "sightline.alerting.receivers.corpus.group-wait", "0s",
                        "sightline.alerting.receivers.corpus.group-interval", "1s");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void inject(TestInjector injector) {
            injector.injectIntoFields(receiver, new TestInjector.MatchesType(RecordingWebhookReceiver.class));
        }

        @Override
        public void stop() {
            receiver.close();
        }
    }

    RecordingWebhookReceiver receiver;

    private final SecretCorpus corpus = SecretCorpus.load();
    private final ApiClient api = new ApiClient(ServerPorts.api());
    private final String canary = "neighbour-" + UUID.randomUUID();
    private final String requestId = "corpus-request-" + UUID.randomUUID();

    /** Every corpus entry as attributes, with the harmless neighbours. */
    private Attributes corpusAttributes() {
        AttributesBuilder b = Attributes.builder();
        List<SecretCorpus.Entry> entries = corpus.entries();
        for (int i = 0; i < entries.size(); i++) {
            b.put(entries.get(i).keyOr(i), entries.get(i).value());
        }
        return b.put("neighbour", canary).put("user", "bob").put("request_id", requestId).build();
    }

    /** The corpus' texts in one line, as an application would log them. */
    private String corpusLine() {
        StringBuilder line = new StringBuilder("request by bob ").append(canary);
        for (SecretCorpus.Entry e : corpus.entries()) {
            line.append(" | ").append(e.inText());
        }
        return line.toString();
    }

    private Value<?> corpusBody() {
        List<KeyValue> values = new ArrayList<>();
        values.add(KeyValue.of("neighbour", Value.of(canary)));
        List<SecretCorpus.Entry> entries = corpus.entries();
        for (int i = 0; i < entries.size(); i++) {
            values.add(KeyValue.of(entries.get(i).keyOr(i), Value.of(entries.get(i).value())));
        }
        values.add(KeyValue.of("nested", Value.of(KeyValue.of("headers", Value.of(
                KeyValue.of("Authorization", Value.of(corpus.entries().get(2).value())),
                KeyValue.of("list", Value.of(Value.of(corpus.entries().get(26).value()), Value.of(7L))))))));
        return Value.of(values.toArray(KeyValue[]::new));
    }

    /** Ten SERVER spans (half failed, each failed one with two ERROR logs), and a counter point. */
    private List<String> sendCorpus() {
        String endpoint = "http://127.0.0.1:" + ServerPorts.grpc();
        Attributes attributes = corpusAttributes();
        Resource resource = Resource.create(Attributes.builder().putAll(attributes)
                .put(AttributeKey.stringKey("service.name"), SERVICE).build());
        SdkTracerProvider tracers = SdkTracerProvider.builder().setResource(resource)
                .addSpanProcessor(BatchSpanProcessor.builder(OtlpGrpcSpanExporter.builder().setEndpoint(endpoint)
                        .build()).build()).build();
        SdkLoggerProvider loggers = SdkLoggerProvider.builder().setResource(resource)
                .addLogRecordProcessor(BatchLogRecordProcessor.builder(OtlpGrpcLogRecordExporter.builder()
                        .setEndpoint(endpoint).build()).build()).build();
        SdkMeterProvider meters = SdkMeterProvider.builder().setResource(resource)
                .registerMetricReader(PeriodicMetricReader.builder(OtlpGrpcMetricExporter.builder()
                        .setEndpoint(endpoint).build()).setInterval(Duration.ofHours(1)).build()).build();
        List<String> failed = new ArrayList<>();
        try {
            Logger log = loggers.get("redaction-e2e");
            Instant t0 = Instant.now().minusSeconds(120);
            SpanContext linked = SpanContext.create("4bf92f3577b34da6a3ce929d0e0e4736", "53995c3f42cd8ad8",
                    TraceFlags.getSampled(), TraceState.getDefault());
            String secretUrl = corpus.entries().stream().filter(e -> e.value().contains("?access_token="))
                    .findFirst().orElseThrow().value();
            for (int i = 0; i < 10; i++) {
                Instant start = t0.plusMillis(i * 100L);
                Span span = tracers.get("redaction-e2e").spanBuilder("GET " + secretUrl)
                        .setSpanKind(SpanKind.SERVER).setStartTimestamp(start).setAllAttributes(attributes)
                        .addLink(linked, attributes).startSpan();
                span.addEvent("audit", attributes, start.plusMillis(1));
                if (i % 2 == 0) {
                    span.setStatus(StatusCode.ERROR, "login failed: " + corpusLine());
                    failed.add(span.getSpanContext().getTraceId());
                    log.logRecordBuilder().setTimestamp(start.plusMillis(2)).setSeverity(Severity.ERROR)
                            .setBody(corpusLine()).setAllAttributes(attributes)
                            .setContext(Context.root().with(span)).emit();
                    log.logRecordBuilder().setTimestamp(start.plusMillis(3)).setSeverity(Severity.ERROR)
                            .setBody(corpusBody()).setAllAttributes(attributes)
                            .setContext(Context.root().with(span)).emit();
                }
                span.end(start.plusMillis(20));
            }
            meters.get("redaction-e2e").counterBuilder(METRIC).build().add(1, attributes);
            meters.forceFlush().join(10, TimeUnit.SECONDS);
        } finally {
            tracers.shutdown().join(10, TimeUnit.SECONDS);
            loggers.shutdown().join(10, TimeUnit.SECONDS);
            meters.shutdown().join(10, TimeUnit.SECONDS);
        }
        return failed;
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Test
    void noSecretOfTheCorpusIsStoredServedLoggedOrSent() throws Exception {
        assertThat(corpus.entries()).hasSizeGreaterThanOrEqualTo(30);
        List<String> failed = sendCorpus();
        String traceId = failed.get(0);

        // Everything arrived, with the neighbours intact and the secrets masked.
        String trace = api.trace(traceId, 1).prettify();
        assertThat(trace).contains(canary, "bob", "[REDACTED]", "page=2");
        List<Map<String, Object>> logs = api.logsOfTrace(traceId, 2);
        assertThat(logs.toString()).contains(canary, "request by bob", "[REDACTED]");
        api.series(METRIC, j -> !j.getList("series").isEmpty());
        JsonNode logins = receiver.awaitAlert("RedactionCorpusLogins", Duration.ofSeconds(60));
        assertThat(logins.at("/labels/user").asText()).isEqualTo("bob");
        assertThat(logins.at("/labels/neighbour").asText()).isEqualTo(canary);
        assertThat(logins.at("/labels/password").asText()).isEqualTo("[REDACTED]");
        assertThat(logins.at("/annotations/summary").asText())
                .isEqualTo("bob logged in with [REDACTED] and [REDACTED]");
        JsonNode errors = receiver.awaitAlert("RedactionCorpusErrors", Duration.ofSeconds(60));
        assertThat(errors.get("evidence")).isNotEmpty();
        assertThat(errors.get("evidence").toString()).contains("request by bob", canary, "[REDACTED]");

        Map<String, String> answers = new LinkedHashMap<>();
        for (String path : List.of(
                "/api/traces/" + traceId,
                "/api/traces/" + traceId + "/logs",
                "/api/traces?service=" + SERVICE + "&limit=100",
                "/api/traces?service=" + SERVICE + "&error=true&limit=100",
                "/api/logs?service=" + SERVICE + "&limit=1000",
                "/api/logs?service=" + SERVICE + "&text=bob&limit=1000",
                "/api/metrics?limit=10000",
                "/api/metrics/series?name=" + METRIC,
                "/api/correlations/" + encode(requestId),
                "/api/services",
                "/api/alerts",
                "/api/notifications",
                "/jaeger/api/traces/" + traceId,
                "/jaeger/api/traces?service=" + SERVICE + "&limit=100",
                "/jaeger/api/services/" + SERVICE + "/operations",
                "/traces/" + traceId,
                "/logs?service=" + SERVICE,
                "/correlations/" + encode(requestId),
                "/alerts")) {
            Response r = api.getEncoded(path);
            assertThat(r.statusCode()).as("GET " + path).isEqualTo(200);
            answers.put(path, r.asString());
        }
        assertThat(answers.get("/api/correlations/" + encode(requestId))).contains(traceId);
        assertThat(answers.get("/traces/" + traceId)).contains(canary);
        assertThat(answers.get("/logs?service=" + SERVICE)).contains(canary);
        answers.forEach((path, body) -> assertThat(corpus.foundIn(body)).as("secrets in GET " + path).isEmpty());

        for (RecordingWebhookReceiver.Delivery d : receiver.deliveries()) {
            assertThat(corpus.foundIn(d.text())).as("secrets in a webhook body").isEmpty();
        }

        String metrics = api.get("/q/metrics").asString();
        for (String signal : List.of("traces", "logs", "metrics")) {
            assertThat(redactions(metrics, signal, "key")).as(signal + " masked by key").isPositive();
        }
        assertThat(redactions(metrics, "logs", "card")).isPositive();
        assertThat(redactions(metrics, "traces", "jwt")).isPositive();
        assertThat(corpus.foundIn(metrics)).isEmpty();

        // Sightline's own log, written while all of the above happened.
        Path ownLog = Path.of(ConfigProvider.getConfig().getValue("quarkus.log.file.path", String.class));
        String logged = Files.readString(ownLog);
        assertThat(logged).as("Sightline's own log").isNotBlank();
        assertThat(corpus.foundIn(logged)).as("secrets in Sightline's own log").isEmpty();

        // The raw bytes of every file of the store (and alerting's state) after the data is durable and indexed.
        Path dataDir = Path.of(ConfigProvider.getConfig().getValue("sightline.store.data-dir", String.class));
        assertThat(new ByteNeedles(List.of(canary)).findUnder(dataDir)).as("the neighbour is stored").isNotEmpty();
        assertThat(new ByteNeedles(corpus.needles()).findUnder(dataDir)).as("secrets in the data directory")
                .isEmpty();
    }

    private static double redactions(String prometheus, String signal, String reason) {
        Matcher m = Pattern.compile("(?m)^sightline_redactions_total\\{(?=[^}]*reason=\"" + reason + "\")"
                + "(?=[^}]*signal=\"" + signal + "\")[^}]*} ([0-9.E]+)$").matcher(prometheus);
        assertThat(m.find()).as("sightline_redactions_total{signal=" + signal + ",reason=" + reason + "}").isTrue();
        return Double.parseDouble(m.group(1));
    }
}
