package dev.sightline.alerting.silence;

import dev.sightline.alerting.storage.AlertingDatabase;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Silences, kept in H2 and mirrored in memory: the engine asks {@link #silencing} for every alert every round, so
 * reads never touch the database; writes (a person creating or expiring a silence) are rare and go to both.
 * Expired silences are kept {@link #RETENTION} after their end, like Alertmanager's default data retention, then
 * deleted. Times are kept to the millisecond, as stored.
 */
public final class SilenceStore {
    /** How long an expired silence stays listed (Alertmanager's default {@code --data.retention}). */
    public static final Duration RETENTION = Duration.ofDays(5);

    private static final Comparator<Silence> BY_START = Comparator.comparing(Silence::startsAt)
            .thenComparing(s -> s.id().toString());

    private final AlertingDatabase db;
    private final Clock clock;
    private volatile List<Silence> snapshot;

    public SilenceStore(AlertingDatabase db, Clock clock) {
        this.db = db;
        this.clock = clock;
        db.createTables(
                "CREATE TABLE IF NOT EXISTS silence (id UUID PRIMARY KEY, starts_at BIGINT NOT NULL, "
                        + "ends_at BIGINT NOT NULL, created_by VARCHAR NOT NULL, comment VARCHAR NOT NULL, "
                        + "updated_at BIGINT NOT NULL)",
                "CREATE TABLE IF NOT EXISTS silence_matcher (silence_id UUID NOT NULL, position INT NOT NULL, "
                        + "name VARCHAR NOT NULL, op VARCHAR(2) NOT NULL, match_value VARCHAR NOT NULL, "
                        + "PRIMARY KEY (silence_id, position))");
        this.snapshot = load();
        purge(clock.instant());
    }

    /**
     * Creates a silence; a start in the past (or none) becomes now. Throws {@link InvalidSilenceException} naming
     * the field when the request breaks a rule of {@link Silence} or ends in the past.
     */
    public synchronized Silence create(SilenceRequest request) {
        Instant now = millis(clock.instant());
        Instant start = request.startsAt() == null || request.startsAt().isBefore(now) ? now
                : millis(request.startsAt());
        if (request.endsAt() == null) {
            throw new InvalidSilenceException("endsAt", "is required");
        }
        Instant end = millis(request.endsAt());
        if (!end.isAfter(now)) {
            throw new InvalidSilenceException("endsAt", "is in the past");
        }
        if (!end.isAfter(start)) {
            throw new InvalidSilenceException("endsAt", "must be after startsAt");
        }
        Silence silence = new Silence(UUID.randomUUID(), request.matchers(), start, end,
                trim(request.createdBy()), trim(request.comment()), now);
        try (Connection c = db.connection()) {
            c.setAutoCommit(false);
            insert(c, silence);
            c.commit();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot store the silence: " + e.getMessage(), e);
        }
        List<Silence> next = new ArrayList<>(snapshot);
        next.add(silence);
        snapshot = sorted(next);
        purge(now);
        return silence;
    }

    /**
     * Ends a silence now, as Alertmanager's DELETE does; the silence stays listed as expired. Expiring an expired
     * silence changes nothing. Empty when there is no such silence.
     */
    public synchronized Optional<Silence> expire(UUID id) {
        Optional<Silence> found = get(id);
        if (found.isEmpty()) {
            return found;
        }
        Instant now = millis(clock.instant());
        Silence current = found.get();
        if (current.state(now) == SilenceState.EXPIRED) {
            return found;
        }
        Silence expired = current.expiredAt(now);
        try (Connection c = db.connection();
             PreparedStatement ps = c.prepareStatement(
                     "UPDATE silence SET starts_at = ?, ends_at = ?, updated_at = ? WHERE id = ?")) {
            ps.setLong(1, expired.startsAt().toEpochMilli());
            ps.setLong(2, expired.endsAt().toEpochMilli());
            ps.setLong(3, expired.updatedAt().toEpochMilli());
            ps.setObject(4, id);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot expire silence " + id + ": " + e.getMessage(), e);
        }
        List<Silence> next = new ArrayList<>(snapshot);
        next.replaceAll(s -> s.id().equals(id) ? expired : s);
        snapshot = sorted(next);
        return Optional.of(expired);
    }

    /** Every silence kept, active, pending and expired, by start time. */
    public List<Silence> list() {
        purge(clock.instant());
        return snapshot;
    }

    public Optional<Silence> get(UUID id) {
        return snapshot.stream().filter(s -> s.id().equals(id)).findFirst();
    }

    /** The silences active at {@code now} whose matchers all match {@code labels}; empty: not silenced. */
    public List<Silence> silencing(Map<String, String> labels, Instant now) {
        List<Silence> out = null;
        for (Silence s : snapshot) {
            if (s.silences(labels, now)) {
                if (out == null) {
                    out = new ArrayList<>(1);
                }
                out.add(s);
            }
        }
        return out == null ? List.of() : out;
    }

    private synchronized void purge(Instant now) {
        Instant before = now.minus(RETENTION);
        List<Silence> old = snapshot.stream().filter(s -> s.endsAt().isBefore(before)).toList();
        if (old.isEmpty()) {
            return;
        }
        try (Connection c = db.connection()) {
            c.setAutoCommit(false);
            try (PreparedStatement m = c.prepareStatement("DELETE FROM silence_matcher WHERE silence_id = ?");
                 PreparedStatement s = c.prepareStatement("DELETE FROM silence WHERE id = ?")) {
                for (Silence silence : old) {
                    m.setObject(1, silence.id());
                    m.executeUpdate();
                    s.setObject(1, silence.id());
                    s.executeUpdate();
                }
            }
            c.commit();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot delete expired silences: " + e.getMessage(), e);
        }
        snapshot = snapshot.stream().filter(s -> !old.contains(s)).toList();
    }

    private static void insert(Connection c, Silence s) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO silence (id, starts_at, ends_at, created_by, "
                + "comment, updated_at) VALUES (?, ?, ?, ?, ?, ?)")) {
            ps.setObject(1, s.id());
            ps.setLong(2, s.startsAt().toEpochMilli());
            ps.setLong(3, s.endsAt().toEpochMilli());
            ps.setString(4, s.createdBy());
            ps.setString(5, s.comment());
            ps.setLong(6, s.updatedAt().toEpochMilli());
            ps.executeUpdate();
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO silence_matcher (silence_id, position, name, op, "
                + "match_value) VALUES (?, ?, ?, ?, ?)")) {
            for (int i = 0; i < s.matchers().size(); i++) {
                Matcher m = s.matchers().get(i);
                ps.setObject(1, s.id());
                ps.setInt(2, i);
                ps.setString(3, m.name());
                ps.setString(4, m.op().symbol());
                ps.setString(5, m.value());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private List<Silence> load() {
        Map<UUID, List<Matcher>> matchers = new LinkedHashMap<>();
        List<Silence> out = new ArrayList<>();
        try (Connection c = db.connection()) {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT silence_id, name, op, match_value FROM silence_matcher ORDER BY silence_id, position");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    matchers.computeIfAbsent(rs.getObject(1, UUID.class), k -> new ArrayList<>())
                            .add(Matcher.of(rs.getString(2), Matcher.Op.ofSymbol(rs.getString(3)), rs.getString(4)));
                }
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT id, starts_at, ends_at, created_by, comment, updated_at FROM silence");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    UUID id = rs.getObject(1, UUID.class);
                    out.add(new Silence(id, matchers.getOrDefault(id, List.of()),
                            Instant.ofEpochMilli(rs.getLong(2)), Instant.ofEpochMilli(rs.getLong(3)),
                            rs.getString(4), rs.getString(5), Instant.ofEpochMilli(rs.getLong(6))));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read silences: " + e.getMessage(), e);
        }
        return sorted(out);
    }

    private static List<Silence> sorted(List<Silence> silences) {
        return silences.stream().sorted(BY_START).toList();
    }

    private static Instant millis(Instant t) {
        return t.truncatedTo(ChronoUnit.MILLIS);
    }

    private static String trim(String s) {
        return s == null ? null : s.strip();
    }
}
