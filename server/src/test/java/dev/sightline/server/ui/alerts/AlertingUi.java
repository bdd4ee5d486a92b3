package dev.sightline.server.ui.alerts;

import dev.sightline.server.support.RecordingWebhookReceiver;
import dev.sightline.server.support.ServerPorts;
import dev.sightline.server.support.Telemetry;
import io.opentelemetry.api.logs.Logger;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import org.awaitility.Awaitility;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the SLO, alert and runbook page tests share: a server configured as a user would (an SLO file, a rule file,
 * a folder of their own runbooks, a webhook receiver, evaluation every second), failing traffic sent by the
 * OpenTelemetry SDK, and the hostile strings the pages must show as text. One profile for the three test classes,
 * so Quarkus starts this server once for them.
 */
public final class AlertingUi {
    public static final String SERVICE = "ui-alerting-checkout";
    public static final String SLO = "ui-checkout-availability";
    public static final String RULE = "UiCheckoutErrors";
    public static final String PAGE_ALERT = "SloFastBurn:" + SLO;
    public static final String HOSTILE_RUNBOOK = "hostile-runbook";
    public static final String SCRIPT = "<script>window.__pwned=1</script>";
    public static final String IMG = "\"><img src=x onerror=\"window.__pwned=1\">";
    public static final String JS_LINK = "javascript:window.__pwned=1";
    /** The SLO file as first written; a test that breaks it writes this back. */
    public static final String SLO_FILE = """
            slos:
              - name: %s
                service: %s
                sli: availability
                objective: 99.9%%
                min_events: 10
                description: "Checkout works %s"
                labels: {team: "%s"}
            """.formatted(SLO, SERVICE, IMG.replace("\"", "\\\""), SCRIPT);

    private AlertingUi() {
    }

    /** Where the files are, for tests that change them. */
    public record ConfigFiles(Path sloFile, Path ruleFile, Path runbooks, RecordingWebhookReceiver receiver) {
    }

    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // A fresh directory each run: alerting remembers what it notified and the silences made.
            return Map.of("sightline.store.data-dir",
                    System.getProperty("sightline.test.data-dir", "target/test-data/quarkus") + "-ui-alerting-"
                            + System.currentTimeMillis());
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(Setup.class));
        }
    }

    /** Writes the SLO file, the rule file and a user runbook, starts the receiver and points Sightline at them. */
    public static class Setup implements QuarkusTestResourceLifecycleManager {
        private ConfigFiles files;

        @Override
        public Map<String, String> start() {
            try {
                RecordingWebhookReceiver receiver = new RecordingWebhookReceiver();
                Path dir = Files.createTempDirectory("sightline-ui-alerting");
                Path slos = Files.writeString(dir.resolve("slos.yaml"), SLO_FILE);
                Path rules = Files.writeString(dir.resolve("rules.yaml"), """
                        rules:
                          - alert: %s
                            expr: error_ratio{service="%s"}[5m] > 10%%
                            labels: {severity: ticket, team: "%s"}
                            annotations:
                              summary: '%s'
                              description: "%s fails {{ $value | humanizePercentage }} for {{ $labels.team }}"
                              dashboard: "%s"
                            runbook: %s
                        """.formatted(RULE, SERVICE, SCRIPT, IMG, SCRIPT, JS_LINK, HOSTILE_RUNBOOK));
                Path runbooks = Files.createDirectory(dir.resolve("runbooks"));
                Files.writeString(runbooks.resolve(HOSTILE_RUNBOOK + ".md"), """
                        # Hostile %s runbook

                        [click me](%s) and [the alerts](/alerts).

                        %s

                        %s

                        ## Steps

                        1. Read the alert's evidence traces.
                        """.formatted(SCRIPT, JS_LINK, SCRIPT, IMG));
                files = new ConfigFiles(slos, rules, runbooks, receiver);
                Map<String, String> config = new HashMap<>();
                config.put("sightline.alerting.slo-file", slos.toString());
                config.put("sightline.alerting.rule-file", rules.toString());
                config.put("sightline.alerting.runbooks-dir", runbooks.toString());
                config.put("sightline.alerting.evaluation-interval", "1s");
                // Not this server's address: the pages must link their own host, not the one notifications carry.
                config.put("sightline.alerting.external-url", "http://sightline.ui-test:16686");
                config.put("sightline.alerting.receivers.ui.url", receiver.url());
                // The receiver listens on loopback, which webhooks may reach only when allowed.
                config.put("sightline.alerting.receivers.ui.allow-private-addresses", "true");
                config.put("sightline.alerting.receivers.ui.group-wait", "0s");
                config.put("sightline.alerting.receivers.ui.group-interval", "1s");
                return config;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void inject(TestInjector injector) {
            injector.injectIntoFields(files, new TestInjector.MatchesType(ConfigFiles.class));
        }

        @Override
        public void stop() {
            files.receiver().close();
        }
    }

    /**
     * 40 requests to {@link #SERVICE} 90 seconds ago, every other one failed with an ERROR log (with a hostile
     * string in it): a 50 % error ratio, a burn of 500× a 99.9 % objective, in complete minutes that the 5-minute
     * windows of the SLO and the rule still hold for a few minutes. Returns the failed traces' IDs.
     */
    public static Set<String> sendFailingTraffic() {
        Set<String> failed = new HashSet<>();
        try (Telemetry apps = new Telemetry(ServerPorts.grpc())) {
            Tracer tracer = apps.tracer(SERVICE);
            Logger log = apps.logger(SERVICE);
            Instant t0 = Instant.now().minusSeconds(90);
            for (int i = 0; i < 40; i++) {
                Instant start = t0.plusMillis(i * 100L);
                Span span = tracer.spanBuilder("POST /checkout").setSpanKind(SpanKind.SERVER)
                        .setStartTimestamp(start).startSpan();
                if (i % 2 == 0) {
                    span.setStatus(StatusCode.ERROR, "payment backend unavailable");
                    failed.add(span.getSpanContext().getTraceId());
                    log.logRecordBuilder().setTimestamp(start.plusMillis(5)).setSeverity(Severity.ERROR)
                            .setSeverityText("ERROR")
                            .setBody("payment backend unavailable " + SCRIPT)
                            .setContext(Context.root().with(span)).emit();
                }
                span.end(start.plusMillis(20));
            }
        }
        return failed;
    }

    /** The firing alerts of {@link #SERVICE} once both the SLO page and the rule fire, the page with evidence. */
    public static JsonPath awaitFiring() {
        JsonPath[] last = new JsonPath[1];
        Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).until(() -> {
            JsonPath alerts = RestAssured.given().port(ServerPorts.api()).queryParam("state", "firing")
                    .queryParam("service", SERVICE).get("/api/alerts").jsonPath();
            last[0] = alerts;
            List<String> names = alerts.getList("alerts.name");
            return names.contains(PAGE_ALERT) && names.contains(RULE)
                    && !alerts.getList("alerts.find { it.name == '" + PAGE_ALERT + "' }.evidence").isEmpty();
        });
        return last[0];
    }

    public static String fingerprint(JsonPath alerts, String name) {
        return alerts.getString("alerts.find { it.name == '" + name + "' }.fingerprint");
    }
}
