package dev.sightline.alerting.slo;

import dev.sightline.alerting.storage.AlertingDatabase;
import org.jboss.logging.Logger;

import java.io.ByteArrayOutputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * The SLOs' event histories, saved now and then (and at shutdown) so that a restart reads only the minutes since
 * the save from the rollups instead of rebuilding 30 days of every SLO from them, which takes minutes with a
 * month of data. Saved with the SLO's counting key ({@link SloDefinition#countsLike}): a history is restored only
 * into an SLO that counts the same events. Compressed: most slots of a quiet SLO are zero or alike.
 */
public final class SliHistoryStore {
    private static final Logger LOG = Logger.getLogger(SliHistoryStore.class);

    private final AlertingDatabase db;
    /** Periodic saves compress and write here, off the evaluation thread; only the newest waiting one is kept. */
    private final ExecutorService writer = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "sightline-slo-history");
        t.setDaemon(true);
        return t;
    });
    private final AtomicReference<Map<String, Saved>> waiting = new AtomicReference<>();

    /** A saved history: what it counted and its rings ({@link SliHistory#toBytes()}). */
    record Saved(String countsKey, byte[] history) {
    }

    public SliHistoryStore(AlertingDatabase db) {
        this.db = db;
        db.createTables("CREATE TABLE IF NOT EXISTS slo_history (name VARCHAR(256) PRIMARY KEY, "
                + "counts_key VARCHAR(4096) NOT NULL, data VARBINARY NOT NULL)");
    }

    /** Like {@link #save}, on the writer thread; a save still waiting is replaced by this newer one. */
    void saveLater(Map<String, Saved> histories) {
        if (waiting.getAndSet(histories) == null) {
            writer.execute(() -> {
                Map<String, Saved> newest = waiting.getAndSet(null);
                if (newest != null) {
                    try {
                        save(newest);
                    } catch (RuntimeException e) {
                        LOG.warnf("SLO histories not saved (a restart rebuilds them from the rollups): %s",
                                e.getMessage());
                    }
                }
            });
        }
    }

    /**
     * Saves now, on the caller's thread (at shutdown). A periodic save still waiting is dropped, so it cannot land
     * after this newer one; one being written finishes first (both hold this object's lock).
     */
    void saveNow(Map<String, Saved> histories) {
        waiting.set(null);
        save(histories);
    }

    /** Replaces every saved history with {@code histories} (by SLO name), in one transaction. */
    private synchronized void save(Map<String, Saved> histories) {
        try (Connection c = db.connection()) {
            c.setAutoCommit(false);
            try (PreparedStatement clear = c.prepareStatement("DELETE FROM slo_history");
                 PreparedStatement insert = c.prepareStatement(
                         "INSERT INTO slo_history (name, counts_key, data) VALUES (?, ?, ?)")) {
                clear.executeUpdate();
                for (Map.Entry<String, Saved> e : histories.entrySet()) {
                    insert.setString(1, e.getKey());
                    insert.setString(2, e.getValue().countsKey());
                    insert.setBytes(3, compress(e.getValue().history()));
                    insert.addBatch();
                }
                insert.executeBatch();
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot save SLO histories: " + e.getMessage(), e);
        }
    }

    /** Every saved history by SLO name; one that does not read is skipped (its SLO is rebuilt from rollups). */
    Map<String, Saved> load() {
        Map<String, Saved> out = new HashMap<>();
        try (Connection c = db.connection();
             PreparedStatement ps = c.prepareStatement("SELECT name, counts_key, data FROM slo_history");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                try {
                    byte[] raw = decompress(rs.getBytes(3));
                    SliHistory.fromBytes(raw);
                    out.put(rs.getString(1), new Saved(rs.getString(2), raw));
                } catch (IllegalArgumentException e) {
                    LOG.warnf("saved history of SLO %s cannot be read, rebuilt from rollups: %s", rs.getString(1),
                            e.getMessage());
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read SLO histories: " + e.getMessage(), e);
        }
        return out;
    }

    private static byte[] compress(byte[] raw) {
        Deflater d = new Deflater(Deflater.BEST_SPEED);
        try {
            d.setInput(raw);
            d.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length / 4 + 64);
            byte[] buf = new byte[8192];
            while (!d.finished()) {
                out.write(buf, 0, d.deflate(buf));
            }
            return out.toByteArray();
        } finally {
            d.end();
        }
    }

    private static byte[] decompress(byte[] packed) {
        Inflater i = new Inflater();
        try {
            i.setInput(packed);
            ByteArrayOutputStream out = new ByteArrayOutputStream(packed.length * 4);
            byte[] buf = new byte[8192];
            while (!i.finished()) {
                int n = i.inflate(buf);
                if (n == 0 && (i.needsInput() || i.needsDictionary())) {
                    throw new IllegalArgumentException("truncated SLI history");
                }
                out.write(buf, 0, n);
                if (out.size() > 64 * 1024 * 1024) {
                    throw new IllegalArgumentException("SLI history larger than 64 MiB");
                }
            }
            return out.toByteArray();
        } catch (DataFormatException e) {
            throw new IllegalArgumentException("corrupt SLI history: " + e.getMessage(), e);
        } finally {
            i.end();
        }
    }
}
