package dev.sightline.alerting.alert;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class FingerprintTest {

    /** The values prometheus/common's model tests expect of labelSetToFingerprint. */
    @Test
    void matchesPrometheusCommonTestVectors() {
        assertThat(Long.parseUnsignedLong(Fingerprint.of(Map.of()), 16))
                .isEqualTo(Long.parseUnsignedLong("14695981039346656037"));
        assertThat(Long.parseUnsignedLong(Fingerprint.of(Map.of("name", "garland, briggs",
                "fear", "love is not enough")), 16))
                .isEqualTo(Long.parseUnsignedLong("5799056148416392346"));
    }

    @Test
    void isSixteenHexDigitsAndIndependentOfMapOrder() {
        String a = Fingerprint.of(Map.of("alertname", "HighErrorRate", "service", "checkout"));
        String b = Fingerprint.of(new java.util.LinkedHashMap<>(Map.of("service", "checkout",
                "alertname", "HighErrorRate")));
        assertThat(a).hasSize(16).matches("[0-9a-f]{16}").isEqualTo(b);
        assertThat(Fingerprint.of(Map.of("alertname", "HighErrorRate", "service", "cart"))).isNotEqualTo(a);
    }
}
