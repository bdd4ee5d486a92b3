package dev.sightline.server.auth;

import dev.sightline.alerting.config.ConfigException;
import dev.sightline.security.ApiTokens;
import dev.sightline.security.Scope;
import dev.sightline.security.TokenRecord;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TokenFileTest {
    private static final String HASH = ApiTokens.sha256("one");
    private static final String HASH2 = ApiTokens.sha256("two");

    @Test
    void readsTokensWithTheirTenantScopeAndExpiry() throws ConfigException {
        List<TokenRecord> tokens = TokenFile.parse("tokens.yaml", """
                tokens:
                  - name: shop-ingest
                    tenant: shop
                    scope: ingest
                    sha256: %s
                  - name: ops
                    scope: admin
                    sha256: %s
                    expires: 2027-01-01T00:00:00Z
                """.formatted(HASH, HASH2));
        assertThat(tokens).hasSize(2);
        assertThat(tokens.get(0).tenant()).isEqualTo("shop");
        assertThat(tokens.get(0).scope()).isEqualTo(Scope.INGEST);
        assertThat(tokens.get(1).tenant()).as("default tenant").isEqualTo("default");
        assertThat(tokens.get(1).expires()).isEqualTo(Instant.parse("2027-01-01T00:00:00Z"));
        assertThat(TokenFile.parse("empty.yaml", "")).isEmpty();
    }

    @Test
    void everyMistakeNamesFileAndLine() {
        String token = ApiTokens.generate(Scope.READ, new java.security.SecureRandom());
        String[][] cases = {
                {"tokens:\n  - name: a\n    scope: read\n    sha256: " + token + "\n", "4", "this is a token, not its hash"},
                {"tokens:\n  - name: a\n    scope: root\n    sha256: " + HASH + "\n", "3", "unknown scope 'root'"},
                {"tokens:\n  - name: a\n    scope: read\n    sha256: abc\n", "4", "64 lower-case hex"},
                {"tokens:\n  - name: a\n    tenant: ../x\n    scope: read\n    sha256: " + HASH + "\n", "3", "invalid tenant"},
                {"tokens:\n  - name: a\n    scope: read\n    sha256: " + HASH + "\n    expire: never\n", "5",
                        "unknown field 'expire'"},
                {"tokens:\n  - name: a\n    scope: read\n    sha256: " + HASH + "\n  - name: a\n    scope: read\n"
                        + "    sha256: " + HASH2 + "\n", "5", "duplicate token name"},
                {"tokens:\n  - name: a\n    scope: read\n    sha256: " + HASH + "\n  - name: b\n    scope: read\n"
                        + "    sha256: " + HASH + "\n", "7", "appears twice"},
                {"tokens:\n  - name: a\n    scope: read\n    sha256: " + HASH + "\n    expires: tomorrow\n", "5", "RFC 3339"},
                {"tokens:\n  - name: a\n    sha256: " + HASH + "\n", "2", "scope is required"},
        };
        for (String[] c : cases) {
            assertThatThrownBy(() -> TokenFile.parse("tokens.yaml", c[0])).as(c[2])
                    .isInstanceOf(ConfigException.class)
                    .hasMessageStartingWith("tokens.yaml:" + c[1] + ":")
                    .hasMessageContaining(c[2])
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain(token));
        }
    }

    @Test
    void loopbackIsTheOnlyAddressThatNeedsNoToken() {
        assertThat(NetworkExposure.isLoopback("127.0.0.1")).isTrue();
        assertThat(NetworkExposure.isLoopback("localhost")).isTrue();
        assertThat(NetworkExposure.isLoopback("::1")).isTrue();
        assertThat(NetworkExposure.isLoopback("[::1]")).isTrue();
        assertThat(NetworkExposure.isLoopback("0.0.0.0")).isFalse();
        assertThat(NetworkExposure.isLoopback("::")).isFalse();
        assertThat(NetworkExposure.isLoopback("192.168.1.10")).isFalse();
        assertThat(NetworkExposure.isLoopback("no-such-host.invalid")).isFalse();
        NetworkExposure e = NetworkExposure.of("127.0.0.1", "0.0.0.0", "127.0.0.1");
        assertThat(e.loopbackOnly()).isFalse();
        assertThat(e.refusal()).contains("0.0.0.0").contains("token");
        assertThat(NetworkExposure.of("127.0.0.1", "localhost").loopbackOnly()).isTrue();
    }
}
