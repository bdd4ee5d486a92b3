package dev.sightline.server.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sightline.server.support.ApiClient;
import dev.sightline.server.support.RecordingWebhookReceiver;
import dev.sightline.server.support.ServerPorts;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.logs.Logger;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.exporter.otlp.logs.OtlpGrpcLogRecordExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.export.BatchLogRecordProcessor;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Alerting end to end: an SLO file and a rule file on disk, a real webhook receiver on loopback, failing and slow
 * requests sent by the OpenTelemetry SDK over OTLP/gRPC. The SLO's fast-burn page must arrive at the receiver in
 * Alertmanager's v4 shape, signed, with its runbook and the failed traces as evidence; the rule alert for the same
 * service must be held back by it (inhibition); a latency rule on another service is delivered; a silence made
 * through the API marks its alert; a bad rule sent through the API is refused with its line.
 */
@QuarkusTest
@TestProfile(AlertingApiTest.WithAlerting.class)
class AlertingApiTest {
    static final String CHECKOUT = "alerting-e2e-checkout";
    static final String SEARCH = "alerting-e2e-search";
    static final String SECRET = "e2e-secret";
    static final String URL_TOKEN = "e2e-t0ken";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Files and a receiver made before the server starts, as a user would configure them. */
    public static class WithAlerting implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // A fresh directory each run: alerting remembers what it notified, and would rightly not repeat it.
            return Map.of("sightline.store.data-dir",
                    System.getProperty("sightline.test.data-dir", "target/test-data/quarkus") + "-alerting-"
                            + System.currentTimeMillis());
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(AlertingFiles.class));
        }
    }

    /** Writes the SLO and rule files, starts the receiver and points Sightline at them. */
    public static class AlertingFiles implements QuarkusTestResourceLifecycleManager {
        private RecordingWebhookReceiver receiver;

        @Override
        public Map<String, String> start() {
            try {
                receiver = new RecordingWebhookReceiver();
                Path dir = Files.createTempDirectory("sightline-alerting-e2e");
                Path slos = dir.resolve("slos.yaml");
                Files.writeString(slos, """
                        slos:
                          - name: checkout-availability
                            service: %s
                            sli: availability
                            objective: 99.9%%
                            min_events: 10
                        """.formatted(CHECKOUT));
                Path rules = dir.resolve("rules.yaml");
                Files.writeString(rules, """
                        rules:
                          - alert: CheckoutErrors
                            expr: error_ratio{service="%s"}[5m] > 10%%
                            labels: {severity: page}
                            annotations:
                              summary: "{{ $labels.service }} fails {{ $value | humanizePercentage }} of requests"
                            runbook: high-error-rate
                          - alert: SearchSlow
                            expr: latency_p99{service="%s"}[5m] > 200ms
                            labels: {severity: ticket}
                            runbook: high-latency
                        """.formatted(CHECKOUT, SEARCH));
                Map<String, String> config = new HashMap<>();
                config.put("sightline.alerting.slo-file", slos.toString());
                config.put("sightline.alerting.rule-file", rules.toString());
                config.put("sightline.alerting.evaluation-interval", "1s");
                config.put("sightline.alerting.external-url", "http://sightline.e2e:16686");
                // A token in the URL, as Slack's and Teams' have: never shown in full.
                config.put("sightline.alerting.receivers.e2e.url", receiver.url() + "?token=" + URL_TOKEN);
                // The receiver listens on loopback, which webhooks may reach only when allowed.
                config.put("sightline.alerting.receivers.e2e.allow-private-addresses", "true");
                config.put("sightline.alerting.receivers.e2e.group-wait", "0s");
                config.put("sightline.alerting.receivers.e2e.group-interval", "1s");
                config.put("sightline.alerting.receivers.e2e.hmac-secret", SECRET);
                return config;
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

    private final ApiClient api = new ApiClient(ServerPorts.api());

    /** 40 requests a service, two minutes ago (complete minutes, as SLO windows read them). */
    private Set<String> sendTraffic() {
        String endpoint = "http://127.0.0.1:" + ServerPorts.grpc();
        Set<String> failedTraceIds = new HashSet<>();
        List<SdkTracerProvider> tracers = new ArrayList<>();
        List<SdkLoggerProvider> loggers = new ArrayList<>();
        Instant t0 = Instant.now().minusSeconds(120);
        for (String service : List.of(CHECKOUT, SEARCH)) {
            Resource resource = Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), service));
            SdkTracerProvider tp = SdkTracerProvider.builder().setResource(resource)
                    .addSpanProcessor(BatchSpanProcessor.builder(OtlpGrpcSpanExporter.builder()
                            .setEndpoint(endpoint).build()).build()).build();
            SdkLoggerProvider lp = SdkLoggerProvider.builder().setResource(resource)
                    .addLogRecordProcessor(BatchLogRecordProcessor.builder(OtlpGrpcLogRecordExporter.builder()
                            .setEndpoint(endpoint).build()).build()).build();
            tracers.add(tp);
            loggers.add(lp);
            Logger log = lp.get("alerting-e2e");
            for (int i = 0; i < 40; i++) {
                Instant start = t0.plusMillis(i * 100L);
                boolean slow = service.equals(SEARCH);
                boolean failed = service.equals(CHECKOUT) && i % 2 == 0;
                Span span = tp.get("alerting-e2e").spanBuilder(slow ? "GET /search" : "POST /checkout")
                        .setSpanKind(SpanKind.SERVER).setStartTimestamp(start).startSpan();
                if (failed) {
                    span.setStatus(StatusCode.ERROR, "payment backend unavailable");
                    failedTraceIds.add(span.getSpanContext().getTraceId());
                    log.logRecordBuilder().setTimestamp(start.plusMillis(5)).setSeverity(Severity.ERROR)
                            .setBody("payment backend unavailable for order " + i)
                            .setContext(Context.root().with(span)).emit();
                }
                span.end(start.plusMillis(slow ? 450 : 20));
            }
        }
        tracers.forEach(t -> t.shutdown().join(10, TimeUnit.SECONDS));
        loggers.forEach(l -> l.shutdown().join(10, TimeUnit.SECONDS));
        return failedTraceIds;
    }

    private JsonNode awaitAlert(String alertnamePrefix) {
        JsonNode[] found = new JsonNode[1];
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
            for (JsonNode p : receiver.jsonBodies()) {
                for (JsonNode a : p.get("alerts")) {
                    if (a.at("/labels/alertname").asText().startsWith(alertnamePrefix)) {
                        found[0] = p;
                        return true;
                    }
                }
            }
            return false;
        });
        return found[0];
    }

    @Test
    void sloPageAndRuleAlertsReachTheWebhookWithEvidenceRunbookAndSignature() throws Exception {
        sendTraffic();

        JsonNode page = awaitAlert("SloFastBurn");
        assertThat(page.get("version").asText()).isEqualTo("4");
        assertThat(page.get("status").asText()).isEqualTo("firing");
        assertThat(page.get("receiver").asText()).isEqualTo("e2e");
        assertThat(page.get("externalURL").asText()).isEqualTo("http://sightline.e2e:16686");
        assertThat(page.get("truncatedAlerts").asInt()).isZero();
        for (String field : List.of("groupKey", "groupLabels", "commonLabels", "commonAnnotations")) {
            assertThat(page.has(field)).as(field).isTrue();
        }
        JsonNode alert = page.get("alerts").get(0);
        assertThat(alert.at("/labels/slo").asText()).isEqualTo("checkout-availability");
        assertThat(alert.at("/labels/service").asText()).isEqualTo(CHECKOUT);
        assertThat(alert.at("/labels/severity").asText()).isEqualTo("page");
        assertThat(alert.get("status").asText()).isEqualTo("firing");
        assertThat(alert.get("endsAt").asText()).isEqualTo("0001-01-01T00:00:00Z");
        assertThat(alert.get("fingerprint").asText()).matches("[0-9a-f]{16}");
        // Links open the web UI: the alert's page and, below, each evidence trace's page.
        assertThat(alert.get("generatorURL").asText())
                .isEqualTo("http://sightline.e2e:16686/alerts/" + alert.get("fingerprint").asText());
        assertThat(alert.at("/annotations/runbook_url").asText())
                .isEqualTo("http://sightline.e2e:16686/runbooks/slo-fast-burn");
        assertThat(alert.at("/annotations/summary").asText()).isNotBlank();
        assertThat(alert.at("/annotations/budget_remaining").asText()).isNotBlank();
        assertThat(alert.get("evidence")).isNotEmpty();
        for (JsonNode e : alert.get("evidence")) {
            // Tests of this class share the server, so the traces may come from any of them: all fail alike.
            assertThat(e.get("service").asText()).isEqualTo(CHECKOUT);
            assertThat(e.get("error").asBoolean()).isTrue();
            assertThat(e.get("errorLogs").get(0).asText()).contains("payment backend unavailable for order");
            String traceId = e.get("traceId").asText();
            assertThat(e.get("url").asText()).isEqualTo("http://sightline.e2e:16686/traces/" + traceId);
            assertThat(api.get("/api/traces/" + traceId).statusCode()).isEqualTo(200);
        }

        RecordingWebhookReceiver.Delivery signed = receiver.deliveries().get(0);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        mac.update((signed.header("X-Sightline-Timestamp") + ".").getBytes(StandardCharsets.UTF_8));
        assertThat(signed.header("X-Sightline-Signature"))
                .isEqualTo("sha256=" + HexFormat.of().formatHex(mac.doFinal(signed.body())));

        Response runbook = api.get("/runbooks/slo-fast-burn");
        assertThat(runbook.statusCode()).isEqualTo(200);
        assertThat(runbook.contentType()).startsWith("text/html");
        assertThat(runbook.asString()).contains("SLO fast burn");

        JsonNode slow = awaitAlert("SearchSlow");
        JsonNode slowAlert = slow.get("alerts").get(0);
        assertThat(slowAlert.at("/labels/service").asText()).isEqualTo(SEARCH);
        assertThat(slowAlert.at("/annotations/runbook_url").asText()).endsWith("/runbooks/high-latency");

        // The rule alert on the SLO's service fires, but the SLO page holds its notification back.
        JsonNode alerts = JSON.readTree(api.get("/api/alerts?service=" + CHECKOUT).asString());
        JsonNode checkoutErrors = null;
        for (JsonNode a : alerts.get("alerts")) {
            if (a.get("name").asText().equals("CheckoutErrors")) {
                checkoutErrors = a;
            }
        }
        assertThat(checkoutErrors).as("CheckoutErrors in " + alerts).isNotNull();
        assertThat(checkoutErrors.get("state").asText()).isEqualTo("firing");
        assertThat(checkoutErrors.get("inhibitedBy").asText()).isNotBlank();
        assertThat(checkoutErrors.at("/annotations/summary").asText()).isEqualTo(CHECKOUT + " fails 50% of requests");
        assertThat(receiver.jsonBodies()).as("an inhibited alert is not sent")
                .noneMatch(p -> p.toString().contains("\"alertname\":\"CheckoutErrors\""));

        JsonNode slo = JSON.readTree(api.get("/api/slos/checkout-availability").asString());
        // 40 requests, half failed, per test of this class that ran so far.
        long total = slo.get("totalEvents").asLong();
        assertThat(total).isPositive().matches(t -> t % 40 == 0, "a multiple of 40");
        assertThat(slo.get("goodEvents").asLong()).isEqualTo(total / 2);
        assertThat(slo.at("/burnRates/5m").asDouble()).isCloseTo(500, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(slo.get("budgetRemaining").asDouble()).isNegative();

        String metrics = api.get("/q/metrics").asString();
        java.util.regex.Matcher firing = java.util.regex.Pattern
                .compile("(?m)^sightline_alerting_alerts\\{state=\"firing\",tenant=\"default\"} ([0-9.]+)$").matcher(metrics);
        assertThat(firing.find()).as("sightline_alerting_alerts in /q/metrics").isTrue();
        assertThat(Double.parseDouble(firing.group(1))).isGreaterThanOrEqualTo(3);
        assertThat(metrics).contains("sightline_alerting_round_seconds{tenant=\"default\"} ");
    }

    @Test
    void theReceiversUrlAndSecretAreShownNowhereInFull() throws Exception {
        sendTraffic();
        String fingerprint = awaitAlert("SloFastBurn").at("/alerts/0/fingerprint").asText();
        String port = receiver.url().split(":")[2].replace("/hook", "");

        String receivers = api.get("/api/receivers").asString();
        JsonNode e2e = JSON.readTree(receivers).at("/receivers/0");
        assertThat(e2e.get("name").asText()).isEqualTo("e2e");
        assertThat(e2e.get("url").asText()).isEqualTo("http://127.0.0.1:" + port + "/…");
        assertThat(e2e.get("signed").asBoolean()).isTrue();
        assertThat(e2e.get("allowPrivateAddresses").asBoolean()).isTrue();
        assertThat(e2e.get("connectTimeout").asText()).isEqualTo("5s");

        String notifications = api.get("/api/notifications?receiver=e2e").asString();
        assertThat(JSON.readTree(notifications).get("notifications")).isNotEmpty();
        // The alert's page lists the notifications that carried it.
        String[] page = new String[1];
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> {
            page[0] = api.get("/alerts/" + fingerprint).asString();
            return page[0].contains("class=\"data deliveries\"");
        });
        for (String shown : List.of(receivers, notifications, page[0])) {
            assertThat(shown).doesNotContain(URL_TOKEN).doesNotContain("/hook").doesNotContain(SECRET);
        }
    }

    @Test
    void aSilenceMadeThroughTheApiMarksItsAlert() throws Exception {
        sendTraffic();
        awaitAlert("SearchSlow");
        String body = """
                {"matchers": [{"name": "alertname", "value": "SearchSlow", "isRegex": false}],
                 "endsAt": "%s", "createdBy": "e2e", "comment": "known slow index rebuild"}
                """.formatted(Instant.now().plus(Duration.ofHours(1)));
        Response created = RestAssured.given().port(ServerPorts.api()).contentType("application/json").body(body)
                .post("/api/silences");
        assertThat(created.statusCode()).as(created.asString()).isEqualTo(201);
        String id = JSON.readTree(created.asString()).get("id").asText();

        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> {
            JsonNode list = JSON.readTree(api.get("/api/alerts?state=firing&service=" + SEARCH).asString());
            for (JsonNode a : list.get("alerts")) {
                if (a.get("name").asText().equals("SearchSlow") && a.get("silencedBy").toString().contains(id)) {
                    return true;
                }
            }
            return false;
        });
    }

    @Test
    void aBadRuleSentThroughTheApiIsRefusedWithItsLine() {
        Response r = RestAssured.given().port(ServerPorts.api()).contentType("application/yaml")
                .body("alert: Broken\nexpr: error_ratio{service=\"x\"}[5m] >\nrunbook: high-error-rate\n"
                        .getBytes(StandardCharsets.UTF_8))
                .put("/api/rules/Broken");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.jsonPath().getString("error")).startsWith("api:Broken:2: ");

        Response unknownRunbook = RestAssured.given().port(ServerPorts.api()).contentType("application/yaml")
                .body("alert: NoBook\nexpr: error_ratio[5m] > 1%\nrunbook: does-not-exist\n"
                        .getBytes(StandardCharsets.UTF_8))
                .put("/api/rules/NoBook");
        assertThat(unknownRunbook.statusCode()).isEqualTo(400);
        assertThat(unknownRunbook.jsonPath().getString("error")).startsWith("api:NoBook:3: ")
                .contains("does-not-exist");
    }
}
