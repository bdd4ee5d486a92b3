package dev.sightline.collector.redaction;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Decides whether an attribute key names a secret.
 *
 * <p>The rule: a key is split into lower-case segments at {@code .}, {@code _}, {@code -}, spaces and camelCase
 * humps ({@code http.request.header.X-Api-Key} → {@code http request header x api key}). It is sensitive when a
 * run of its segments is a sensitive term ({@code password}, {@code token}, {@code api key}, ...), unless the
 * segment right after that run says the value only describes the secret ({@code token_count},
 * {@code password.length}, {@code token.expires_in}, {@code secret.name}). So {@code db.password},
 * {@code client_secret}, {@code set-cookie}, {@code x-api-key} and {@code accessToken} are masked, while
 * {@code gen_ai.usage.input_tokens} (the plural is a count) and {@code llm.token_count.prompt} are not. Anything
 * else that merely contains a term ({@code token_bucket.capacity}) is masked: a false alarm costs a value, a miss
 * leaks a secret.
 *
 * <p>Most keys have no segment a term starts with, which one pass over their characters tells; the others are
 * decided once and cached (keys repeat). The cache stops growing at {@value #CACHE_LIMIT} keys so a client inventing
 * keys cannot grow the heap.
 */
final class SensitiveKeys {

    static final int CACHE_LIMIT = 16_384;

    /** Single segments that name a secret. Joined forms ({@code apikey}) are here too, for keys written so. */
    private static final List<String> BUILT_IN_TERMS = List.of(
            "authorization", "password", "passwd", "pwd", "passphrase", "secret", "secrets", "token", "cookie",
            "cookies", "credential", "credentials", "jwt", "signature",
            "api key", "apikey", "access key", "accesskey", "private key", "privatekey", "secret key", "secretkey");

    /** Words after a term that make the value a description of the secret, not the secret. */
    private static final Set<String> DESCRIPTIVE = Set.of(
            "count", "counts", "used", "total", "length", "len", "size", "type", "kind", "name", "names",
            "expires", "expiry", "expiration", "exp", "ttl", "lifetime", "limit", "max", "min", "enabled",
            "disabled", "present", "required", "provided", "valid", "algorithm", "alg", "issuer", "format",
            "version", "rotated", "age", "remaining", "usage", "source");

    private final List<List<String>> terms;
    /** Hashes of every segment a term starts with, sorted: a key with none of them is not sensitive. */
    private final int[] firstSegmentHashes;
    private final Set<String> allowed;
    private final Map<String, Boolean> cache = new ConcurrentHashMap<>();

    SensitiveKeys(List<String> extraTerms, List<String> allowedKeys) {
        List<List<String>> all = new ArrayList<>();
        for (String t : BUILT_IN_TERMS) {
            all.add(List.of(t.split(" ")));
        }
        for (String t : extraTerms) {
            List<String> segments = segments(t);
            all.add(segments);
            if (segments.size() > 1) {
                all.add(List.of(String.join("", segments)));
            }
        }
        this.terms = List.copyOf(all);
        this.firstSegmentHashes = all.stream().mapToInt(t -> t.get(0).hashCode()).distinct().sorted().toArray();
        Set<String> lower = new java.util.HashSet<>();
        for (String k : allowedKeys) {
            lower.add(k.toLowerCase(Locale.ROOT));
        }
        this.allowed = Set.copyOf(lower);
    }

    /**
     * Whether an attribute key is sensitive. Most keys have no segment a term starts with, which a pass over their
     * characters tells without hashing the key (keys are fresh strings in every request, so a cache lookup would
     * hash each one; that was the largest cost of redaction). The rest are decided once and cached.
     */
    boolean isSensitive(String key) {
        return mayStartTerm(key, 0, key.length()) && decided(key);
    }

    private boolean decided(String key) {
        Boolean known = cache.get(key);
        if (known != null) {
            return known;
        }
        boolean sensitive = decide(key);
        if (cache.size() < CACHE_LIMIT) {
            cache.put(key, sensitive);
        }
        return sensitive;
    }

    /**
     * Whether {@code text[from, to)}, a key written inside a text, is sensitive. Such keys are mostly not (times,
     * {@code carrier=dhl}), so a check in place rules them out before any substring is made.
     */
    boolean isSensitive(String text, int from, int to) {
        return mayStartTerm(text, from, to) && decided(text.substring(from, to));
    }

    private boolean decide(String key) {
        if (!allowed.isEmpty() && allowed.contains(key.toLowerCase(Locale.ROOT))) {
            return false;
        }
        List<String> segments = segments(key);
        int n = segments.size();
        for (int start = 0; start < n; start++) {
            for (List<String> term : terms) {
                int end = start + term.size();
                if (end <= n && segments.subList(start, end).equals(term)
                        && (end == n || !DESCRIPTIVE.contains(segments.get(end)))) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Whether a segment of {@code text[from, to)} (split as {@link #segments} splits) has the hash of a term's first
     * segment. {@link String#hashCode} of the lower-case segment, computed in place, so ordinary keys and texts cost
     * no allocation.
     */
    private boolean mayStartTerm(String text, int from, int to) {
        int hash = 0;
        int length = 0;
        char previous = 0;
        for (int i = from; i <= to; i++) {
            char c = i < to ? text.charAt(i) : ' ';
            boolean letterOrDigit = c < 128 ? c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    : Character.isLetterOrDigit(c);
            boolean upper = c < 128 ? c >= 'A' && c <= 'Z' : Character.isUpperCase(c);
            boolean previousLower = previous < 128 ? previous >= 'a' && previous <= 'z'
                    : Character.isLowerCase(previous);
            if ((!letterOrDigit || upper && previousLower) && length > 0) {
                if (Arrays.binarySearch(firstSegmentHashes, hash) >= 0) {
                    return true;
                }
                hash = 0;
                length = 0;
            }
            if (letterOrDigit) {
                hash = 31 * hash + (upper ? (c < 128 ? c + 32 : Character.toLowerCase(c)) : c);
                length++;
            }
            previous = c;
        }
        return false;
    }

    /** The key's lower-case segments: split at anything not a letter or digit, and at lower-to-upper humps. */
    static List<String> segments(String key) {
        List<String> out = new ArrayList<>(6);
        StringBuilder current = new StringBuilder();
        char previous = 0;
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (!Character.isLetterOrDigit(c)) {
                flush(current, out);
            } else {
                if (Character.isUpperCase(c) && Character.isLowerCase(previous)) {
                    flush(current, out);
                }
                current.append(Character.toLowerCase(c));
            }
            previous = c;
        }
        flush(current, out);
        return out;
    }

    private static void flush(StringBuilder current, List<String> out) {
        if (current.length() > 0) {
            out.add(current.toString());
            current.setLength(0);
        }
    }
}
