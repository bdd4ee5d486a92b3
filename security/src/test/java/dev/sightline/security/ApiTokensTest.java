package dev.sightline.security;

import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class ApiTokensTest {
    private final SecureRandom random = new SecureRandom();

    @Test
    void eachScopeHasItsPrefixAndTheTokenParsesBackToIt() {
        for (Scope s : Scope.values()) {
            String token = ApiTokens.generate(s, random);
            assertThat(token).startsWith(s.prefix()).hasSize(s.prefix().length() + 36);
            assertThat(ApiTokens.scopeOf(token)).contains(s);
        }
    }

    @Test
    void tokensAreDistinct() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            seen.add(ApiTokens.generate(Scope.READ, random));
        }
        assertThat(seen).hasSize(10_000);
    }

    @Test
    void theChecksumCatchesEverySingleCharacterChange() {
        String token = ApiTokens.generate(Scope.INGEST, random);
        String alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        Random r = new Random(7);
        int changed = 0;
        for (int i = Scope.INGEST.prefix().length(); i < token.length(); i++) {
            char c;
            do {
                c = alphabet.charAt(r.nextInt(alphabet.length()));
            } while (c == token.charAt(i));
            String typo = token.substring(0, i) + c + token.substring(i + 1);
            assertThat(ApiTokens.scopeOf(typo)).as(typo).isEmpty();
            changed++;
        }
        assertThat(changed).isEqualTo(36);
    }

    @Test
    void foreignStringsHaveNoScope() {
        assertThat(ApiTokens.scopeOf(null)).isEmpty();
        assertThat(ApiTokens.scopeOf("")).isEmpty();
        assertThat(ApiTokens.scopeOf("slr_")).isEmpty();
        assertThat(ApiTokens.scopeOf("Bearer x")).isEmpty();
        String token = ApiTokens.generate(Scope.READ, random);
        assertThat(ApiTokens.scopeOf("sla_" + token.substring(4))).as("prefix is covered by the checksum").isEmpty();
        assertThat(ApiTokens.scopeOf(token + "x")).isEmpty();
        assertThat(ApiTokens.scopeOf(token.substring(0, 20) + "é" + token.substring(21))).isEmpty();
    }

    @Test
    void sha256IsTheStandardDigestInLowerCaseHex() {
        // echo -n abc | sha256sum
        assertThat(ApiTokens.sha256("abc"))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(ApiTokens.isSha256Hex(ApiTokens.sha256("x"))).isTrue();
        assertThat(ApiTokens.isSha256Hex("BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD")).isFalse();
        assertThat(ApiTokens.isSha256Hex("abc")).isFalse();
    }
}
