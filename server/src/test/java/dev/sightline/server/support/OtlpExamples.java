package dev.sightline.server.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The official OTLP JSON examples in ../shared/otlp-examples (the path comes from surefire). */
public final class OtlpExamples {
    private OtlpExamples() {
    }

    public static String read(String file) {
        String dir = System.getProperty("sightline.examples.dir", "../../shared/otlp-examples");
        try {
            return Files.readString(Path.of(dir, file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the OTLP example " + file + " from " + dir, e);
        }
    }
}
