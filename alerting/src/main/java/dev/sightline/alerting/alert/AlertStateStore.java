package dev.sightline.alerting.alert;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.sightline.alerting.storage.AlertingDatabase;
import org.jboss.logging.Logger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Alert instances kept across restarts, so a firing alert is still firing (with its start time and evidence) after
 * one, and the notifier, which keeps what it sent, does not announce it again. One row per instance, its JSON;
 * each round writes only the instances that changed and deletes those that are gone, in one transaction.
 */
public final class AlertStateStore {
    private static final Logger LOG = Logger.getLogger(AlertStateStore.class);

    private final AlertingDatabase db;
    private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    /** What the table holds, by fingerprint, to write only changes. */
    private final Map<String, AlertInstance> written = new HashMap<>();

    public AlertStateStore(AlertingDatabase db) {
        this.db = db;
        db.createTables("CREATE TABLE IF NOT EXISTS alert_instance (fingerprint VARCHAR(16) PRIMARY KEY, "
                + "body CLOB NOT NULL)");
    }

    /** Every stored instance; a row that no longer reads (a format change) is skipped and logged. */
    public synchronized List<AlertInstance> load() {
        List<AlertInstance> out = new ArrayList<>();
        try (Connection c = db.connection();
             PreparedStatement ps = c.prepareStatement("SELECT fingerprint, body FROM alert_instance");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                try {
                    AlertInstance i = json.readValue(rs.getString(2), AlertInstance.class);
                    out.add(i);
                    written.put(i.fingerprint(), i);
                } catch (JsonProcessingException e) {
                    LOG.warnf("stored alert %s cannot be read, dropped: %s", rs.getString(1), e.getOriginalMessage());
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read alert state: " + e.getMessage(), e);
        }
        return out;
    }

    /** Makes the table hold exactly {@code now}. */
    public synchronized void save(List<AlertInstance> now) {
        Map<String, AlertInstance> next = new HashMap<>();
        for (AlertInstance i : now) {
            next.put(i.fingerprint(), i);
        }
        try (Connection c = db.connection()) {
            c.setAutoCommit(false);
            try (PreparedStatement upsert = c.prepareStatement(
                    "MERGE INTO alert_instance (fingerprint, body) KEY (fingerprint) VALUES (?, ?)");
                 PreparedStatement delete = c.prepareStatement("DELETE FROM alert_instance WHERE fingerprint = ?")) {
                for (AlertInstance i : now) {
                    if (!i.equals(written.get(i.fingerprint()))) {
                        upsert.setString(1, i.fingerprint());
                        upsert.setString(2, json.writeValueAsString(i));
                        upsert.addBatch();
                    }
                }
                for (String fp : written.keySet()) {
                    if (!next.containsKey(fp)) {
                        delete.setString(1, fp);
                        delete.addBatch();
                    }
                }
                upsert.executeBatch();
                delete.executeBatch();
                c.commit();
            } catch (SQLException | JsonProcessingException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException | JsonProcessingException e) {
            throw new IllegalStateException("cannot save alert state: " + e.getMessage(), e);
        }
        written.clear();
        written.putAll(next);
    }
}
