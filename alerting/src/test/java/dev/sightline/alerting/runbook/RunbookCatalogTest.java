package dev.sightline.alerting.runbook;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.NoSuchElementException;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RunbookCatalogTest {
    @TempDir
    Path folder;

    private RunbookCatalog catalog() {
        return new RunbookCatalog(Optional.of(folder));
    }

    private void write(String fileName, String text) throws IOException {
        Files.writeString(folder.resolve(fileName), text);
    }

    @Test
    void withoutAUserFolderThereAreTheBuiltInsOnly() {
        RunbookCatalog catalog = new RunbookCatalog(Optional.empty());
        assertThat(catalog.all()).extracting(Runbook::name).containsExactlyElementsOf(BuiltInRunbooks.NAMES);
        assertThat(catalog.exists("high-latency")).isTrue();
        assertThat(catalog.exists("disk-full")).isFalse();
        assertThat(catalog.problems()).isEmpty();
    }

    @Test
    void aUserRunbookReplacesTheBuiltInOfTheSameNameAndANewOneIsAdded() throws IOException {
        write("high-latency.md", "# Our latency runbook\n\nCall Ana.\n");
        write("disk-full.md", "# Disk full\n");
        RunbookCatalog catalog = catalog();

        Runbook latency = catalog.find("high-latency").orElseThrow();
        assertThat(latency.title()).isEqualTo("Our latency runbook");
        assertThat(latency.origin()).isEqualTo(folder.toString());
        assertThat(latency.isBuiltIn()).isFalse();
        assertThat(catalog.html("high-latency")).contains("<p>Call Ana.</p>");
        assertThat(catalog.find("disk-full").orElseThrow().title()).isEqualTo("Disk full");
        assertThat(catalog.find("saturation").orElseThrow().isBuiltIn()).isTrue();
        assertThat(catalog.all()).extracting(Runbook::name)
                .isSorted()
                .containsOnlyOnce("high-latency")
                .contains("disk-full", "slo-fast-burn")
                .hasSize(BuiltInRunbooks.NAMES.size() + 1);
    }

    @Test
    void filesWithInvalidNamesAreSkippedAndReported() throws IOException {
        write("Disk-Full.md", "# x");
        write("-leading-dash.md", "# x");
        write("under_score.md", "# x");
        write("a".repeat(Runbook.MAX_NAME_LENGTH + 1) + ".md", "# x");
        write("ok.MD", "# x");
        write("notes.txt", "not markdown");
        write("README.md", "# About this folder");
        Files.createDirectory(folder.resolve("folder.md"));
        RunbookCatalog catalog = catalog();

        assertThat(catalog.all()).hasSize(BuiltInRunbooks.NAMES.size());
        assertThat(catalog.problems()).hasSize(5)
                .allSatisfy(p -> assertThat(p).contains("skipped", Runbook.NAME_RULE))
                .anySatisfy(p -> assertThat(p).startsWith("Disk-Full.md"))
                .anySatisfy(p -> assertThat(p).startsWith("ok.MD"));
        assertThat(catalog.exists("readme")).isFalse();
    }

    @Test
    void invalidNamesAreNeverFound() {
        RunbookCatalog catalog = new RunbookCatalog(Optional.empty());
        for (String name : new String[] {null, "", "High-Latency", "../high-latency", "high-latency.md", "-x", "a b"}) {
            assertThat(catalog.exists(name)).as(name).isFalse();
            assertThat(catalog.find(name)).as(name).isEmpty();
        }
        assertThatThrownBy(() -> new Runbook("Bad", "t", "", Runbook.BUILT_IN))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aFileOverOneMebibyteIsRefused() throws IOException {
        write("huge.md", "#".repeat((int) UserRunbookFolder.MAX_FILE_BYTES + 1));
        write("just-fits.md", "#".repeat((int) UserRunbookFolder.MAX_FILE_BYTES));
        RunbookCatalog catalog = catalog();
        assertThat(catalog.exists("huge")).isFalse();
        assertThat(catalog.exists("just-fits")).isTrue();
        assertThat(catalog.problems()).singleElement().asString().startsWith("huge.md").contains("larger than");
    }

    @Test
    void aFileThatIsNotUtf8IsRefused() throws IOException {
        Files.write(folder.resolve("latin1.md"), "# Caf\u00e9".getBytes(StandardCharsets.ISO_8859_1));
        RunbookCatalog catalog = catalog();
        assertThat(catalog.exists("latin1")).isFalse();
        assertThat(catalog.problems()).singleElement().asString().contains("not UTF-8");
    }

    @Test
    void aByteOrderMarkDoesNotHideTheTitle() throws IOException {
        write("bom.md", "\uFEFF# With a BOM\n");
        assertThat(catalog().find("bom").orElseThrow().title()).isEqualTo("With a BOM");
    }

    @Test
    void addedChangedAndRemovedFilesAreSeenWithoutAReload() throws IOException {
        RunbookCatalog catalog = catalog();
        assertThat(catalog.exists("disk-full")).isFalse();

        write("disk-full.md", "# Disk full\n");
        assertThat(catalog.find("disk-full").orElseThrow().title()).isEqualTo("Disk full");

        write("disk-full.md", "# Disk full, second edition\n");
        assertThat(catalog.find("disk-full").orElseThrow().title()).isEqualTo("Disk full, second edition");

        write("high-latency.md", "# Ours\n");
        assertThat(catalog.find("high-latency").orElseThrow().title()).isEqualTo("Ours");
        Files.delete(folder.resolve("high-latency.md"));
        assertThat(catalog.find("high-latency").orElseThrow().isBuiltIn()).isTrue();

        Files.delete(folder.resolve("disk-full.md"));
        assertThat(catalog.exists("disk-full")).isFalse();
    }

    @Test
    void reloadReadsAnEditThatKeptTheSizeAndTime() throws IOException {
        write("disk-full.md", "# Version A\n");
        Path file = folder.resolve("disk-full.md");
        FileTime time = Files.getLastModifiedTime(file);
        RunbookCatalog catalog = catalog();
        assertThat(catalog.find("disk-full").orElseThrow().title()).isEqualTo("Version A");

        write("disk-full.md", "# Version B\n");
        Files.setLastModifiedTime(file, time);
        assertThat(catalog.find("disk-full").orElseThrow().title()).isEqualTo("Version A");

        catalog.reload();
        assertThat(catalog.find("disk-full").orElseThrow().title()).isEqualTo("Version B");
    }

    @Test
    void aMissingFolderFailsAtStartButOneRemovedLaterLeavesTheBuiltIns() throws IOException {
        assertThatThrownBy(() -> new RunbookCatalog(Optional.of(folder.resolve("typo"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("typo");

        Path own = Files.createDirectory(folder.resolve("own"));
        Files.writeString(own.resolve("disk-full.md"), "# Disk full");
        RunbookCatalog catalog = new RunbookCatalog(Optional.of(own));
        assertThat(catalog.exists("disk-full")).isTrue();

        Files.delete(own.resolve("disk-full.md"));
        Files.delete(own);
        assertThat(catalog.exists("disk-full")).isFalse();
        assertThat(catalog.exists("high-latency")).isTrue();
        assertThat(catalog.problems()).singleElement().asString().contains("cannot list");
    }

    @Test
    void htmlOfAnUnknownRunbookThrows() {
        assertThatThrownBy(() -> new RunbookCatalog(Optional.empty()).html("disk-full"))
                .isInstanceOf(NoSuchElementException.class).hasMessageContaining("disk-full");
    }
}
