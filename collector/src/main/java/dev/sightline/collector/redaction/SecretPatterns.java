package dev.sightline.collector.redaction;

import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds secrets inside a text and masks only them, so the rest of a log line or URL survives.
 *
 * <p>Built in: JWTs ({@code eyJ....eyJ.......}), AWS access key IDs ({@code AKIA}/{@code ASIA}... + 16), Google API
 * keys ({@code AIza} + 35), GitHub ({@code ghp_}..., {@code github_pat_}), Slack ({@code xoxb-}...) and Stripe
 * ({@code sk_live_}...) tokens, the credentials after {@code Bearer}/{@code Basic}, PEM private keys, the password of
 * {@code scheme://user:password@host}, card numbers (13–19 digits, optionally grouped by spaces or dashes, first
 * digit 2–6, passing the Luhn check), and {@code key=value} / {@code key: value} / {@code "key": "value"} where
 * the key is sensitive by {@link SensitiveKeys}' rule — which covers URL query strings
 * ({@code ?access_token=...&password=...}).
 *
 * <p>The built-in rules are one pass over the characters, with no regular expression: each rule starts at a
 * character that can begin its secret (a digit, {@code e}, {@code A}, {@code =}, {@code :}, ...) and gives up
 * within a few characters when it does not match, so ordinary text costs one branch per character and no
 * allocation. Only the patterns a user adds are regular expressions.
 */
final class SecretPatterns {

    /** Told of each masked secret. */
    interface Found {
        void found(RedactionReason reason);
    }

    private static final long NO_MATCH = -1;
    private static final int MAX_KEY_LENGTH = 64;
    private static final String[] AWS_PREFIXES = {"AKIA", "ASIA", "AGPA", "AIDA", "AROA", "AIPA", "ANPA", "ANVA"};

    private final SensitiveKeys keys;
    private final List<Pattern> custom;
    private final String marker;

    SecretPatterns(SensitiveKeys keys, List<Pattern> custom, String marker) {
        this.keys = keys;
        this.custom = List.copyOf(custom);
        this.marker = marker;
    }

    /** The text with every secret replaced by the marker, or the same instance when there was none. */
    String redact(String text, Found found) {
        String out = text.length() < 5 ? text : builtIn(text, found);
        if (!custom.isEmpty()) {
            for (Pattern p : custom) {
                out = customPattern(p, out, found);
            }
        }
        return out;
    }

    private String builtIn(String s, Found found) {
        StringBuilder out = null;
        int copied = 0;
        int n = s.length();
        int i = 0;
        while (i < n) {
            char c = s.charAt(i);
            long match = NO_MATCH;
            RedactionReason reason = null;
            switch (c) {
                case 'e' -> {
                    match = jwt(s, i);
                    reason = RedactionReason.JWT;
                }
                case 'A' -> {
                    match = cloudKey(s, i);
                    reason = RedactionReason.CLOUD_KEY;
                }
                case 'g', 'x', 's', 'r' -> {
                    match = vendorToken(s, i);
                    reason = RedactionReason.VENDOR_TOKEN;
                }
                case 'B', 'b' -> {
                    match = bearer(s, i);
                    reason = RedactionReason.BEARER;
                }
                case '-' -> {
                    match = privateKey(s, i);
                    reason = RedactionReason.PRIVATE_KEY;
                }
                case ':' -> {
                    if (s.startsWith("://", i)) {
                        match = urlCredentials(s, i + 3);
                        reason = RedactionReason.URL_CREDENTIALS;
                    } else {
                        match = inlineKey(s, i);
                        reason = RedactionReason.INLINE_KEY;
                    }
                }
                case '=' -> {
                    match = inlineKey(s, i);
                    reason = RedactionReason.INLINE_KEY;
                }
                case '2', '3', '4', '5', '6' -> {
                    if (i == 0 || !isAlnum(s.charAt(i - 1))) {
                        match = card(s, i);
                        reason = RedactionReason.CARD;
                        if (match == NO_MATCH) {
                            i = skipDigitRun(s, i); // a long number is not re-tried at every digit
                            continue;
                        }
                    }
                }
                default -> {
                }
            }
            if (match == NO_MATCH) {
                i++;
                continue;
            }
            int start = (int) (match >>> 32);
            int end = (int) match;
            if (out == null) {
                out = new StringBuilder(n);
            }
            out.append(s, copied, start).append(marker);
            copied = end;
            i = end;
            found.found(reason);
        }
        if (out == null) {
            return s;
        }
        return out.append(s, copied, n).toString();
    }

