package dev.sightline.alerting.config;

import dev.sightline.alerting.storage.AlertingDatabase;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The active definitions of one kind (SLOs or rules): those of a YAML file, reloaded when it changes, plus those
 * added through the API, kept in the alerting database. A file that does not load (bad YAML, unknown field, bad
 * expression, missing runbook) is refused as a whole and the previous valid set stays active, with the problem
 * reported by {@link #problem()} — the way Prometheus keeps its rules when a reload fails. A definition sent
 * through the API is parsed the same way, alone, and refused with the reason before it is stored.
 *
 * <p>Names are unique across file and API: the API cannot add a name the file has, and a file that takes a name
 * the API added wins (the API entry is reported as shadowed, not deleted).
 */
public final class DefinitionRegistry<T> {
    private static final Logger LOG = Logger.getLogger(DefinitionRegistry.class);
    /** Larger files are refused: a rule file is hand-written; megabytes of it are a mistake. */
    static final long MAX_FILE_BYTES = 4L * 1024 * 1024;
    /** Fixed paths beside /{name} in the API; a definition of that name could not be fetched there. */
    static final Set<String> RESERVED_NAMES = Set.of("config", "evaluate", "suggestions", "preview");

    private final String kind;
    private final Optional<Path> file;
    private final DefinitionParser<T> parser;
    private final Function<T, String> nameOf;
    private final AlertingDatabase db;
    private final Clock clock;

    private volatile Snapshot<T> snapshot;
    private FileTime loadedModified;
    private long loadedSize = -1;

    /** The active definitions and what was refused. */
    public record Snapshot<T>(List<T> fromFile, Map<String, T> fromApi, ConfigProblem problem) {
        public List<T> all() {
            List<T> out = new ArrayList<>(fromFile);
            out.addAll(fromApi.values());
            return out;
        }
    }

    /**
     * @param kind short name used in the database table and messages: {@code slo} or {@code rule}
     * @param file the definitions file, if configured; it may not exist yet
     */
    public DefinitionRegistry(String kind, Optional<Path> file, DefinitionParser<T> parser, Function<T, String> nameOf,
                              AlertingDatabase db, Clock clock) {
        this.kind = kind;
        this.file = file;
        this.parser = parser;
        this.nameOf = nameOf;
        this.db = db;
        this.clock = clock;
        db.createTables("CREATE TABLE IF NOT EXISTS api_definition (kind VARCHAR(16) NOT NULL, "
                + "name VARCHAR(256) NOT NULL, text CLOB NOT NULL, PRIMARY KEY (kind, name))");
        this.snapshot = new Snapshot<>(List.of(), loadApiDefinitions(), null);
        reloadIfChanged();
    }

    public Snapshot<T> snapshot() {
        return snapshot;
    }

    /** Every active definition: the file's, then the API's that the file does not shadow. */
    public List<T> active() {
        Snapshot<T> s = snapshot;
        Set<String> fileNames = new HashSet<>();
        for (T t : s.fromFile()) {
            fileNames.add(nameOf.apply(t));
        }
        List<T> out = new ArrayList<>(s.fromFile());
        s.fromApi().forEach((name, t) -> {
            if (!fileNames.contains(name)) {
                out.add(t);
            }
        });
        return out;
    }

    public ConfigProblem problem() {
        return snapshot.problem();
    }

    public Optional<Path> file() {
        return file;
    }

    /** Reads the file again if its size or modification time changed; returns whether the active set changed. */
    public synchronized boolean reloadIfChanged() {
        if (file.isEmpty()) {
            return false;
        }
        Path path = file.get();
        FileTime modified;
        long size;
        try {
            modified = Files.getLastModifiedTime(path);
            size = Files.size(path);
        } catch (NoSuchFileException e) {
            if (loadedSize == -1 && snapshot.fromFile().isEmpty()) {
                return false;
            }
            // The file went away: its definitions go with it, as if it were empty.
            loadedModified = null;
            loadedSize = -1;
            snapshot = new Snapshot<>(List.of(), snapshot.fromApi(), null);
            LOG.infof("%s file %s is gone; its definitions are removed", kind, path);
            return true;
        } catch (IOException e) {
            return refuse(new ConfigException(path.toString(), 0, "cannot read: " + e.getMessage()));
        }
        if (modified.equals(loadedModified) && size == loadedSize) {
            return false;
        }
        loadedModified = modified;
        loadedSize = size;
        try {
            if (size > MAX_FILE_BYTES) {
                throw new ConfigException(path.toString(), 0, "larger than " + MAX_FILE_BYTES + " bytes");
            }
            List<T> parsed = parser.parse(path.toString(), readUtf8(path));
            checkUnique(path.toString(), parsed);
            snapshot = new Snapshot<>(List.copyOf(parsed), snapshot.fromApi(), null);
            LOG.infof("loaded %d %s definition(s) from %s", parsed.size(), kind, path);
            return true;
        } catch (ConfigException e) {
            return refuse(e);
        }
    }

    private boolean refuse(ConfigException e) {
        LOG.errorf("%s file refused, keeping the previous %d definition(s): %s", kind, snapshot.fromFile().size(),
                e.getMessage());
        snapshot = new Snapshot<>(snapshot.fromFile(), snapshot.fromApi(), ConfigProblem.of(e, clock.instant()));
        return false;
    }

    /**
     * Parses {@code text} as one definition named {@code name} and stores it, replacing an earlier one of that name
     * sent through the API. Refused when it does not parse, holds other than one definition, names another, or
     * takes a name the file defines.
     */
    public synchronized T put(String name, String text) throws ConfigException {
        String source = "api:" + name;
        if (RESERVED_NAMES.contains(name)) {
            throw new ConfigException(source, 0, "'" + name + "' is a reserved path of the API; choose another name");
        }
        List<T> parsed = parser.parse(source, text);
        if (parsed.size() != 1) {
            throw new ConfigException(source, 0, "expected exactly one " + kind + ", got " + parsed.size());
        }
        T definition = parsed.get(0);
        if (!nameOf.apply(definition).equals(name)) {
            throw new ConfigException(source, 0, "the " + kind + " is named '" + nameOf.apply(definition)
                    + "', not '" + name + "' as in the path");
        }
        for (T t : snapshot.fromFile()) {
            if (nameOf.apply(t).equals(name)) {
                throw new ConfigException(source, 0, "'" + name + "' is defined in "
                        + file.map(Path::toString).orElse("the file") + "; change it there");
            }
        }
        try (Connection c = db.connection();
             PreparedStatement ps = c.prepareStatement("MERGE INTO api_definition (kind, name, text) KEY (kind, name) "
                     + "VALUES (?, ?, ?)")) {
            ps.setString(1, kind);
            ps.setString(2, name);
            ps.setString(3, text);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot store " + kind + " '" + name + "': " + e.getMessage(), e);
        }
        Map<String, T> api = new LinkedHashMap<>(snapshot.fromApi());
        api.put(name, definition);
        snapshot = new Snapshot<>(snapshot.fromFile(), Collections.unmodifiableMap(new TreeMap<>(api)), snapshot.problem());
        return definition;
    }

    /** Removes a definition added through the API; false when there was none of that name. */
    public synchronized boolean delete(String name) {
        try (Connection c = db.connection();
             PreparedStatement ps = c.prepareStatement("DELETE FROM api_definition WHERE kind = ? AND name = ?")) {
            ps.setString(1, kind);
            ps.setString(2, name);
            if (ps.executeUpdate() == 0) {
                return false;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot delete " + kind + " '" + name + "': " + e.getMessage(), e);
        }
        Map<String, T> api = new LinkedHashMap<>(snapshot.fromApi());
        api.remove(name);
        snapshot = new Snapshot<>(snapshot.fromFile(), Collections.unmodifiableMap(new TreeMap<>(api)), snapshot.problem());
        return true;
    }

    /** Whether {@code name} came from the API (and so can be changed or deleted there). */
    public boolean isFromApi(String name) {
        return snapshot.fromApi().containsKey(name);
    }

    private Map<String, T> loadApiDefinitions() {
        Map<String, T> out = new LinkedHashMap<>();
        try (Connection c = db.connection();
             PreparedStatement ps = c.prepareStatement("SELECT name, text FROM api_definition WHERE kind = ? "
                     + "ORDER BY name")) {
            ps.setString(1, kind);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String name = rs.getString(1);
                    try {
                        List<T> parsed = parser.parse("api:" + name, rs.getString(2));
                        if (parsed.size() == 1) {
                            out.put(name, parsed.get(0));
                        }
                    } catch (ConfigException e) {
                        // Stored when valid; invalid now means a runbook went away or the rules changed meaning.
                        LOG.errorf("%s '%s' stored through the API no longer loads, skipped: %s", kind, name,
                                e.getMessage());
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read " + kind + " definitions: " + e.getMessage(), e);
        }
        return Collections.unmodifiableMap(new TreeMap<>(out));
    }

    private void checkUnique(String source, List<T> parsed) throws ConfigException {
        Set<String> seen = new HashSet<>();
        for (T t : parsed) {
            if (!seen.add(nameOf.apply(t))) {
                throw new ConfigException(source, 0, "two " + kind + "s are named '" + nameOf.apply(t) + "'");
            }
        }
    }

    private static String readUtf8(Path path) throws ConfigException {
        try {
            byte[] bytes = Files.readAllBytes(path);
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new ConfigException(path.toString(), 0, "not valid UTF-8");
        } catch (IOException e) {
            throw new ConfigException(path.toString(), 0, "cannot read: " + e.getMessage());
        }
    }
}
