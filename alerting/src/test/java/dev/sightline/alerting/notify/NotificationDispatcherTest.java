package dev.sightline.alerting.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sightline.alerting.alert.AlertInstance;
import dev.sightline.alerting.alert.AlertKind;
import dev.sightline.alerting.alert.Fingerprint;
import dev.sightline.alerting.silence.Inhibition;
import dev.sightline.alerting.silence.Matcher;
import dev.sightline.alerting.silence.NotificationFilter;
import dev.sightline.alerting.silence.SilenceRequest;
import dev.sightline.alerting.silence.SilenceStore;
import dev.sightline.alerting.storage.AlertingDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The notifier end to end against a real HTTP receiver on loopback. Deliveries run on the calling thread and time
 * is moved by hand (retries and between-round flushes included), so nothing here sleeps except a receiver that is
 * told to answer too late.
 */
class NotificationDispatcherTest {
    private static final Instant T0 = Instant.parse("2026-05-01T12:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> CHECKOUT = Map.of("service", "checkout", "severity", "page");
    private static final Map<String, String> CART = Map.of("service", "cart", "severity", "page");

    @TempDir
    Path dir;
    private AlertingDatabase db;
    private MutableClock clock;
    private ManualScheduler scheduler;
    private WebhookReceiver hook;
    private NotificationSettings settings;
    private final List<NotificationDispatcher> dispatchers = new ArrayList<>();

    @BeforeEach
    void setUp() {
        db = AlertingDatabase.open(dir);
        clock = new MutableClock(T0);
        scheduler = new ManualScheduler(clock);
        hook = new WebhookReceiver();
        settings = NotificationSettings.defaults("http://sightline.test/", "1.2.3");
    }

    @AfterEach
    void tearDown() {
        dispatchers.forEach(NotificationDispatcher::close);
        hook.close();
        db.close();
    }

    private NotificationDispatcher dispatcher(Receiver... receivers) {
        NotificationDispatcher d = new NotificationDispatcher(db, clock, List.of(receivers), settings, Runnable::run,
                scheduler);
        dispatchers.add(d);
        return d;
    }

    private Receiver receiver(Duration groupWait) {
        return Receiver.of("team", hook.url()).withConnection(null, true).withGrouping(null, groupWait, null, null);
    }

    /** Runs an evaluation round at the clock's time plus {@code offset} from T0. */
    private void round(NotificationDispatcher d, Duration offset, AlertInstance... alerts) {
        scheduler.advanceTo(T0.plus(offset));
        d.process(List.of(alerts), T0.plus(offset));
    }

    private static JsonNode json(WebhookReceiver.Request r) throws Exception {
        return JSON.readTree(r.body());
    }

    private static Map<String, String> map(JsonNode object) {
        Map<String, String> out = new TreeMap<>();
        object.properties().forEach(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }

    private static List<String> fieldNames(JsonNode object) {
        List<String> out = new ArrayList<>();
        object.fieldNames().forEachRemaining(out::add);
        return out;
    }

    @Test
    void payloadIsAlertmanagerWebhookV4FieldForField() throws Exception {
        NotificationDispatcher d = dispatcher(receiver(Duration.ZERO));
        AlertInstance checkout = TestAlerts.withEvidence(TestAlerts.firing("HighErrorRate", CHECKOUT, T0));
        AlertInstance cart = TestAlerts.firing("HighErrorRate", CART, T0.minusSeconds(30));

        round(d, Duration.ZERO, checkout, cart);

        WebhookReceiver.Request request = hook.next();
        assertThat(request.header("Content-Type")).isEqualTo("application/json");
        assertThat(request.header("User-Agent")).isEqualTo("Sightline/1.2.3");
        assertThat(request.header(WebhookSignature.SIGNATURE_HEADER)).isNull();
        JsonNode body = json(request);
        assertThat(fieldNames(body)).containsExactly("receiver", "status", "alerts", "groupLabels", "commonLabels",
                "commonAnnotations", "externalURL", "version", "groupKey", "truncatedAlerts");
        assertThat(body.get("version").isTextual()).isTrue();
        assertThat(body.get("version").asText()).isEqualTo("4");
        assertThat(body.get("receiver").asText()).isEqualTo("team");
        assertThat(body.get("status").asText()).isEqualTo("firing");
        assertThat(body.get("externalURL").asText()).isEqualTo("http://sightline.test");
        assertThat(body.get("groupKey").asText()).isEqualTo("{}/{}:{alertname=\"HighErrorRate\"}");
        assertThat(body.get("truncatedAlerts").isIntegralNumber()).isTrue();
        assertThat(body.get("truncatedAlerts").asLong()).isZero();
        assertThat(body.get("groupLabels").isObject()).isTrue();
        assertThat(map(body.get("groupLabels"))).isEqualTo(Map.of("alertname", "HighErrorRate"));

        // Common labels and annotations: the pairs every alert has (an oracle computed here).
        Map<String, String> commonLabels = new HashMap<>(checkout.labels());
        commonLabels.entrySet().removeIf(e -> !e.getValue().equals(cart.labels().get(e.getKey())));
        Map<String, String> commonAnnotations = new HashMap<>(checkout.annotations());
        commonAnnotations.entrySet().removeIf(e -> !e.getValue().equals(cart.annotations().get(e.getKey())));
        assertThat(map(body.get("commonLabels"))).isEqualTo(commonLabels)
                .containsEntry("severity", "page").doesNotContainKey("service");
        assertThat(map(body.get("commonAnnotations"))).isEqualTo(commonAnnotations).containsKey("runbook_url");

        JsonNode alerts = body.get("alerts");
        assertThat(alerts.isArray()).isTrue();
        assertThat(alerts).hasSize(2);
        Map<String, AlertInstance> sent = Map.of(checkout.fingerprint(), checkout, cart.fingerprint(), cart);
        for (JsonNode a : alerts) {
            assertThat(fieldNames(a)).containsExactly("status", "labels", "annotations", "startsAt", "endsAt",
                    "generatorURL", "fingerprint", "evidence");
            AlertInstance source = sent.get(a.get("fingerprint").asText());
            assertThat(source).isNotNull();
            assertThat(a.get("fingerprint").asText()).isEqualTo(Fingerprint.of(map(a.get("labels"))));
            assertThat(map(a.get("labels"))).isEqualTo(source.labels());
            assertThat(a.get("status").asText()).isEqualTo("firing");
            assertThat(OffsetDateTime.parse(a.get("startsAt").asText()).toInstant()).isEqualTo(source.firedAt());
            assertThat(a.get("endsAt").asText()).isEqualTo("0001-01-01T00:00:00Z");
            assertThat(a.get("generatorURL").asText()).isEqualTo("http://sightline.test/alerts/"
                    + source.fingerprint());
            assertThat(map(a.get("annotations"))).containsKeys("runbook_url", "summary");
            assertThat(a.get("evidence").isArray()).isTrue();
        }
        JsonNode withEvidence = alerts.get(0).get("fingerprint").asText().equals(checkout.fingerprint())
                ? alerts.get(0) : alerts.get(1);
        JsonNode trace = withEvidence.at("/evidence/0");
        assertThat(fieldNames(trace)).containsExactly("traceId", "service", "operation", "durationMs", "error",
                "errorLogs", "url");
        assertThat(trace.get("traceId").asText()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(trace.get("durationMs").asDouble()).isEqualTo(812.5);
        assertThat(trace.get("error").asBoolean()).isTrue();
        assertThat(trace.at("/errorLogs/0").asText()).contains("card declined");
        assertThat(trace.get("url").asText())
                .isEqualTo("http://sightline.test/traces/4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(withEvidence.at("/annotations/evidence_traces").asText()).isEqualTo(
                "http://sightline.test/traces/4bf92f3577b34da6a3ce929d0e0e4736,"
                        + "http://sightline.test/traces/00f067aa0ba902b7a3ce929d0e0e4736");
    }

    @Test
    void zeroGroupWaitSendsInTheSameRound() throws Exception {
        NotificationDispatcher d = dispatcher(receiver(Duration.ZERO));
        d.process(List.of(TestAlerts.firing("HighErrorRate", CHECKOUT, T0)), T0);
        assertThat(hook.pending()).isEqualTo(1);
        assertThat(d.deliveryLog().recent(null, 10)).extracting(DeliveryAttempt::outcome)
                .containsExactly(DeliveryOutcome.DELIVERED);
    }

    @Test
    void newGroupWaitsGroupWaitAndIsFlushedBetweenRounds() throws Exception {
        NotificationDispatcher d = dispatcher(receiver(Duration.ofSeconds(30)));
        AlertInstance first = TestAlerts.firing("HighErrorRate", CHECKOUT, T0);
        AlertInstance second = TestAlerts.firing("HighErrorRate", CART, T0.plusSeconds(15));

        round(d, Duration.ZERO, first);
        round(d, Duration.ofSeconds(15), first, second);
        scheduler.advanceTo(T0.plusSeconds(29));
        assertThat(hook.pending()).as("before group_wait").isZero();

        scheduler.advanceTo(T0.plusSeconds(30));

        assertThat(json(hook.next()).get("alerts")).as("both, batched").hasSize(2);
    }

    @Test
    void changesAreSentAtMostEveryGroupInterval() throws Exception {
        NotificationDispatcher d = dispatcher(receiver(Duration.ZERO));
        AlertInstance first = TestAlerts.firing("HighErrorRate", CHECKOUT, T0);
        AlertInstance second = TestAlerts.firing("HighErrorRate", CART, T0.plusSeconds(60));
        round(d, Duration.ZERO, first);
        assertThat(json(hook.next()).get("alerts")).hasSize(1);

        for (int s = 60; s < 300; s += 15) {
            round(d, Duration.ofSeconds(s), first, second);
        }
        assertThat(hook.pending()).as("within group_interval").isZero();

        round(d, Duration.ofMinutes(5), first, second);
        assertThat(json(hook.next()).get("alerts")).hasSize(2);
    }

    @Test
    void unchangedFiringGroupIsRepeatedEveryRepeatInterval() throws Exception {
        NotificationDispatcher d = dispatcher(Receiver.of("team", hook.url()).withConnection(null, true)
                .withGrouping(null, Duration.ZERO, Duration.ofMinutes(5), Duration.ofHours(1)));
        AlertInstance alert = TestAlerts.firing("HighErrorRate", CHECKOUT, T0);
        round(d, Duration.ZERO, alert);
        hook.next();

        scheduler.advanceTo(T0.plus(Duration.ofMinutes(55)));
        assertThat(hook.pending()).isZero();
        scheduler.advanceTo(T0.plus(Duration.ofHours(1)));

        assertThat(json(hook.next()).get("status").asText()).isEqualTo("firing");
        scheduler.advanceTo(T0.plus(Duration.ofMinutes(115)));
        assertThat(hook.pending()).isZero();
    }

    @Test
    void resolvedNotificationArrivesOnceAndTheGroupIsDropped() throws Exception {
        NotificationDispatcher d = dispatcher(receiver(Duration.ZERO));
        AlertInstance firing = TestAlerts.firing("HighErrorRate", CHECKOUT, T0);
        AlertInstance resolved = TestAlerts.resolved(firing, T0.plusSeconds(90));
        round(d, Duration.ZERO, firing);
        hook.next();

        round(d, Duration.ofSeconds(90), resolved);
        assertThat(hook.pending()).as("within group_interval").isZero();
        // The lifecycle may pass a resolved alert for a single round only: it is kept until sent.
        round(d, Duration.ofSeconds(105));
        scheduler.advanceTo(T0.plus(Duration.ofMinutes(5)));

        JsonNode body = json(hook.next());
        assertThat(body.get("status").asText()).isEqualTo("resolved");
        JsonNode alert = body.at("/alerts/0");
        assertThat(alert.get("status").asText()).isEqualTo("resolved");
        assertThat(alert.get("startsAt").asText()).isEqualTo(T0.toString());
        assertThat(alert.get("endsAt").asText()).isEqualTo(T0.plusSeconds(90).toString());
        assertThat(d.groupCount("team")).isZero();

        round(d, Duration.ofMinutes(6), resolved);
        scheduler.advanceTo(T0.plus(Duration.ofMinutes(30)));
        assertThat(hook.pending()).as("resolved is sent once").isZero();
    }

    @Test
    void withoutSendResolvedNoResolvedNotificationIsPosted() throws Exception {
        NotificationDispatcher d = dispatcher(receiver(Duration.ZERO).withDelivery(false, 0, null, null, null));
        AlertInstance firing = TestAlerts.firing("HighErrorRate", CHECKOUT, T0);
        round(d, Duration.ZERO, firing);
        hook.next();

        round(d, Duration.ofMinutes(1), TestAlerts.resolved(firing, T0.plusSeconds(60)));
        scheduler.advanceTo(T0.plus(Duration.ofMinutes(20)));

        assertThat(hook.pending()).isZero();
        assertThat(d.groupCount("team")).isZero();
    }

    @Test
    void silencedAlertSendsNothing() throws Exception {
        SilenceStore silences = new SilenceStore(db, clock);
        silences.create(new SilenceRequest(List.of(Matcher.equal("service", "cart")), null,
                T0.plus(Duration.ofHours(2)), "alice", "cart is being migrated"));
        NotificationFilter filter = new NotificationFilter(silences, Inhibition.defaults());
        NotificationDispatcher d = dispatcher(receiver(Duration.ZERO)
                .withGrouping(List.of("alertname", "service"), Duration.ZERO, null, null));
        List<AlertInstance> all = List.of(TestAlerts.firing("HighErrorRate", CART, T0),
                TestAlerts.firing("HighErrorRate", CHECKOUT, T0));

        for (int s = 0; s <= 600; s += 15) {
            Instant now = T0.plusSeconds(s);
            scheduler.advanceTo(now);
            d.process(filter.apply(all, now).notifiable(), now);
        }

        List<WebhookReceiver.Request> received = hook.drain();
        assertThat(received).hasSize(1);
        assertThat(json(received.get(0)).get("groupKey").asText())
                .isEqualTo("{}/{}:{alertname=\"HighErrorRate\", service=\"checkout\"}");
        assertThat(received.get(0).text()).doesNotContain("\"cart\"");
    }

    @Test
    void firingSloPageHoldsBackTheServicesSymptomAlerts() throws Exception {
        NotificationFilter filter = new NotificationFilter(new SilenceStore(db, clock), Inhibition.defaults());
        NotificationDispatcher d = dispatcher(receiver(Duration.ZERO));
        AlertInstance page = TestAlerts.firing("CheckoutAvailabilityFastBurn", AlertKind.SLO_PAGE, CHECKOUT, T0);
        AlertInstance symptom = TestAlerts.firing("HighErrorRate", CHECKOUT, T0);

        d.process(filter.apply(List.of(page, symptom), T0).notifiable(), T0);

        List<WebhookReceiver.Request> received = hook.drain();
        assertThat(received).hasSize(1);
        assertThat(json(received.get(0)).at("/groupLabels/alertname").asText())
                .isEqualTo("CheckoutAvailabilityFastBurn");
    }

    @Test
    void signedRequestsCarryAnHmacOfTimestampAndExactBody() throws Exception {
        String secret = "s3cr3t";
        NotificationDispatcher d = dispatcher(receiver(Duration.ZERO).withDelivery(true, 0, secret, null, null));
        round(d, Duration.ZERO, TestAlerts.firing("HighErrorRate", CHECKOUT, T0));

        WebhookReceiver.Request r = hook.next();
        String timestamp = r.header(WebhookSignature.TIMESTAMP_HEADER);
        assertThat(timestamp).isEqualTo(Long.toString(T0.getEpochSecond()));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
        String expected = "sha256=" + HexFormat.of().formatHex(mac.doFinal(r.body()));
        assertThat(r.header(WebhookSignature.SIGNATURE_HEADER)).isEqualTo(expected);

        assertThat(WebhookSignature.verify(secret, timestamp, expected, r.body(), T0, Duration.ofMinutes(5)))
                .isTrue();
        byte[] tampered = r.text().replace("checkout", "cart").getBytes(StandardCharsets.UTF_8);
        assertThat(WebhookSignature.verify(secret, timestamp, expected, tampered, T0, Duration.ofMinutes(5)))
                .isFalse();
        assertThat(WebhookSignature.verify(secret, timestamp, expected, r.body(), T0.plusSeconds(600),
                Duration.ofMinutes(5))).as("replayed later").isFalse();
    }

    @Test
    void restartDoesNotResendAnUnchangedFiringGroup() throws Exception {
        AlertInstance alert = TestAlerts.firing("HighErrorRate", CHECKOUT, T0);
        NotificationDispatcher before = dispatcher(receiver(Duration.ZERO));
        round(before, Duration.ZERO, alert);
        hook.next();
        before.close();

        NotificationDispatcher after = dispatcher(receiver(Duration.ZERO));
        for (Duration t = Duration.ofMinutes(10); t.compareTo(Duration.ofMinutes(235)) <= 0;
             t = t.plusMinutes(5)) {
            round(after, t, alert);
        }
        assertThat(hook.pending()).isZero();

        round(after, Duration.ofHours(4), alert);
        assertThat(json(hook.next()).get("status").asText()).as("repeat_interval reached").isEqualTo("firing");
    }

    @Test
    void afterARestartAGroupSentAsFiringStillGetsItsResolved() throws Exception {
        AlertInstance alert = TestAlerts.firing("HighErrorRate", CHECKOUT, T0);
        NotificationDispatcher before = dispatcher(receiver(Duration.ZERO));
        round(before, Duration.ZERO, alert);
        hook.next();

        NotificationDispatcher after = dispatcher(receiver(Duration.ZERO));
        round(after, Duration.ofMinutes(3), TestAlerts.resolved(alert, T0.plusSeconds(170)));

        assertThat(json(hook.next()).get("status").asText()).isEqualTo("resolved");
    }

    @Test
    void receiverDownIsRetriedWithBackoffUntilItAnswers() throws Exception {
        settings = settings.withRetries(new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), 0.2),
                Duration.ofHours(1));
        NotificationDispatcher d = dispatcher(receiver(Duration.ZERO)
                .withDelivery(true, 0, null, null, Duration.ofSeconds(1)));
        hook.stop();

        round(d, Duration.ZERO, TestAlerts.firing("HighErrorRate", CHECKOUT, T0));
        // Attempt 1 was refused; the retry is due within 1.2 s (1 s ± 20 %).
        hook.restart();
        hook.reply(WebhookReceiver.Reply.status(503), new WebhookReceiver.Reply(200, null, null, 2500));
        scheduler.advance(Duration.ofMillis(1200));
        // Attempt 2: 503. Attempt 3, within 2.4 s, times out after 1 s. Attempt 4, within 4.8 s, is delivered.
        scheduler.advance(Duration.ofMillis(2400));
        scheduler.advance(Duration.ofMillis(4800));

        List<DeliveryAttempt> log = d.deliveryLog().recent("team", 10);
        assertThat(log).extracting(DeliveryAttempt::attempt).containsExactly(4, 3, 2, 1);
        assertThat(log).extracting(DeliveryAttempt::outcome).containsExactly(DeliveryOutcome.DELIVERED,
                DeliveryOutcome.RETRYING, DeliveryOutcome.RETRYING, DeliveryOutcome.RETRYING);
        assertThat(log.get(0).httpStatus()).isEqualTo(200);
        assertThat(log.get(1).error()).contains("timed out");
        assertThat(log.get(2).httpStatus()).isEqualTo(503);
        assertThat(log.get(2).error()).contains("HTTP 503").contains("answer 503");
        assertThat(log.get(3).httpStatus()).isNull();
        assertThat(log.get(3).error()).containsIgnoringCase("connect");
        assertThat(log).allSatisfy(a -> {
            assertThat(a.groupKey()).isEqualTo("{}/{}:{alertname=\"HighErrorRate\"}");
            assertThat(a.status()).isEqualTo("firing");
            assertThat(a.alertCount()).isEqualTo(1);
        });
        // Backoff: each retry came no sooner than 0.8 × 2^(n-1) s after the attempt before it.
        for (int i = 0; i < 3; i++) {
            Duration gap = Duration.between(log.get(i + 1).at(), log.get(i).at());
            assertThat(gap).isGreaterThanOrEqualTo(Duration.ofMillis(Math.round(800 * Math.pow(2, 2 - i))));
        }
        List<WebhookReceiver.Request> received = hook.drain();
        assertThat(received).hasSize(3);
        assertThat(received.get(2).body()).as("every retry sends the same bytes").isEqualTo(received.get(0).body());

        scheduler.advanceTo(T0.plus(Duration.ofMinutes(6)));
        assertThat(hook.pending()).as("delivered: not sent again").isZero();
    }

    @Test
    void clientErrorsAreNotRetried() throws Exception {
        NotificationDispatcher d = dispatcher(receiver(Duration.ZERO));
        hook.reply(WebhookReceiver.Reply.status(400));
        AlertInstance alert = TestAlerts.firing("HighErrorRate", CHECKOUT, T0);
        round(d, Duration.ZERO, alert);
        hook.next();

        scheduler.advanceTo(T0.plus(Duration.ofMinutes(4)));
        assertThat(hook.pending()).isZero();
        assertThat(d.deliveryLog().recent(null, 10)).singleElement().satisfies(a -> {
            assertThat(a.outcome()).isEqualTo(DeliveryOutcome.FAILED);
            assertThat(a.httpStatus()).isEqualTo(400);
        });

        // Not delivered, so the group's next look (group_interval) tries again, as Alertmanager does.
        round(d, Duration.ofMinutes(5), alert);
        hook.next();
    }

    @Test
    void retryAfterIsHonoured() throws Exception {
        NotificationDispatcher d = dispatcher(receiver(Duration.ZERO));
        hook.reply(new WebhookReceiver.Reply(429, "Retry-After", "20", 0));
        round(d, Duration.ZERO, TestAlerts.firing("HighErrorRate", CHECKOUT, T0));
        hook.next();

        scheduler.advanceTo(T0.plusSeconds(19));
        assertThat(hook.pending()).isZero();
        scheduler.advanceTo(T0.plusSeconds(20));

        hook.next();
        assertThat(d.deliveryLog().recent(null, 1).get(0).outcome()).isEqualTo(DeliveryOutcome.DELIVERED);
    }

    @Test
    void givesUpAfterTheLimitAndLogsIt() throws Exception {
        settings = settings.withRetries(new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(4), 0),
                Duration.ofSeconds(10));
        NotificationDispatcher d = dispatcher(receiver(Duration.ZERO));
        for (int i = 0; i < 20; i++) {
            hook.reply(WebhookReceiver.Reply.status(502));
        }
        round(d, Duration.ZERO, TestAlerts.firing("HighErrorRate", CHECKOUT, T0));
        scheduler.advanceTo(T0.plusSeconds(60));

        List<DeliveryAttempt> log = d.deliveryLog().recent(null, 20);
        // Tries at 0, 1, 3, 7, 11 s; the one at 11 s is past the 10 s limit.
        assertThat(log).extracting(DeliveryAttempt::attempt).containsExactly(5, 4, 3, 2, 1);
        assertThat(log.get(0).outcome()).isEqualTo(DeliveryOutcome.FAILED);
        assertThat(log.get(0).error()).contains("gave up");
        assertThat(hook.drain()).hasSize(5);
    }

