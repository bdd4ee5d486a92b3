package dev.sightline.alerting.runbook;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The runbooks shipped in the alerting jar, copied there from the repository's {@code runbooks/} folder.
 * A jar (and Quarkus' fast-jar class loader) cannot list a resource folder, so the names are written down here;
 * a test keeps this list and the folder in step.
 */
public final class BuiltInRunbooks {
    /** One per built-in alert kind, sorted. */
    public static final List<String> NAMES = List.of(
            "high-error-rate",
            "high-latency",
            "ingest-overload",
            "saturation",
            "slo-fast-burn",
            "slo-slow-burn");

    static final String RESOURCE_FOLDER = "runbooks/";

    private BuiltInRunbooks() {
    }

    /**
     * Every built-in runbook by name. Throws when one is missing: a jar built without them would leave every
     * alert pointing nowhere, which must stop the start, not surface at 2 am.
     */
    static Map<String, Runbook> load(RunbookRenderer renderer) {
        ClassLoader loader = BuiltInRunbooks.class.getClassLoader();
        Map<String, Runbook> runbooks = new LinkedHashMap<>();
        for (String name : NAMES) {
            String resource = RESOURCE_FOLDER + name + ".md";
            try (InputStream in = loader.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("built-in runbook " + name + " is missing from the classpath ("
                            + resource + "); the alerting jar must be built with ../runbooks");
                }
                String markdown = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                runbooks.put(name, renderer.runbook(name, markdown, Runbook.BUILT_IN));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read built-in runbook " + resource, e);
            }
        }
        return Map.copyOf(runbooks);
    }
}