    private static long range(int start, int end) {
        return (long) start << 32 | end;
    }

    // ---- JWT: header and payload are base64url JSON objects, so both start with "eyJ" ('{"').

    private static long jwt(String s, int i) {
        if (i + 2 >= s.length() || s.charAt(i + 1) != 'y' || s.charAt(i + 2) != 'J'
                || i > 0 && isBase64Url(s.charAt(i - 1))) {
            return NO_MATCH;
        }
        int header = base64UrlRun(s, i);
        if (header - i < 10 || header >= s.length() || s.charAt(header) != '.' || !s.startsWith("eyJ", header + 1)) {
            return NO_MATCH;
        }
        int payload = base64UrlRun(s, header + 1);
        if (payload - header - 1 < 10 || payload >= s.length() || s.charAt(payload) != '.') {
            return NO_MATCH;
        }
        return range(i, base64UrlRun(s, payload + 1)); // the signature may be empty (alg "none")
    }

    // ---- AWS access key IDs and Google API keys

    private static long cloudKey(String s, int i) {
        if (i > 0 && isAlnum(s.charAt(i - 1))) {
            return NO_MATCH;
        }
        if (s.startsWith("AIza", i)) {
            int end = i + 4 + 35;
            if (end <= s.length() && allMatch(s, i + 4, end, SecretPatterns::isBase64Url)
                    && (end == s.length() || !isBase64Url(s.charAt(end)))) {
                return range(i, end);
            }
            return NO_MATCH;
        }
        for (String prefix : AWS_PREFIXES) {
            if (s.startsWith(prefix, i)) {
                int end = i + 20;
                if (end <= s.length() && allMatch(s, i + 4, end, SecretPatterns::isUpperOrDigit)
                        && (end == s.length() || !isAlnum(s.charAt(end)))) {
                    return range(i, end);
                }
                return NO_MATCH;
            }
        }
        return NO_MATCH;
    }

    // ---- GitHub, Slack, Stripe

    private static long vendorToken(String s, int i) {
        if (i + 1 >= s.length() || i > 0 && isAlnum(s.charAt(i - 1))) {
            return NO_MATCH;
        }
        char c = s.charAt(i);
        char next = s.charAt(i + 1);
        if (next != (c == 'g' ? 'h' : c == 'x' ? 'o' : 'k') && !(c == 'g' && next == 'i' || c == 'x' && next == 'a')) {
            return NO_MATCH;
        }
        if (c == 'g') {
            if (s.startsWith("github_pat_", i)) {
                return atLeast(s, i, i + 11, 22, SecretPatterns::isWordChar);
            }
            if (i + 4 <= s.length() && s.charAt(i + 1) == 'h' && "pousr".indexOf(s.charAt(i + 2)) >= 0
                    && s.charAt(i + 3) == '_') {
                return atLeast(s, i, i + 4, 36, SecretPatterns::isAlnum);
            }
        } else if (c == 'x') {
            if (i + 5 <= s.length() && s.startsWith("xox", i) && "abprs".indexOf(s.charAt(i + 3)) >= 0
                    && s.charAt(i + 4) == '-') {
                return atLeast(s, i, i + 5, 10, ch -> isAlnum(ch) || ch == '-');
            }
            if (s.startsWith("xapp-", i)) {
                return atLeast(s, i, i + 5, 10, ch -> isAlnum(ch) || ch == '-');
            }
        } else if (s.startsWith("k_live_", i + 1) || s.startsWith("k_test_", i + 1)) {
            return atLeast(s, i, i + 8, 16, SecretPatterns::isAlnum);
        }
        return NO_MATCH;
    }

    /** From {@code start} through a run of {@code body} beginning at {@code from}, if that run is long enough. */
    private static long atLeast(String s, int start, int from, int minimum, CharTest body) {
        int end = from;
        while (end < s.length() && body.test(s.charAt(end))) {
            end++;
        }
        return end - from >= minimum ? range(start, end) : NO_MATCH;
    }

    // ---- Authorization schemes