    @Test
    void aNewerNotificationReplacesAWaitingRetry() throws Exception {
        settings = settings.withRetries(new Backoff(Duration.ofSeconds(60), Duration.ofSeconds(60), 0),
                Duration.ofHours(1));
        NotificationDispatcher d = dispatcher(Receiver.of("team", hook.url()).withConnection(null, true)
                .withGrouping(null, Duration.ZERO, Duration.ofSeconds(15), null));
        AlertInstance first = TestAlerts.firing("HighErrorRate", CHECKOUT, T0);
        AlertInstance second = TestAlerts.firing("HighErrorRate", CART, T0.plusSeconds(15));
        hook.reply(WebhookReceiver.Reply.status(503));
        round(d, Duration.ZERO, first);
        hook.next();

        // The round at 15 s comes before the between-rounds flush: the group changed, its retry (due at 60 s) waits.
        clock.set(T0.plusSeconds(15));
        d.process(List.of(first, second), T0.plusSeconds(15));

        assertThat(json(hook.next()).get("alerts")).as("the newer notification, at once").hasSize(2);
        scheduler.advanceTo(T0.plusSeconds(120));
        assertThat(hook.pending()).as("the replaced retry never goes").isZero();
        assertThat(d.deliveryLog().recent(null, 10)).extracting(DeliveryAttempt::outcome)
                .containsExactly(DeliveryOutcome.DELIVERED, DeliveryOutcome.RETRYING);
    }

