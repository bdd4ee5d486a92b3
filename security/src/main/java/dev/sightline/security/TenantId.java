package dev.sightline.security;

import java.util.regex.Pattern;

/**
 * Tenant names. They become directory names under the data directory, so the alphabet is deliberately small:
 * nothing that could climb out of it ({@code ..}, {@code /}) or differ only by case on another file system.
 */
public final class TenantId {
    /** The tenant of everything when no tokens are configured, and of tokens that name none. */
    public static final String DEFAULT = "default";

    private static final Pattern VALID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");

    private TenantId() {
    }

    public static boolean isValid(String tenant) {
        return tenant != null && VALID.matcher(tenant).matches();
    }

    /** @throws IllegalArgumentException saying what a tenant name may contain */
    public static String require(String tenant) {
        if (!isValid(tenant)) {
            throw new IllegalArgumentException("invalid tenant '" + tenant
                    + "': use 1 to 63 characters of a-z, 0-9, '-' and '_', starting with a letter or digit");
        }
        return tenant;
    }
}
