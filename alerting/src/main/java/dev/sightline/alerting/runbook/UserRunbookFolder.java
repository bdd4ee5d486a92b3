package dev.sightline.alerting.runbook;

import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The runbooks in a folder the user configured, re-read when it changes. Every lookup lists the folder (one
 * directory read and a stat per {@code .md} file, cheap next to the HTTP request or rule load that asks) and
 * re-reads it when a file was added, removed, or changed size or modification time, so an edit applies without a
 * restart. The listing is taken before the files are read: a file changed while being read differs from the
 * stored listing at the next lookup and is read again. Thread-safe.
 */
final class UserRunbookFolder {
    private static final Logger LOG = Logger.getLogger(UserRunbookFolder.class);

    /** A runbook is a page of text; anything bigger is a mistake (a log, a binary) and would be rendered per view. */
    static final long MAX_FILE_BYTES = 1024 * 1024;

    private final Path folder;
    private final String origin;
    private final RunbookRenderer renderer;
    private Listing listing;
    private Contents contents;

    /** A file's identity as far as change detection goes. */
    private record FileStamp(String fileName, long size, FileTime modified) {
    }

    /** What listing the folder found; {@code error} when it could not be listed (deleted, unreadable). */
    private record Listing(List<FileStamp> files, String error) {
    }

    /** The folder's valid runbooks by name, and a sentence for each file that was skipped. */
    record Contents(Map<String, Runbook> runbooks, List<String> problems) {
        Contents {
            runbooks = Map.copyOf(runbooks);
            problems = List.copyOf(problems);
        }
    }

    /** Throws when the folder does not exist: a mistyped setting must not pass as "no user runbooks". */
    UserRunbookFolder(Path folder, RunbookRenderer renderer) {
        if (!Files.isDirectory(folder)) {
            throw new IllegalArgumentException("the runbook folder " + folder + " is not a directory");
        }
        this.folder = folder;
        this.origin = folder.toString();
        this.renderer = renderer;
        reload();
    }

    synchronized Contents current() {
        Listing now = list();
        if (!now.equals(listing)) {
            read(now);
        }
        return contents;
    }

    synchronized Contents reload() {
        read(list());
        return contents;
    }

    private Listing list() {
        List<FileStamp> files = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
            for (Path entry : entries) {
                String fileName = entry.getFileName().toString();
                String lower = fileName.toLowerCase(Locale.ROOT);
                // A README explains the folder (as in the repository's runbooks/); it is not a runbook.
                if (!lower.endsWith(".md") || lower.equals("readme.md")) {
                    continue;
                }
                try {
                    BasicFileAttributes attributes = Files.readAttributes(entry, BasicFileAttributes.class);
                    if (attributes.isRegularFile()) {
                        files.add(new FileStamp(fileName, attributes.size(), attributes.lastModifiedTime()));
                    }
                } catch (IOException e) {
                    // Gone between listing and stat (an editor's save by rename): the next lookup sees the new file.
                }
            }
        } catch (IOException e) {
            return new Listing(List.of(), "cannot list the runbook folder " + folder + ": " + e);
        }
        files.sort(Comparator.comparing(FileStamp::fileName));
        return new Listing(List.copyOf(files), null);
    }

    private void read(Listing listed) {
        Map<String, Runbook> runbooks = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        if (listed.error() != null) {
            problems.add(listed.error());
        }
        for (FileStamp file : listed.files()) {
            String name = file.fileName().substring(0, file.fileName().length() - 3);
            if (!file.fileName().endsWith(".md") || !Runbook.isValidName(name)) {
                problems.add(file.fileName() + ": skipped, " + Runbook.NAME_RULE);
                continue;
            }
            try {
                String markdown = readText(folder.resolve(file.fileName()));
                runbooks.put(name, renderer.runbook(name, markdown, origin));
            } catch (TooLargeException e) {
                problems.add(file.fileName() + ": skipped, larger than " + MAX_FILE_BYTES + " bytes");
            } catch (CharacterCodingException e) {
                problems.add(file.fileName() + ": skipped, not UTF-8 text");
            } catch (IOException e) {
                problems.add(file.fileName() + ": skipped, cannot be read: " + e);
            }
        }
        listing = listed;
        contents = new Contents(runbooks, problems);
        problems.forEach(p -> LOG.warnf("runbooks in %s: %s", folder, p));
        LOG.infof("%d runbooks read from %s", runbooks.size(), folder);
    }

    private static String readText(Path file) throws IOException {
        byte[] bytes;
        // Bounded read, not the listed size: the file may have grown since.
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes((int) MAX_FILE_BYTES + 1);
        }
        if (bytes.length > MAX_FILE_BYTES) {
            throw new TooLargeException();
        }
        String text = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes)).toString();
        // Editors on Windows may start the file with a byte-order mark, which would hide the title heading.
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    private static final class TooLargeException extends IOException {
        TooLargeException() {
            super(null, null);
        }
    }
}
