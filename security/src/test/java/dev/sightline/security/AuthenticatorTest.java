package dev.sightline.security;

import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AuthenticatorTest {
    private static final Instant NOW = Instant.parse("2026-11-30T10:00:00Z");
    private final SecureRandom random = new SecureRandom();
    private final Authenticator auth = new Authenticator(Clock.fixed(NOW, ZoneOffset.UTC));

    private String add(String source, String tenant, Scope scope, Instant expires) {
        String token = ApiTokens.generate(scope, random);
        TokenRecord r = new TokenRecord("id-" + token.substring(4, 12), tenant + "-" + scope.label(), tenant, scope,
                ApiTokens.sha256(token), NOW, expires, source);
        var existing = new java.util.ArrayList<TokenRecord>();
        existing.add(r);
        auth.replace(source + "-" + token, existing);
        return token;
    }

    @Test
    void withoutTokensEveryRequestIsTheDefaultTenantWithEveryScope() {
        assertThat(auth.enabled()).isFalse();
        for (Scope s : Scope.values()) {
            AccessDecision d = auth.decide(null, s);
            assertThat(d.allowed()).isTrue();
            assertThat(d.principal().tenant()).isEqualTo(TenantId.DEFAULT);
        }
    }

    @Test
    void onceATokenExistsEveryRequestNeedsOne() {
        add("file", "shop", Scope.READ, null);
        assertThat(auth.decide(null, Scope.READ).outcome()).isEqualTo(AccessDecision.Outcome.UNAUTHENTICATED);
        assertThat(auth.decide("", Scope.INGEST).outcome()).isEqualTo(AccessDecision.Outcome.UNAUTHENTICATED);
        assertThat(auth.decide(ApiTokens.generate(Scope.READ, random), Scope.READ).outcome())
                .as("well-formed but unknown").isEqualTo(AccessDecision.Outcome.UNAUTHENTICATED);
    }

    @Test
    void scopesDecideWhatATokenMayDo() {
        String ingest = add("file", "shop", Scope.INGEST, null);
        String read = add("file", "shop", Scope.READ, null);
        String admin = add("file", "shop", Scope.ADMIN, null);

        assertThat(auth.decide(ingest, Scope.INGEST).allowed()).isTrue();
        AccessDecision ingestReads = auth.decide(ingest, Scope.READ);
        assertThat(ingestReads.outcome()).isEqualTo(AccessDecision.Outcome.FORBIDDEN);
        assertThat(ingestReads.message()).contains("an ingest token").doesNotContain(ingest);
        assertThat(auth.decide(ingest, Scope.ADMIN).outcome()).isEqualTo(AccessDecision.Outcome.FORBIDDEN);

        assertThat(auth.decide(read, Scope.READ).allowed()).isTrue();
        assertThat(auth.decide(read, Scope.INGEST).outcome()).isEqualTo(AccessDecision.Outcome.FORBIDDEN);
        assertThat(auth.decide(read, Scope.ADMIN).outcome()).isEqualTo(AccessDecision.Outcome.FORBIDDEN);

        assertThat(auth.decide(admin, Scope.READ).allowed()).isTrue();
        assertThat(auth.decide(admin, Scope.ADMIN).allowed()).isTrue();
        assertThat(auth.decide(admin, Scope.INGEST).outcome()).isEqualTo(AccessDecision.Outcome.FORBIDDEN);

        AccessDecision d = auth.decide(read, Scope.READ);
        assertThat(d.principal().tenant()).isEqualTo("shop");
        assertThat(d.principal().name()).isEqualTo("shop-read");
    }

    @Test
    void anExpiredTokenIsRefusedAndOneExpiringLaterStillWorks() {
        String expired = add("api", "shop", Scope.READ, NOW);
        String later = add("api", "shop", Scope.READ, NOW.plusSeconds(1));
        assertThat(auth.decide(expired, Scope.READ).outcome()).isEqualTo(AccessDecision.Outcome.UNAUTHENTICATED);
        assertThat(auth.decide(later, Scope.READ).allowed()).isTrue();
    }

    @Test
    void replacingASourceRevokesWhatItNoLongerHas() {
        String token = ApiTokens.generate(Scope.READ, random);
        TokenRecord r = new TokenRecord("a", "a", "t1", Scope.READ, ApiTokens.sha256(token), NOW, null, "file");
        auth.replace("file", List.of(r));
        add("api", "t2", Scope.ADMIN, null);
        assertThat(auth.decide(token, Scope.READ).allowed()).isTrue();
        assertThat(auth.tenants()).containsExactly("t1", "t2");

        auth.replace("file", List.of());
        assertThat(auth.decide(token, Scope.READ).outcome()).isEqualTo(AccessDecision.Outcome.UNAUTHENTICATED);
        assertThat(auth.enabled()).as("the other source still has a token").isTrue();
    }

    @Test
    void bearerHeadersAreParsedCaseInsensitively() {
        assertThat(Authenticator.bearer("Bearer abc")).isEqualTo("abc");
        assertThat(Authenticator.bearer("bearer  abc ")).isEqualTo("abc");
        assertThat(Authenticator.bearer("Basic abc")).isNull();
        assertThat(Authenticator.bearer("Bearer ")).isNull();
        assertThat(Authenticator.bearer(null)).isNull();
    }

    @Test
    void tenantNamesCannotLeaveTheDataDirectory() {
        assertThat(TenantId.isValid("team-a_1")).isTrue();
        for (String bad : new String[]{"..", "a/b", "A", "", "-x", "a".repeat(64), "a b", "é"}) {
            assertThat(TenantId.isValid(bad)).as(bad).isFalse();
        }
    }
}
