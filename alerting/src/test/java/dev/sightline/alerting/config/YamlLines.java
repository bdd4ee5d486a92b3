package dev.sightline.alerting.config;

/** Lines as YAML counts them, for checking the line numbers in errors: NEL, LS and PS break lines too. */
public final class YamlLines {
    private YamlLines() {
    }

    public static int count(String text) {
        int lines = 1;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\u0085' || c == '\u2028' || c == '\u2029'
                    || (c == '\r' && (i + 1 == text.length() || text.charAt(i + 1) != '\n'))) {
                lines++;
            }
        }
        return lines;
    }
}
