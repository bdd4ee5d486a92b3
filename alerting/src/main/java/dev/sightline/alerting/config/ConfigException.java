package dev.sightline.alerting.config;

/**
 * A rule, SLO or runbook reference that cannot be loaded, with where it is: the file (as given), the 1-based line
 * (0 when the whole file is at fault) and the reason. The message reads {@code file:line: reason}, the way
 * compilers and promtool report, so editors can jump to it.
 */
public final class ConfigException extends Exception {
    private final String file;
    private final int line;
    private final String reason;

    public ConfigException(String file, int line, String reason) {
        super(line > 0 ? file + ":" + line + ": " + reason : file + ": " + reason);
        this.file = file;
        this.line = line;
        this.reason = reason;
    }

    public String file() {
        return file;
    }

    public int line() {
        return line;
    }

    public String reason() {
        return reason;
    }
}
