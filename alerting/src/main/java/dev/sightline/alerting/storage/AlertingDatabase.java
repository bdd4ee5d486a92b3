package dev.sightline.alerting.storage;

import org.h2.jdbcx.JdbcConnectionPool;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Alerting's own state (alert instances, silences, the delivery log, notification groups, SLOs and rules added
 * through the API) in one H2 file under the data directory, apart from the telemetry store: alerting writes only
 * here. Each feature creates its own tables with {@link #createTables}; the file is small and written at most once
 * per evaluation round per feature, so one pool of a few connections serves all.
 */
public final class AlertingDatabase implements AutoCloseable {
    private static final String DB_NAME = "alerting";

    private final JdbcConnectionPool pool;

    private AlertingDatabase(JdbcConnectionPool pool) {
        this.pool = pool;
    }

    /** Opens (creating it if missing) {@code directory/alerting.mv.db}. */
    public static AlertingDatabase open(Path directory) {
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the alerting state directory " + directory, e);
        }
        JdbcConnectionPool pool = JdbcConnectionPool.create("jdbc:h2:file:"
                + directory.resolve(DB_NAME).toAbsolutePath() + ";DB_CLOSE_ON_EXIT=FALSE", "sa", "");
        pool.setMaxConnections(8);
        return new AlertingDatabase(pool);
    }

    public Connection connection() throws SQLException {
        return pool.getConnection();
    }

    /** Runs each DDL statement ({@code CREATE TABLE IF NOT EXISTS ...}) once, at a feature's start. */
    public void createTables(String... ddl) {
        try (Connection c = connection(); Statement s = c.createStatement()) {
            for (String sql : ddl) {
                s.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create alerting tables: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        pool.dispose();
    }
}