    private long bearer(String s, int i) {
        if (i + 6 >= s.length() || i > 0 && isAlnum(s.charAt(i - 1))) {
            return NO_MATCH;
        }
        char next = s.charAt(i + 1);
        if (next != 'e' && next != 'E' && next != 'a' && next != 'A') {
            return NO_MATCH;
        }
        boolean isBearer = s.regionMatches(true, i, "bearer ", 0, 7);
        boolean isBasic = !isBearer && s.regionMatches(true, i, "basic ", 0, 6);
        if (!isBearer && !isBasic) {
            return NO_MATCH;
        }
        int start = i + (isBearer ? 7 : 6);
        while (start < s.length() && s.charAt(start) == ' ') {
            start++;
        }
        int end = start;
        while (end < s.length() && isTokenChar(s.charAt(end))) {
            end++;
        }
        while (end < s.length() && s.charAt(end) == '=') {
            end++;
        }
        if (end == start) {
            return NO_MATCH;
        }
        if (isBearer) {
            return end - start >= 16 && looksRandom(s, start, end) ? range(start, end) : NO_MATCH;
        }
        return isBasicCredentials(s.substring(start, end)) ? range(start, end) : NO_MATCH;
    }

    /** A digit or an upper-case letter after the first: an English word has neither. */
    private static boolean looksRandom(String s, int start, int end) {
        for (int k = start; k < end; k++) {
            char c = s.charAt(k);
            if (c >= '0' && c <= '9' || k > start && c >= 'A' && c <= 'Z') {
                return true;
            }
        }
        return false;
    }

    private static boolean isBasicCredentials(String encoded) {
        if (encoded.length() < 4) {
            return false;
        }
        try {
            byte[] decoded = Base64.getDecoder().decode(encoded);
            for (byte b : decoded) {
                if (b == ':') {
                    return true;
                }
            }
            return false;
        } catch (IllegalArgumentException notBase64) {
            return false;
        }
    }

    // ---- PEM private keys: the whole block, or to the end when it was cut

    private static long privateKey(String s, int i) {
        if (!s.startsWith("-----BEGIN ", i)) {
            return NO_MATCH;
        }
        int headerEnd = s.indexOf("-----", i + 11);
        if (headerEnd < 0 || !s.substring(i + 11, headerEnd).endsWith("PRIVATE KEY")) {
            return NO_MATCH;
        }
        int footer = s.indexOf("-----END ", headerEnd + 5);
        if (footer < 0) {
            return range(i, s.length());
        }
        int footerEnd = s.indexOf("-----", footer + 9);
        return range(i, footerEnd < 0 ? s.length() : footerEnd + 5);
    }

    // ---- scheme://user:password@host

    private static long urlCredentials(String s, int from) {
        int colon = -1;
        for (int k = from; k < s.length(); k++) {
            char c = s.charAt(k);
            if (c == '@') {
                return colon > 0 && k > colon + 1 ? range(colon + 1, k) : NO_MATCH;
            }
            if (c == '/' || c == '?' || c == '#' || Character.isWhitespace(c)) {
                return NO_MATCH;
            }
            if (c == ':' && colon < 0) {
                colon = k;
            }
        }
        return NO_MATCH;
    }

    // ---- key=value, key: value, "key": "value"

    private long inlineKey(String s, int sep) {
        int keyEnd = sep;
        while (keyEnd > 0 && s.charAt(keyEnd - 1) == ' ') {
            keyEnd--;
        }
        if (keyEnd > 0 && (s.charAt(keyEnd - 1) == '"' || s.charAt(keyEnd - 1) == '\'')) {
            keyEnd--;
        }
        int keyStart = keyEnd;
        boolean letter = false;
        while (keyStart > 0 && sep - keyStart < MAX_KEY_LENGTH && isKeyChar(s.charAt(keyStart - 1))) {
            keyStart--;
            letter |= Character.isLetter(s.charAt(keyStart));
        }
        if (keyEnd - keyStart < 3 || !letter || !keys.isSensitive(s, keyStart, keyEnd)) {
            return NO_MATCH;
        }
        int start = sep + 1;
        while (start < s.length() && s.charAt(start) == ' ') {
            start++;
        }
        if (start >= s.length()) {
            return NO_MATCH;
        }
        char quote = s.charAt(start);
        if (quote == '"' || quote == '\'') {
            int end = start + 1;
            while (end < s.length() && s.charAt(end) != quote) {
                end += s.charAt(end) == '\\' ? 2 : 1;
            }
            end = Math.min(end, s.length());
            return end > start + 1 && !s.startsWith(marker, start + 1) ? range(start + 1, end) : NO_MATCH;
        }
        int end = valueEnd(s, start);
        if (isSchemeWord(s, start, end) && end < s.length() && s.charAt(end) == ' ') {
            int credentials = end;
            while (credentials < s.length() && s.charAt(credentials) == ' ') {
                credentials++;
            }
            int credentialsEnd = valueEnd(s, credentials);
            if (credentialsEnd > credentials) {
                return range(credentials, credentialsEnd);
            }
        }
        return end > start && !s.startsWith(marker, start) ? range(start, end) : NO_MATCH;
    }

