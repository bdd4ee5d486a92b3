package dev.sightline.collector.redaction;

import dev.sightline.store.model.Signal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Secrets found inside texts, masked alone so the rest of the text survives; ordinary text left as it is. */
class SecretPatternsTest {

    static final String JWT = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwi"
            + "aWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";
    static final String AWS_KEY = "AKIAIOSFODNN7EXAMPLE";
    static final String AWS_SESSION_KEY = "ASIAJEXAMPLEXEG2JICEA";
    static final String GCP_KEY = "AIzaSyDaGmWKa4JsXZ-HjGw7ISLn_3namBGewQe";
    static final String GITHUB = "ghp_" + "a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8";
    static final String SLACK = "xoxb-" + "2400321-1234567890-AbCdEfGhIjKlMnOp";
    static final String STRIPE = "sk_live_" + "4eC39HqLyjWDarjtT1zdp7dc";

    private final RecordingCounter counter = new RecordingCounter();
    private final Redactor redactor = new Redactor(RedactionSettings.DEFAULTS, counter);

    private String redact(String text) {
        return redactor.text(Signal.LOGS, text);
    }

    @Test
    void aJwtIsMaskedAndTheRestOfTheLineKept() {
        assertThat(redact("session " + JWT + " expired")).isEqualTo("session [REDACTED] expired");
        assertThat(counter.reasons()).containsExactly(RedactionReason.JWT);
    }

    @Test
    void aJwtWithoutSignatureIsMaskedToo() {
        String unsigned = JWT.substring(0, JWT.lastIndexOf('.') + 1);
        assertThat(redact("t=" + unsigned)).isEqualTo("t=[REDACTED]");
    }

    @Test
    void cloudKeysAreMasked() {
        assertThat(redact("key " + AWS_KEY + ".")).isEqualTo("key [REDACTED].");
        assertThat(redact("using " + GCP_KEY)).isEqualTo("using [REDACTED]");
        assertThat(counter.reasons()).containsExactly(RedactionReason.CLOUD_KEY, RedactionReason.CLOUD_KEY);
    }

    @Test
    void anAwsKeyInsideALongerWordIsNotOne() {
        assertThat(redact("XAKIAIOSFODNN7EXAMPLE")).isEqualTo("XAKIAIOSFODNN7EXAMPLE");
        assertThat(redact(AWS_KEY + "X")).isEqualTo(AWS_KEY + "X");
    }

    @Test
    void vendorTokensAreMasked() {
        assertThat(redact("gh " + GITHUB)).isEqualTo("gh [REDACTED]");
        assertThat(redact("slack " + SLACK + " ok")).isEqualTo("slack [REDACTED] ok");
        assertThat(redact("stripe " + STRIPE)).isEqualTo("stripe [REDACTED]");
        assertThat(counter.reasons()).containsOnly(RedactionReason.VENDOR_TOKEN).hasSize(3);
    }

    @Test
    void bearerCredentialsAreMaskedButTheSchemeIsKept() {
        assertThat(redact("sent Bearer 9f8e7d6c5b4a39281706f5e4d3c2b1a0 upstream"))
                .isEqualTo("sent Bearer [REDACTED] upstream");
        assertThat(redact("Basic dXNlcjpodW50ZXIy")).isEqualTo("Basic [REDACTED]");
    }

    @Test
    void englishAfterBearerOrBasicIsNotACredential() {
        String prose = "the bearer authentication scheme; basic configuration applies";
        assertThat(redact(prose)).isEqualTo(prose);
        assertThat(counter.counts).isEmpty();
    }

    @Test
    void aPrivateKeyBlockIsMaskedWhole() {
        String pem = "-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA7\n-----END RSA PRIVATE KEY-----";
        assertThat(redact("key:\n" + pem + "\ndone")).isEqualTo("key:\n[REDACTED]\ndone");
        assertThat(redact("-----BEGIN CERTIFICATE-----\nMIIB")).isEqualTo("-----BEGIN CERTIFICATE-----\nMIIB");
    }

    @Test
    void thePasswordInAUrlIsMasked() {
        assertThat(redact("postgres://app:s3cr3t-pw@db.internal:5432/orders"))
                .isEqualTo("postgres://app:[REDACTED]@db.internal:5432/orders");
        assertThat(redact("https://example.com:8443/a@b")).isEqualTo("https://example.com:8443/a@b");
    }

    @Test
    void sensitiveQueryParametersAreMaskedAndTheOthersKept() {
        assertThat(redact("https://api.example.com/v1/orders?id=42&access_token=abc123def&password=hunter2&page=2"))
                .isEqualTo("https://api.example.com/v1/orders?id=42&access_token=[REDACTED]&password=[REDACTED]"
                        + "&page=2");
        assertThat(redact("/callback#id_token=xyz789&state=ok")).isEqualTo("/callback#id_token=[REDACTED]&state=ok");
        assertThat(counter.reasons()).containsOnly(RedactionReason.INLINE_KEY).hasSize(3);
    }

