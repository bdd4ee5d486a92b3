package dev.sightline.alerting.config;

import java.time.Instant;

/** A file that was refused, and since when; the previous valid definitions stay active meanwhile. */
public record ConfigProblem(String file, int line, String reason, Instant since) {
    static ConfigProblem of(ConfigException e, Instant now) {
        return new ConfigProblem(e.file(), e.line(), e.reason(), now);
    }

    public String message() {
        return line > 0 ? file + ":" + line + ": " + reason : file + ": " + reason;
    }
}