    private static int valueEnd(String s, int start) {
        int end = start;
        while (end < s.length() && !isValueTerminator(s.charAt(end))) {
            end++;
        }
        return end;
    }

    private static boolean isSchemeWord(String s, int start, int end) {
        int len = end - start;
        return len == 6 && s.regionMatches(true, start, "bearer", 0, 6)
                || len == 5 && s.regionMatches(true, start, "basic", 0, 5)
                || len == 6 && s.regionMatches(true, start, "digest", 0, 6)
                || len == 5 && s.regionMatches(true, start, "token", 0, 5);
    }

    // ---- card numbers

    /**
     * Digits from {@code i}, in groups of 3–6 when grouped by single spaces or dashes; the longest run of groups
     * with 13–19 digits that passes the Luhn check and is not followed by another letter or digit.
     */
    private static long card(String s, int i) {
        int n = s.length();
        long best = NO_MATCH;
        int digits = 0;
        int k = i;
        boolean grouped = false;
        while (k < n) {
            int groupStart = k;
            while (k < n && isDigit(s.charAt(k))) {
                k++;
            }
            int groupLength = k - groupStart;
            digits += groupLength;
            boolean separatorFollows = k + 1 < n && (s.charAt(k) == ' ' || s.charAt(k) == '-')
                    && isDigit(s.charAt(k + 1));
            grouped |= separatorFollows;
            if (grouped && (groupLength < 3 || groupLength > 6) || digits > 19) {
                break;
            }
            if (digits >= 13 && (k == n || !isAlnum(s.charAt(k))) && luhn(s, i, k)) {
                best = range(i, k);
            }
            if (!separatorFollows) {
                break;
            }
            k++;
        }
        return best;
    }

    private static boolean luhn(String s, int from, int to) {
        int sum = 0;
        boolean twice = false;
        for (int k = to - 1; k >= from; k--) {
            char c = s.charAt(k);
            if (!isDigit(c)) {
                continue;
            }
            int d = c - '0';
            if (twice) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            twice = !twice;
        }
        return sum % 10 == 0;
    }

    private static int skipDigitRun(String s, int i) {
        int k = i;
        while (k < s.length() && isDigit(s.charAt(k))) {
            k++;
        }
        return k;
    }

    // ---- user patterns

    private String customPattern(Pattern p, String text, Found found) {
        Matcher m = p.matcher(text);
        if (!m.find()) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        int copied = 0;
        do {
            boolean group = m.groupCount() >= 1 && m.start(1) >= 0;
            int start = group ? m.start(1) : m.start();
            int end = group ? m.end(1) : m.end();
            if (end > start && start >= copied) {
                out.append(text, copied, start).append(marker);
                copied = end;
                found.found(RedactionReason.CUSTOM);
            }
        } while (m.find());
        return out.append(text, copied, text.length()).toString();
    }

    // ---- characters

    @FunctionalInterface
    private interface CharTest {
        boolean test(char c);
    }

    private static boolean allMatch(String s, int from, int to, CharTest test) {
        for (int k = from; k < to; k++) {
            if (!test.test(s.charAt(k))) {
                return false;
            }
        }
        return true;
    }

    private static int base64UrlRun(String s, int from) {
        int k = from;
        while (k < s.length() && isBase64Url(s.charAt(k))) {
            k++;
        }
        return k;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isAlnum(char c) {
        return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
    }

    private static boolean isUpperOrDigit(char c) {
        return c >= '0' && c <= '9' || c >= 'A' && c <= 'Z';
    }

    private static boolean isWordChar(char c) {
        return isAlnum(c) || c == '_';
    }

    private static boolean isBase64Url(char c) {
        return isAlnum(c) || c == '-' || c == '_';
    }

    private static boolean isTokenChar(char c) {
        return isAlnum(c) || c == '-' || c == '.' || c == '_' || c == '~' || c == '+' || c == '/';
    }

    private static boolean isKeyChar(char c) {
        return isAlnum(c) || c == '_' || c == '-' || c == '.';
    }

    private static boolean isValueTerminator(char c) {
        return Character.isWhitespace(c) || c == '&' || c == ';' || c == ',' || c == '"' || c == '\''
                || c == '<' || c == '>' || c == ')' || c == ']' || c == '}' || c == '|';
    }
}
