package dev.sightline.alerting.runbook;

import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.Heading;
import org.commonmark.node.Text;
import org.commonmark.parser.Parser;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The runbooks shipped in the jar: the same set as the repository's runbooks/ folder, each complete. */
class RunbookBuiltInsTest {
    /** Surefire runs in the module folder. */
    static final Path RUNBOOKS_FOLDER = Path.of("..", "runbooks");

    private final RunbookCatalog catalog = new RunbookCatalog(Optional.empty());

    static List<String> namesInRunbooksFolder() throws IOException {
        try (Stream<Path> files = Files.list(RUNBOOKS_FOLDER)) {
            return files.map(f -> f.getFileName().toString())
                    .filter(f -> f.endsWith(".md") && !f.equals("README.md"))
                    .map(f -> f.substring(0, f.length() - 3))
                    .sorted()
                    .toList();
        }
    }

    @Test
    void theBuiltInListIsExactlyTheRunbooksFolder() throws IOException {
        assertThat(BuiltInRunbooks.NAMES).containsExactlyElementsOf(namesInRunbooksFolder());
    }

    @Test
    void everyBuiltInLoadsFromTheClasspathAsTheRepositoryHasIt() throws IOException {
        assertThat(catalog.all()).extracting(Runbook::name).containsExactlyElementsOf(BuiltInRunbooks.NAMES);
        for (Runbook runbook : catalog.all()) {
            assertThat(runbook.origin()).isEqualTo(Runbook.BUILT_IN);
            assertThat(runbook.markdown())
                    .as("%s in the jar is a stale copy; rebuild", runbook.name())
                    .isEqualTo(Files.readString(RUNBOOKS_FOLDER.resolve(runbook.name() + ".md")));
        }
    }

    @Test
    void everyBuiltInHasATitleAndTheFourSectionsInOrder() {
        for (Runbook runbook : catalog.all()) {
            assertThat(runbook.markdown()).as(runbook.name()).startsWith("# ");
            assertThat(runbook.title()).as(runbook.name()).isNotEqualTo(runbook.name()).isNotBlank();
            assertThat(sectionTitles(runbook.markdown())).as(runbook.name())
                    .containsSubsequence("Symptoms", "What to check", "Mitigations", "Escalation");
        }
    }

    @Test
    void theSloRunbooksExplainTheBurnRateArithmetic() {
        String fast = catalog.find("slo-fast-burn").orElseThrow().markdown();
        assertThat(fast).contains("14.4", "1 h", "5 m", "2 %", "6 h", "30 m", "5 %");
        String slow = catalog.find("slo-slow-burn").orElseThrow().markdown();
        assertThat(slow).contains("3×", "1 d", "2 h", "1×", "3 d", "10 %");
    }

    @Test
    void everyBuiltInRendersToHtmlWithItsSections() {
        for (String name : BuiltInRunbooks.NAMES) {
            assertThat(catalog.html(name)).contains("<h2>Symptoms</h2>", "<h2>Escalation</h2>");
        }
    }

    private static List<String> sectionTitles(String markdown) {
        List<String> titles = new ArrayList<>();
        Parser.builder().build().parse(markdown).accept(new AbstractVisitor() {
            @Override
            public void visit(Heading heading) {
                if (heading.getLevel() == 2 && heading.getFirstChild() instanceof Text text) {
                    titles.add(text.getLiteral());
                }
            }
        });
        return titles;
    }
}
