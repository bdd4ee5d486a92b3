package dev.sightline.alerting.runbook;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Every runbook an alert can name: the built-in ones, plus those of an optional user folder, which add to them or
 * replace one of the same name. The user folder is checked for changes at each lookup. Thread-safe.
 *
 * <p>Not final so that a normal-scoped CDI producer can proxy it.
 */
public class RunbookCatalog {
    private final RunbookRenderer renderer = new RunbookRenderer();
    private final Map<String, Runbook> builtIns;
    private final Optional<UserRunbookFolder> userFolder;

    /**
     * @param userFolder a folder of {@code name.md} files; it must exist
     * @throws IllegalArgumentException when the user folder is not a directory
     * @throws IllegalStateException    when the built-in runbooks are missing from the classpath
     */
    public RunbookCatalog(Optional<Path> userFolder) {
        this.builtIns = BuiltInRunbooks.load(renderer);
        this.userFolder = userFolder.map(folder -> new UserRunbookFolder(folder, renderer));
    }

    /** False for names that are not valid runbook names, too. */
    public boolean exists(String name) {
        return find(name).isPresent();
    }

    public Optional<Runbook> find(String name) {
        if (!Runbook.isValidName(name)) {
            return Optional.empty();
        }
        Optional<Runbook> own = userFolder.map(f -> f.current().runbooks().get(name));
        return own.isPresent() ? own : Optional.ofNullable(builtIns.get(name));
    }

    /** Sorted by name; a user runbook in place of the built-in one it replaces. */
    public List<Runbook> all() {
        Map<String, Runbook> merged = new TreeMap<>(builtIns);
        userFolder.ifPresent(f -> merged.putAll(f.current().runbooks()));
        return List.copyOf(merged.values());
    }

    /**
     * The runbook rendered as an HTML fragment.
     *
     * @throws NoSuchElementException when there is no runbook of that name
     */
    public String html(String name) {
        return renderer.fragment(find(name).orElseThrow(() -> new NoSuchElementException("no runbook " + name))
                .markdown());
    }

    /** Files of the user folder that were skipped, and why; empty without a user folder. */
    public List<String> problems() {
        return userFolder.map(f -> f.current().problems()).orElse(List.of());
    }

    /** Re-reads the user folder even if no file seems changed (an edit within the file system's time grain). */
    public void reload() {
        userFolder.ifPresent(UserRunbookFolder::reload);
    }

    public RunbookRenderer renderer() {
        return renderer;
    }
}
