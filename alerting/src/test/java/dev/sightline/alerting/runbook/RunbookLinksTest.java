package dev.sightline.alerting.runbook;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a runbook tells someone to open must exist: every API path is documented in docs/api.md with the parameters
 * the runbook passes, every /q/ path in the README, every web UI page among the pages the web-ui module serves,
 * every setting in docs/configuration.md and every sightline_ metric among the meters the server registers. A
 * renamed parameter (errorsOnly for error) fails here, not at 2 am.
 */
class RunbookLinksTest {
    private static final Path REPO = Path.of("..");

    /**
     * Endpoints of the alerting module itself, which docs/api.md does not describe yet. Their parameters are not
     * checked; once docs/api.md has them, its section is used instead.
     */

    private static final Pattern API_HEADING =
            Pattern.compile("^### `GET (/api/[^`?\\s]*)(\\?[^`]*)?`", Pattern.MULTILINE);
    /** Endpoints documented in a table row, a list item or a paragraph: the line (paragraph) is their section. */
    private static final Pattern INLINE_ENDPOINT = Pattern.compile("`GET (/api/[^`?\\s]*)(\\?[^`]*)?`");
    private static final Pattern REFERENCE = Pattern.compile("(?<![\\w/.])/(?:api|q)/[^\\s`)\\]>]*");
    /** A path of the web UI: not part of a longer path or URL ({@code /api/alerts} is the API's). */
    private static final Pattern UI_REFERENCE = Pattern.compile("(?<![\\w/.:])/(?:services|service-graph|traces|"
            + "logs|metrics|slos|alerts|runbooks|find|correlations)(?:/[^\\s`)\\]>?#]*)?");
    private static final Pattern JAX_RS_PATH = Pattern.compile("@Path\\(\"([^\"]*)\"\\)");
    private static final Pattern SETTING = Pattern.compile("sightline\\.[a-z0-9-]+(?:\\.[a-z0-9-]+)+");
    private static final Pattern METRIC = Pattern.compile("\\bsightline_[a-z_]+[a-z]");

    /** A documented endpoint and the text of its section, where its parameters are named. */
    private record Endpoint(String template, String section) {
        boolean matches(String path) {
            String[] want = template.split("/");
            String[] have = path.split("/");
            if (want.length != have.length) {
                return false;
            }
            for (int i = 0; i < want.length; i++) {
                if (!want[i].startsWith("{") && !want[i].equals(have[i])) {
                    return false;
                }
            }
            return true;
        }

        boolean documents(String parameter) {
            return section.contains("`" + parameter + "`") || section.contains(parameter + "=");
        }
    }