    @Test
    void keyValuePairsInLogLinesAndJsonAreMasked() {
        assertThat(redact("login user=bob password=hunter2 ok")).isEqualTo("login user=bob password=[REDACTED] ok");
        assertThat(redact("{\"user\":\"bob\",\"client_secret\": \"s3 cr3t\",\"n\":1}"))
                .isEqualTo("{\"user\":\"bob\",\"client_secret\": \"[REDACTED]\",\"n\":1}");
        assertThat(redact("Authorization: Bearer abc.def.ghi")).isEqualTo("Authorization: Bearer [REDACTED]");
        assertThat(redact("x-api-key: k-12345")).isEqualTo("x-api-key: [REDACTED]");
    }

    @Test
    void keyValuePairsWithInnocentKeysAreKept() {
        String line = "12:30:45 tokens_used=512 token_count: 7 status=ok url=https://example.com/x";
        assertThat(redact(line)).isEqualTo(line);
        assertThat(counter.counts).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"4111111111111111", "4111 1111 1111 1111", "4111-1111-1111-1111", "5555555555554444",
            "378282246310005", "3782 822463 10005", "6011111111111117", "2223003122003222", "4222222222222"})
    void cardNumbersThatPassLuhnAreMasked(String card) {
        assertThat(redact("paid with " + card + ", thanks")).isEqualTo("paid with [REDACTED], thanks");
        assertThat(counter.reasons()).containsExactly(RedactionReason.CARD);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "4111111111111112",              // Luhn fails
            "1732953600123",                 // epoch millis: starts with 1
            "1732953600123456789",           // epoch nanos
            "order 20241130123457 shipped",  // Luhn fails
            "2024-11-30 12:00:00",           // a date
            "+1 555 123 4567",               // a phone number
            "41111111111111111111111",       // too many digits
            "4111 11 1111 1111 1111",        // a group of two is not how cards are written
            "0af7651916cd43dd8448eb211c80319c", // a trace id
            "id-4111111111111111x",          // glued to a letter
            "counts 7 8 9 10 11 12 13"})
    void ordinaryNumbersAreNotCards(String text) {
        assertThat(redact(text)).isEqualTo(text);
        assertThat(counter.counts).isEmpty();
    }

    @Test
    void severalSecretsInOneTextAreAllMasked() {
        assertThat(redact(AWS_KEY + " and " + JWT + " and 4111111111111111"))
                .isEqualTo("[REDACTED] and [REDACTED] and [REDACTED]");
        assertThat(counter.reasons()).containsExactly(RedactionReason.CLOUD_KEY, RedactionReason.JWT,
                RedactionReason.CARD);
    }

    @Test
    void anOrdinaryTextIsReturnedAsTheSameInstance() {
        String text = "GET /api/v1/orders/8812 returned 200 in 12 ms";
        assertThat(redact(text)).isSameAs(text);
    }

    @Test
    void customPatternsMaskTheirFirstGroupOrTheWholeMatch() {
        Redactor custom = new Redactor(new RedactionSettings(true, List.of(), List.of(),
                List.of("ssn=(\\d{3}-\\d{2}-\\d{4})", "INTERNAL-[0-9a-f]{8}")), counter);
        assertThat(custom.text(Signal.LOGS, "ssn=123-45-6789 ref INTERNAL-deadbeef"))
                .isEqualTo("ssn=[REDACTED] ref [REDACTED]");
        assertThat(counter.reasons()).containsExactly(RedactionReason.CUSTOM, RedactionReason.CUSTOM);
    }

    @Test
    void aCustomPatternThatDoesNotCompileIsRefusedWithItsProperty() {
        assertThatThrownBy(() -> new RedactionSettings(true, List.of(), List.of(), List.of("ok", "(unclosed")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sightline.redaction.patterns[1]");
        assertThatThrownBy(() -> new RedactionSettings(true, List.of(), List.of(), List.of("a*")))
                .hasMessageContaining("matches the empty string");
    }

    @Test
    void countsCarryTheSignal() {
        redactor.text(Signal.TRACES, AWS_KEY);
        redactor.text(Signal.METRICS, JWT);
        assertThat(counter.counts).containsExactly(
                new RecordingCounter.Count(Signal.TRACES, RedactionReason.CLOUD_KEY),
                new RecordingCounter.Count(Signal.METRICS, RedactionReason.JWT));
    }

    @Test
    void aDisabledRedactorChangesNothing() {
        Redactor off = new Redactor(RedactionSettings.DISABLED, counter);
        String text = "password=hunter2 " + JWT;
        assertThat(off.text(Signal.LOGS, text)).isSameAs(text);
        assertThat(off.isSensitiveKey("password")).isFalse();
        assertThat(counter.counts).isEmpty();
    }
}
