package dev.sightline.alerting.notify;

import dev.sightline.alerting.storage.AlertingDatabase;
import org.jboss.logging.Logger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The last delivered notification of every (receiver, group), in H2, so that after a restart an unchanged firing
 * group is not sent again before its repeat interval, and a group that was firing still gets its "resolved".
 */
final class SentStateStore {
    private static final Logger LOG = Logger.getLogger(SentStateStore.class);

    private final AlertingDatabase db;

    SentStateStore(AlertingDatabase db) {
        this.db = db;
        db.createTables("CREATE TABLE IF NOT EXISTS notify_group_state (receiver VARCHAR NOT NULL, "
                + "group_key VARCHAR NOT NULL, firing VARCHAR NOT NULL, resolved VARCHAR NOT NULL, "
                + "sent_at BIGINT NOT NULL, PRIMARY KEY (receiver, group_key))");
    }

    /** receiver → group key → state. */
    Map<String, Map<String, SentState>> load() {
        Map<String, Map<String, SentState>> out = new HashMap<>();
        try (Connection c = db.connection();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT receiver, group_key, firing, resolved, sent_at FROM notify_group_state");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.computeIfAbsent(rs.getString(1), k -> new HashMap<>()).put(rs.getString(2),
                        new SentState(split(rs.getString(3)), split(rs.getString(4)),
                                Instant.ofEpochMilli(rs.getLong(5))));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the notification state: " + e.getMessage(), e);
        }
        return out;
    }

    /** A write failure is logged: the worst outcome is one repeated notification after a restart. */
    void put(String receiver, String groupKey, SentState state) {
        try (Connection c = db.connection();
             PreparedStatement ps = c.prepareStatement("MERGE INTO notify_group_state (receiver, group_key, firing, "
                     + "resolved, sent_at) KEY (receiver, group_key) VALUES (?, ?, ?, ?, ?)")) {
            ps.setString(1, receiver);
            ps.setString(2, groupKey);
            ps.setString(3, String.join(",", new TreeSet<>(state.firing())));
            ps.setString(4, String.join(",", new TreeSet<>(state.resolved())));
            ps.setLong(5, state.sentAt().toEpochMilli());
            ps.executeUpdate();
        } catch (SQLException | IllegalStateException e) {
            LOG.warnf("cannot store the notification state of %s: %s", groupKey, e.getMessage());
        }
    }

    void delete(String receiver, String groupKey) {
        try (Connection c = db.connection();
             PreparedStatement ps = c.prepareStatement(
                     "DELETE FROM notify_group_state WHERE receiver = ? AND group_key = ?")) {
            ps.setString(1, receiver);
            ps.setString(2, groupKey);
            ps.executeUpdate();
        } catch (SQLException | IllegalStateException e) {
            LOG.warnf("cannot delete the notification state of %s: %s", groupKey, e.getMessage());
        }
    }

    private static Set<String> split(String joined) {
        return joined.isEmpty() ? Set.of() : Set.of(joined.split(","));
    }
}
