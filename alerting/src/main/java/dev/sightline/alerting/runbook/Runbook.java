package dev.sightline.alerting.runbook;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A runbook: what to do when an alert fires. Rules name it by {@code name}, the file name without {@code .md}.
 *
 * @param name     lower-case letters, digits and {@code -}, starting with a letter or digit
 * @param title    the text of the first level-1 heading, or the name when there is none
 * @param markdown the source, CommonMark with GitHub tables
 * @param origin   {@link #BUILT_IN}, or the user folder the file was read from
 */
public record Runbook(String name, String title, String markdown, String origin) {
    public static final String BUILT_IN = "built-in";
    /** Names go into URLs and alert annotations: short keeps both readable. */
    public static final int MAX_NAME_LENGTH = 64;
    public static final String NAME_RULE = "a runbook name is lower-case letters, digits and '-', starting with a "
            + "letter or digit, at most " + MAX_NAME_LENGTH + " characters";

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]*");

    public Runbook {
        if (!isValidName(name)) {
            throw new IllegalArgumentException(NAME_RULE + ": " + name);
        }
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(markdown, "markdown");
        Objects.requireNonNull(origin, "origin");
    }

    public static boolean isValidName(String name) {
        return name != null && name.length() <= MAX_NAME_LENGTH && NAME.matcher(name).matches();
    }

    public boolean isBuiltIn() {
        return BUILT_IN.equals(origin);
    }
}
