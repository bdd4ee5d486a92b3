package dev.sightline.alerting.silence;

import dev.sightline.alerting.storage.AlertingDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SilenceStoreTest {
    private static final Instant T0 = Instant.parse("2026-05-01T12:00:00Z");

    @TempDir
    Path dir;
    private AlertingDatabase db;

    @BeforeEach
    void open() {
        db = AlertingDatabase.open(dir);
    }

    @AfterEach
    void close() {
        db.close();
    }

    private SilenceStore storeAt(Instant now) {
        return new SilenceStore(db, Clock.fixed(now, ZoneOffset.UTC));
    }

    private static SilenceRequest request(Instant start, Instant end, Matcher... matchers) {
        return new SilenceRequest(List.of(matchers), start, end, "alice", "deploying checkout");
    }

    @Test
    void stateIsPendingThenActiveThenExpired() {
        Silence s = storeAt(T0).create(request(T0.plusSeconds(60), T0.plusSeconds(3600),
                Matcher.equal("service", "checkout")));
        assertThat(s.state(T0)).isEqualTo(SilenceState.PENDING);
        assertThat(s.state(T0.plusSeconds(60))).isEqualTo(SilenceState.ACTIVE);
        assertThat(s.state(T0.plusSeconds(3599))).isEqualTo(SilenceState.ACTIVE);
        assertThat(s.state(T0.plusSeconds(3600))).isEqualTo(SilenceState.EXPIRED);
    }

    @Test
    void aStartInThePastBecomesNow() {
        Silence s = storeAt(T0).create(request(T0.minusSeconds(600), T0.plusSeconds(60),
                Matcher.equal("service", "checkout")));
        assertThat(s.startsAt()).isEqualTo(T0);
        assertThat(s.createdBy()).isEqualTo("alice");
    }

    @Test
    void silencingReturnsOnlyActiveSilencesThatMatchEveryMatcher() {
        SilenceStore store = storeAt(T0);
        Silence checkout = store.create(request(null, T0.plusSeconds(3600), Matcher.equal("service", "checkout"),
                Matcher.regex("severity", "page|ticket")));
        store.create(request(T0.plusSeconds(600), T0.plusSeconds(3600), Matcher.equal("service", "cart")));

        assertThat(store.silencing(Map.of("service", "checkout", "severity", "page"), T0))
                .extracting(Silence::id).containsExactly(checkout.id());
        assertThat(store.silencing(Map.of("service", "checkout", "severity", "info"), T0)).isEmpty();
        assertThat(store.silencing(Map.of("service", "cart"), T0)).as("pending").isEmpty();
        assertThat(store.silencing(Map.of("service", "cart"), T0.plusSeconds(600))).hasSize(1);
        assertThat(store.silencing(Map.of("service", "checkout", "severity", "page"), T0.plusSeconds(3600)))
                .as("expired").isEmpty();
    }

    @Test
    void expireEndsItNowAndKeepsItListed() {
        SilenceStore created = storeAt(T0);
        Silence s = created.create(request(null, T0.plusSeconds(3600), Matcher.equal("service", "checkout")));
        SilenceStore later = storeAt(T0.plusSeconds(100));
        Silence expired = later.expire(s.id()).orElseThrow();

        assertThat(expired.endsAt()).isEqualTo(T0.plusSeconds(100));
        assertThat(expired.state(T0.plusSeconds(100))).isEqualTo(SilenceState.EXPIRED);
        assertThat(later.get(s.id())).contains(expired);
        assertThat(later.silencing(Map.of("service", "checkout"), T0.plusSeconds(100))).isEmpty();
        assertThat(later.expire(UUID.randomUUID())).isEmpty();
    }

    @Test
    void expiringAPendingSilenceMeansItNeverStarts() {
        SilenceStore store = storeAt(T0);
        Silence s = store.create(request(T0.plusSeconds(600), T0.plusSeconds(3600), Matcher.equal("a", "b")));
        Silence expired = store.expire(s.id()).orElseThrow();
        assertThat(expired.startsAt()).isEqualTo(T0);
        assertThat(expired.endsAt()).isEqualTo(T0);
        assertThat(expired.state(T0.plusSeconds(700))).isEqualTo(SilenceState.EXPIRED);
    }

    @Test
    void silencesSurviveARestart() {
        Silence s = storeAt(T0).create(request(null, T0.plusSeconds(3600), Matcher.regex("service", "check.*"),
                Matcher.of("env", Matcher.Op.NOT_EQUAL, "dev")));
        SilenceStore reopened = storeAt(T0.plusSeconds(10));
        assertThat(reopened.list()).containsExactly(s);
        assertThat(reopened.silencing(Map.of("service", "checkout", "env", "prod"), T0.plusSeconds(10))).hasSize(1);
    }

    @Test
    void expiredSilencesAreDeletedAfterTheRetention() {
        Silence s = storeAt(T0).create(request(null, T0.plusSeconds(60), Matcher.equal("a", "b")));
        assertThat(storeAt(T0.plus(Duration.ofDays(4))).list()).contains(s);
        assertThat(storeAt(T0.plus(Duration.ofDays(6))).list()).isEmpty();
    }

    @Test
    void refusesSilencesAlertmanagerRefusesNamingTheField() {
        SilenceStore store = storeAt(T0);
        Instant end = T0.plusSeconds(60);
        assertField(() -> store.create(request(null, end)), "matchers", "at least one matcher");
        assertField(() -> store.create(request(null, end, Matcher.regex("service", ".*"),
                Matcher.equal("team", ""))), "matchers", "must not match the empty string");
        assertField(() -> store.create(request(null, null, Matcher.equal("a", "b"))), "endsAt", "required");
        assertField(() -> store.create(request(null, T0.minusSeconds(1), Matcher.equal("a", "b"))), "endsAt",
                "in the past");
        assertField(() -> store.create(request(T0.plusSeconds(120), end, Matcher.equal("a", "b"))), "endsAt",
                "after startsAt");
        assertField(() -> store.create(new SilenceRequest(List.of(Matcher.equal("a", "b")), null, end, " ", "c")),
                "createdBy", "required");
        assertField(() -> store.create(new SilenceRequest(List.of(Matcher.equal("a", "b")), null, end, "me", null)),
                "comment", "required");
        assertThat(store.list()).isEmpty();
    }

    private static void assertField(Runnable create, String field, String reason) {
        assertThatThrownBy(create::run).isInstanceOfSatisfying(InvalidSilenceException.class,
                e -> assertThat(e.field()).isEqualTo(field)).hasMessageContaining(reason);
    }
}
