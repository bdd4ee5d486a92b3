package dev.sightline.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import java.util.zip.CRC32;

/**
 * The token format: a scope prefix, 30 random base62 characters (178 bits) and a 6-character CRC32 checksum of
 * the rest, as GitHub's tokens do. The prefix lets secret scanners recognise a leaked token; the checksum lets
 * them (and us) reject a typo or a random string without looking anything up.
 *
 * <p>Only a token's SHA-256 is ever stored. A fast hash is right here: the tokens carry 178 random bits, so
 * there is no dictionary to slow down, unlike passwords.
 */
public final class ApiTokens {
    private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    static final int RANDOM_CHARS = 30;
    static final int CHECKSUM_CHARS = 6;

    private ApiTokens() {
    }

    public static String generate(Scope scope, SecureRandom random) {
        StringBuilder sb = new StringBuilder(scope.prefix());
        for (int i = 0; i < RANDOM_CHARS; i++) {
            sb.append(BASE62.charAt(random.nextInt(BASE62.length())));
        }
        return sb.append(checksum(sb)).toString();
    }

    /** The scope a well-formed token claims by its prefix; empty for anything else (wrong length, bad checksum). */
    public static Optional<Scope> scopeOf(String token) {
        if (token == null) {
            return Optional.empty();
        }
        for (Scope s : Scope.values()) {
            int body = s.prefix().length() + RANDOM_CHARS;
            if (token.startsWith(s.prefix()) && token.length() == body + CHECKSUM_CHARS
                    && isBase62(token, s.prefix().length())
                    && checksum(token.subSequence(0, body)).contentEquals(token.subSequence(body, token.length()))) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /** Lower-case hex SHA-256 of the token's UTF-8 bytes: the only form in which tokens are kept. */
    public static String sha256(String token) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** Whether the text is a SHA-256 as {@link #sha256} writes it. */
    public static boolean isSha256Hex(String text) {
        if (text == null || text.length() != 64) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }

    private static boolean isBase62(String token, int from) {
        for (int i = from; i < token.length(); i++) {
            if (BASE62.indexOf(token.charAt(i)) < 0) {
                return false;
            }
        }
        return true;
    }

    private static String checksum(CharSequence text) {
        CRC32 crc = new CRC32();
        crc.update(text.toString().getBytes(StandardCharsets.US_ASCII));
        long v = crc.getValue();
        char[] out = new char[CHECKSUM_CHARS];
        for (int i = CHECKSUM_CHARS - 1; i >= 0; i--) {
            out[i] = BASE62.charAt((int) (v % 62));
            v /= 62;
        }
        return new String(out);
    }
}