    @Test
    void everyApiPathAndParameterIsDocumented() throws IOException {
        List<Endpoint> endpoints = documentedEndpoints();
        assertThat(endpoints).extracting(Endpoint::template)
                .contains("/api/traces", "/api/logs", "/api/signals/{service}", "/api/service-graph");
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, String> runbook : runbooks().entrySet()) {
            List<String> apiReferences = references(runbook.getValue()).stream()
                    .filter(r -> r.startsWith("/api/")).toList();
            assertThat(apiReferences).as(runbook.getKey()).isNotEmpty();
            for (String reference : apiReferences) {
                String path = reference.split("\\?", 2)[0];
                Optional<Endpoint> documented = endpoints.stream().filter(e -> e.matches(path)).findFirst();
                if (documented.isEmpty()) {
                    problems.add(runbook.getKey() + ": " + reference + " is not in docs/api.md");
                    continue;
                }
                for (String parameter : parameters(reference)) {
                    if (!documented.get().documents(parameter)) {
                        problems.add(runbook.getKey() + ": " + reference + ": docs/api.md has no parameter "
                                + parameter + " for " + documented.get().template());
                    }
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void aMisnamedParameterIsCaught() throws IOException {
        Endpoint traceSearch = documentedEndpoints().stream().filter(e -> e.template().equals("/api/traces"))
                .findFirst().orElseThrow();
        assertThat(traceSearch.documents("error")).isTrue();
        assertThat(traceSearch.documents("errorsOnly")).isFalse();
        assertThat(parameters("/api/traces?service={service}&errorsOnly=true"))
                .containsExactly("service", "errorsOnly");
    }

    @Test
    void everyQuarkusPathIsOneTheReadmeLists() throws IOException {
        String readme = Files.readString(REPO.resolve("README.md"));
        for (Map.Entry<String, String> runbook : runbooks().entrySet()) {
            for (String reference : references(runbook.getValue())) {
                if (reference.startsWith("/q/")) {
                    assertThat(readme).as(runbook.getKey() + ": " + reference).contains("`" + reference + "`");
                }
            }
        }
    }

    @Test
    void everyWebUiPageIsOneTheWebUiServes() throws IOException {
        List<Endpoint> pages = uiPages();
        assertThat(pages).extracting(Endpoint::template).contains("/alerts", "/slos/{name}", "/runbooks/{name}");
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, String> runbook : runbooks().entrySet()) {
            for (String reference : all(UI_REFERENCE, runbook.getValue())) {
                String path = reference.replaceAll("[.,;:]+$", "");
                if (pages.stream().noneMatch(p -> p.matches(path))) {
                    problems.add(runbook.getKey() + ": " + path + " is not a page of the web UI");
                }
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void everySettingIsDocumented() throws IOException {
        String configuration = Files.readString(REPO.resolve("docs/configuration.md"));
        for (Map.Entry<String, String> runbook : runbooks().entrySet()) {
            for (String setting : all(SETTING, runbook.getValue())) {
                assertThat(configuration).as(runbook.getKey()).contains("`" + setting + "`");
            }
        }
    }

    @Test
    void everySightlineMetricIsRegisteredByTheServer() throws IOException {
        String sources = javaSources(REPO.resolve("server/src/main/java"))
                + javaSources(REPO.resolve("collector/src/main/java"));
        Set<String> metrics = new TreeSet<>();
        runbooks().values().forEach(text -> metrics.addAll(all(METRIC, text)));
        assertThat(metrics).contains("sightline_ingest_items_total", "sightline_index_lag_records");
        for (String metric : metrics) {
            // Micrometer's Prometheus names: dots become underscores, counters gain _total.
            String meter = metric.replaceFirst("_total$", "").replace('_', '.');
            assertThat(sources).as(metric).contains("\"" + meter + "\"");
        }
    }

    private static Map<String, String> runbooks() throws IOException {
        Map<String, String> texts = new LinkedHashMap<>();
        for (String name : RunbookBuiltInsTest.namesInRunbooksFolder()) {
            texts.put(name, Files.readString(RunbookBuiltInsTest.RUNBOOKS_FOLDER.resolve(name + ".md")));
        }
        return texts;
    }

    private static List<Endpoint> documentedEndpoints() throws IOException {
        String api = Files.readString(REPO.resolve("docs/api.md"));
        List<Endpoint> endpoints = new ArrayList<>();
        Matcher heading = API_HEADING.matcher(api);
        while (heading.find()) {
            int end = api.indexOf("\n#", heading.end());
            endpoints.add(new Endpoint(heading.group(1), api.substring(heading.start(), end < 0 ? api.length() : end)));
        }
        Matcher inline = INLINE_ENDPOINT.matcher(api);
        while (inline.find()) {
            int start = api.lastIndexOf("\n\n", inline.start());
            int end = api.indexOf("\n\n", inline.end());
            endpoints.add(new Endpoint(inline.group(1), api.substring(start < 0 ? 0 : start,
                    end < 0 ? api.length() : end)));
        }
        return endpoints;
    }

    /** The GET paths of the web-ui module's resources: a class's {@code @Path} joined with each method's. */
    private static List<Endpoint> uiPages() throws IOException {
        List<Endpoint> pages = new ArrayList<>();
        try (Stream<Path> files = Files.walk(REPO.resolve("web-ui/src/main/java"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String source = Files.readString(file);
                int classAt = source.indexOf(" class ");
                Matcher m = JAX_RS_PATH.matcher(source);
                String base = null;
                while (m.find()) {
                    if (m.start() < classAt) {
                        base = m.group(1);
                        pages.add(new Endpoint(join(base, ""), ""));
                    } else if (base != null) {
                        pages.add(new Endpoint(join(base, m.group(1)), ""));
                    }
                }
            }
        }
        return pages;
    }

    private static String join(String base, String path) {
        String joined = ("/" + base + "/" + path).replaceAll("/+", "/");
        return joined.length() > 1 && joined.endsWith("/") ? joined.substring(0, joined.length() - 1) : joined;
    }

    private static List<String> references(String markdown) {
        return all(REFERENCE, markdown).stream().map(r -> r.replaceAll("[.,;:]+$", "")).toList();
    }

    private static List<String> parameters(String reference) {
        String[] parts = reference.split("\\?", 2);
        if (parts.length < 2) {
            return List.of();
        }
        return Stream.of(parts[1].split("&")).map(p -> p.split("=", 2)[0]).toList();
    }

    private static List<String> all(Pattern pattern, String text) {
        List<String> found = new ArrayList<>();
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            found.add(m.group());
        }
        return found;
    }

    private static String javaSources(Path root) throws IOException {
        StringBuilder text = new StringBuilder();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                text.append(Files.readString(file));
            }
        }
        return text.toString();
    }
}
