package dev.sightline.collector.redaction;

import dev.sightline.store.model.AnyValue;
import dev.sightline.store.model.Attribute;
import dev.sightline.store.model.Signal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Which keys are sensitive, and what becomes of the values under them and inside nested values. */
class RedactorTest {

    private final RecordingCounter counter = new RecordingCounter();
    private final Redactor redactor = new Redactor(RedactionSettings.DEFAULTS, counter);

    @ParameterizedTest
    @ValueSource(strings = {"authorization", "Authorization", "AUTHORIZATION", "http.request.header.authorization",
            "proxy-authorization", "cookie", "set-cookie", "set_cookie", "http.response.header.set-cookie",
            "password", "db.password", "DB_PASSWORD", "passwd", "pwd", "secret", "client_secret", "clientSecret",
            "aws.secret_access_key", "token", "access_token", "accessToken", "refresh-token", "id_token",
            "x-csrf-token", "api_key", "api-key", "apikey", "apiKey", "x-api-key", "X-API-KEY",
            "http.request.header.x-api-key", "private_key", "credentials", "jwt", "X-Amz-Signature",
            "password_hash", "token_bucket.capacity"})
    void sensitiveKeys(String key) {
        assertThat(redactor.isSensitiveKey(key)).as(key).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"tokens_used", "gen_ai.usage.input_tokens", "gen_ai.usage.output_tokens",
            "llm.token_count.prompt", "token_count", "token.type", "token.expires_in", "access_token_expires_at",
            "password.length", "secret.name", "cookie.name", "http.request.method", "url.full", "user.id",
            "service.name", "keyboard", "passport.country", "tokenizer", "secretary", "monkey", "db.statement"})
    void innocentKeys(String key) {
        assertThat(redactor.isSensitiveKey(key)).as(key).isFalse();
    }

    @Test
    void extraKeysAreMatchedLikeTheBuiltInOnes() {
        Redactor custom = new Redactor(new RedactionSettings(true, List.of("ssn", "X-Internal-Auth"), List.of(),
                List.of()), counter);
        assertThat(custom.isSensitiveKey("user.ssn")).isTrue();
        assertThat(custom.isSensitiveKey("customer_SSN")).isTrue();
        assertThat(custom.isSensitiveKey("http.request.header.x-internal-auth")).isTrue();
        assertThat(custom.isSensitiveKey("xinternalauth")).isTrue();
        assertThat(custom.isSensitiveKey("ssn.count")).isFalse();
        assertThat(custom.isSensitiveKey("lesson")).isFalse();
    }

    @Test
    void allowedKeysAreNotMaskedForTheirNameButStillScanned() {
        Redactor custom = new Redactor(new RedactionSettings(true, List.of(), List.of("Checkout.Token"), List.of()),
                counter);
        assertThat(custom.isSensitiveKey("checkout.token")).isFalse();
        assertThat(custom.isSensitiveKey("other.token")).isTrue();
        assertThat(custom.attribute(Signal.TRACES, Attribute.of("checkout.token", "ABC-1")).value())
                .isEqualTo(AnyValue.of("ABC-1"));
        assertThat(custom.attribute(Signal.TRACES, Attribute.of("checkout.token", SecretPatternsTest.AWS_KEY))
                .value()).isEqualTo(AnyValue.of("[REDACTED]"));
    }

    @Test
    void aValueUnderASensitiveKeyIsMaskedWholeWhateverItsType() {
        assertThat(redactor.maskKeyed(Signal.TRACES, AnyValue.of("hunter2"))).isEqualTo(AnyValue.of("[REDACTED]"));
        assertThat(redactor.maskKeyed(Signal.TRACES, AnyValue.of(123456L))).isEqualTo(AnyValue.of("[REDACTED]"));
        assertThat(redactor.maskKeyed(Signal.TRACES, new AnyValue.BytesValue(new byte[]{1, 2})))
                .isEqualTo(AnyValue.of("[REDACTED]"));
        assertThat(redactor.maskKeyed(Signal.TRACES, new AnyValue.KeyValueList(List.of(Attribute.of("u", "p")))))
                .isEqualTo(AnyValue.of("[REDACTED]"));
        assertThat(counter.reasons()).containsOnly(RedactionReason.KEY).hasSize(4);
    }

    @Test
    void anArrayUnderASensitiveKeyKeepsItsLength() {
        AnyValue cookies = new AnyValue.ArrayValue(List.of(AnyValue.of("a=1"), AnyValue.of("b=2")));
        assertThat(redactor.maskKeyed(Signal.TRACES, cookies)).isEqualTo(new AnyValue.ArrayValue(
                List.of(AnyValue.of("[REDACTED]"), AnyValue.of("[REDACTED]"))));
    }

    @Test
    void valuesThatHideNothingAreKeptUnderASensitiveKey() {
        assertThat(redactor.maskKeyed(Signal.TRACES, AnyValue.of(true))).isEqualTo(AnyValue.of(true));
        assertThat(redactor.maskKeyed(Signal.TRACES, AnyValue.of(""))).isEqualTo(AnyValue.of(""));
        assertThat(redactor.maskKeyed(Signal.TRACES, AnyValue.of("[REDACTED]"))).isEqualTo(AnyValue.of("[REDACTED]"));
        assertThat(counter.counts).isEmpty();
    }

    @Test
    void nestedBodiesAreRedactedByKeyAndByValueAtEveryDepth() {
        AnyValue body = new AnyValue.KeyValueList(List.of(
                Attribute.of("user", "bob"),
                Attribute.of("password", "hunter2"),
                new Attribute("request", new AnyValue.KeyValueList(List.of(
                        new Attribute("headers", new AnyValue.KeyValueList(List.of(
                                Attribute.of("Authorization", "Bearer abc"),
                                Attribute.of("Accept", "application/json")))),
                        new Attribute("notes", new AnyValue.ArrayValue(List.of(
                                AnyValue.of("card 4111 1111 1111 1111"), AnyValue.of(7L))))))),
                new Attribute("count", AnyValue.of(3L))));
        AnyValue expected = new AnyValue.KeyValueList(List.of(
                Attribute.of("user", "bob"),
                Attribute.of("password", "[REDACTED]"),
                new Attribute("request", new AnyValue.KeyValueList(List.of(
                        new Attribute("headers", new AnyValue.KeyValueList(List.of(
                                Attribute.of("Authorization", "[REDACTED]"),
                                Attribute.of("Accept", "application/json")))),
                        new Attribute("notes", new AnyValue.ArrayValue(List.of(
                                AnyValue.of("card [REDACTED]"), AnyValue.of(7L))))))),
                new Attribute("count", AnyValue.of(3L))));
        assertThat(redactor.value(Signal.LOGS, body)).isEqualTo(expected);
        assertThat(counter.reasons()).containsExactly(RedactionReason.KEY, RedactionReason.KEY,
                RedactionReason.CARD);
    }

    @Test
    void aValueWithNothingToMaskIsReturnedAsTheSameInstance() {
        AnyValue body = new AnyValue.KeyValueList(List.of(Attribute.of("user", "bob"),
                new Attribute("tags", new AnyValue.ArrayValue(List.of(AnyValue.of("a"))))));
        assertThat(redactor.value(Signal.LOGS, body)).isSameAs(body);
    }
}