    @Test
    void groupsByTheReceiversLabelsAndOnlyTakesMatchingAlerts() throws Exception {
        Receiver byService = Receiver.of("by-service", hook.url()).withConnection(null, true)
                .withGrouping(List.of("service"), Duration.ZERO, null, null)
                .withMatchers(List.of(Matcher.equal("severity", "page")));
        NotificationDispatcher d = dispatcher(byService);

        round(d, Duration.ZERO, TestAlerts.firing("HighErrorRate", CHECKOUT, T0),
                TestAlerts.firing("HighLatency", CHECKOUT, T0), TestAlerts.firing("HighErrorRate", CART, T0),
                TestAlerts.firing("HighErrorRate", Map.of("service", "search", "severity", "ticket"), T0));

        Map<String, Integer> alertsByKey = new TreeMap<>();
        for (WebhookReceiver.Request r : hook.drain()) {
            JsonNode body = json(r);
            alertsByKey.put(body.get("groupKey").asText(), body.get("alerts").size());
        }
        assertThat(alertsByKey).containsExactly(
                Map.entry("{}/{severity=\"page\"}:{service=\"cart\"}", 1),
                Map.entry("{}/{severity=\"page\"}:{service=\"checkout\"}", 2));
    }

    @Test
    void groupByAllLabelsSendsEachAlertAlone() throws Exception {
        NotificationDispatcher d = dispatcher(Receiver.of("each", hook.url()).withConnection(null, true)
                .withGrouping(List.of("..."), Duration.ZERO, null, null));
        round(d, Duration.ZERO, TestAlerts.firing("HighErrorRate", CHECKOUT, T0),
                TestAlerts.firing("HighErrorRate", CART, T0));
        List<WebhookReceiver.Request> received = hook.drain();
        assertThat(received).hasSize(2);
        for (WebhookReceiver.Request r : received) {
            JsonNode body = json(r);
            assertThat(map(body.get("groupLabels"))).isEqualTo(map(body.at("/alerts/0/labels")));
        }
    }

