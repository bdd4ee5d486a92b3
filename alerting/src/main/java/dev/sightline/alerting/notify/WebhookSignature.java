package dev.sightline.alerting.notify;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;

/**
 * The optional signature of a webhook request, so a receiver can tell it comes from this Sightline and was not
 * replayed. With a receiver's {@code hmac-secret} set, every attempt carries
 * <pre>
 * X-Sightline-Timestamp: 1767225600                      (Unix seconds when the attempt was made)
 * X-Sightline-Signature: sha256=&lt;hex&gt;
 * </pre>
 * where {@code <hex>} is the lower-case hex HMAC-SHA256, keyed with the secret's UTF-8 bytes, of the timestamp
 * header's value, one {@code .} and the exact request body bytes. Receivers recompute it over the raw body (before
 * any JSON parsing), compare in constant time and refuse timestamps more than a few minutes old. Retries are signed
 * afresh with their own timestamp.
 */
public final class WebhookSignature {
    public static final String TIMESTAMP_HEADER = "X-Sightline-Timestamp";
    public static final String SIGNATURE_HEADER = "X-Sightline-Signature";
    private static final String PREFIX = "sha256=";

    private WebhookSignature() {
    }

    /** The {@value #SIGNATURE_HEADER} value for a body sent at {@code epochSecond}. */
    public static String sign(String secret, long epochSecond, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update(Long.toString(epochSecond).getBytes(StandardCharsets.US_ASCII));
            mac.update((byte) '.');
            return PREFIX + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /**
     * What a receiver written in Java would do: true when the signature matches and the timestamp is within
     * {@code tolerance} of {@code now}.
     */
    public static boolean verify(String secret, String timestampHeader, String signatureHeader, byte[] body,
                                 Instant now, Duration tolerance) {
        if (timestampHeader == null || signatureHeader == null) {
            return false;
        }
        long ts;
        try {
            ts = Long.parseLong(timestampHeader.strip());
        } catch (NumberFormatException e) {
            return false;
        }
        if (Math.abs(now.getEpochSecond() - ts) > tolerance.toSeconds()) {
            return false;
        }
        byte[] expected = sign(secret, ts, body).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, signatureHeader.strip().getBytes(StandardCharsets.US_ASCII));
    }
}