    @Test
    void maxAlertsCutsTheMessageAndCountsTheRest() throws Exception {
        NotificationDispatcher d = dispatcher(receiver(Duration.ZERO).withDelivery(true, 2, null, null, null));
        AlertInstance a = TestAlerts.firing("HighErrorRate", CHECKOUT, T0.minusSeconds(20));
        AlertInstance b = TestAlerts.firing("HighErrorRate", Map.of("service", "checkout", "severity", "ticket"),
                T0.minusSeconds(10));
        AlertInstance c = TestAlerts.firing("HighErrorRate", CART, T0);
        round(d, Duration.ZERO, a, b, c);

        JsonNode body = json(hook.next());
        assertThat(body.get("truncatedAlerts").asLong()).isEqualTo(1);
        assertThat(body.get("alerts")).hasSize(2);
        // Common labels of the alerts sent (the two oldest, both checkout), not of the whole group.
        assertThat(map(body.get("commonLabels"))).containsEntry("service", "checkout").doesNotContainKey("severity");
    }

    @Test
    void realExecutorDeliversOffTheCallingThread() throws Exception {
        try (NotificationDispatcher d = NotificationDispatcher.start(db, Clock.systemUTC(),
                List.of(receiver(Duration.ZERO)), settings)) {
            Instant now = Instant.now();
            d.process(List.of(TestAlerts.firing("HighErrorRate", CHECKOUT, now)), now);
            assertThat(json(hook.next()).get("status").asText()).isEqualTo("firing");
        }
    }

    @Test
    void alertsKeepTheirOrderFiringFirstThenOldest() throws Exception {
        NotificationDispatcher d = dispatcher(receiver(Duration.ZERO));
        AlertInstance old = TestAlerts.firing("HighErrorRate", CART, T0.minusSeconds(600));
        AlertInstance recent = TestAlerts.firing("HighErrorRate", CHECKOUT, T0);
        round(d, Duration.ZERO, recent, old);
        hook.next();
        round(d, Duration.ofMinutes(4), recent, TestAlerts.resolved(old, T0.plusSeconds(200)));
        scheduler.advanceTo(T0.plus(Duration.ofMinutes(5)));

        JsonNode alerts = json(hook.next()).get("alerts");
        Iterator<JsonNode> it = alerts.elements();
        assertThat(it.next().get("status").asText()).isEqualTo("firing");
        assertThat(it.next().get("status").asText()).isEqualTo("resolved");
    }
}
