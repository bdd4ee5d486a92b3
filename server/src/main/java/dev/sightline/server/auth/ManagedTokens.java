package dev.sightline.server.auth;

import dev.sightline.security.ApiTokens;
import dev.sightline.security.Authenticator;
import dev.sightline.security.Scope;
import dev.sightline.security.TenantId;
import dev.sightline.security.TokenRecord;
import org.h2.jdbcx.JdbcConnectionPool;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Tokens made through the admin API, kept as hashes in their own H2 file ({@code auth/tokens.mv.db} under the
 * data directory). Every change is written before the {@link Authenticator} sees it, so a token that was answered
 * "created" survives a restart and one answered "revoked" stays revoked.
 */
public final class ManagedTokens implements AutoCloseable {
    static final String SOURCE = "api";

    /** A token just made: the only moment its secret exists outside the client. */
    public record Issued(TokenRecord record, String token) {
    }

    private final JdbcConnectionPool pool;
    private final Authenticator authenticator;
    private final Clock clock;
    private final SecureRandom random;

    private ManagedTokens(JdbcConnectionPool pool, Authenticator authenticator, Clock clock, SecureRandom random) {
        this.pool = pool;
        this.authenticator = authenticator;
        this.clock = clock;
        this.random = random;
    }

    public static ManagedTokens open(Path directory, Authenticator authenticator, Clock clock, SecureRandom random) {
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the token directory " + directory, e);
        }
        JdbcConnectionPool pool = JdbcConnectionPool.create("jdbc:h2:file:"
                + directory.resolve("tokens").toAbsolutePath() + ";DB_CLOSE_ON_EXIT=FALSE", "sa", "");
        pool.setMaxConnections(4);
        ManagedTokens tokens = new ManagedTokens(pool, authenticator, clock, random);
        tokens.execute("CREATE TABLE IF NOT EXISTS api_tokens (id VARCHAR(64) PRIMARY KEY, name VARCHAR(200) NOT NULL,"
                + " tenant VARCHAR(63) NOT NULL, scope VARCHAR(16) NOT NULL, sha256 CHAR(64) NOT NULL UNIQUE,"
                + " created TIMESTAMP WITH TIME ZONE NOT NULL, expires TIMESTAMP WITH TIME ZONE)");
        tokens.publish();
        return tokens;
    }

    /** The tenant's tokens, oldest first, without secrets. */
    public List<TokenRecord> list(String tenant) {
        return all().stream().filter(t -> t.tenant().equals(tenant)).toList();
    }

    public Issued create(String tenant, String name, Scope scope, Duration expiresIn) {
        TenantId.require(tenant);
        if (name == null || name.isBlank() || name.length() > 200) {
            throw new IllegalArgumentException("name is required (at most 200 characters)");
        }
        Instant now = clock.instant();
        String token = ApiTokens.generate(scope, random);
        TokenRecord record = new TokenRecord(UUID.randomUUID().toString(), name, tenant, scope,
                ApiTokens.sha256(token), now, expiresIn == null ? null : now.plus(expiresIn), SOURCE);
        try (Connection c = pool.getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO api_tokens (id, name, tenant, scope, sha256, created, expires) VALUES (?,?,?,?,?,?,?)")) {
            ps.setString(1, record.id());
            ps.setString(2, record.name());
            ps.setString(3, record.tenant());
            ps.setString(4, record.scope().label());
            ps.setString(5, record.sha256());
            ps.setTimestamp(6, Timestamp.from(now));
            ps.setTimestamp(7, record.expires() == null ? null : Timestamp.from(record.expires()));
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot save the token: " + e.getMessage(), e);
        }
        publish();
        return new Issued(record, token);
    }

    /** Revokes a token of the tenant at once; false when it has no such token. */
    public boolean revoke(String tenant, String id) {
        boolean removed = update("DELETE FROM api_tokens WHERE id = ? AND tenant = ?", id, tenant) > 0;
        publish();
        return removed;
    }

    /**
     * A new token with the same name, tenant and scope; the old one keeps working for {@code grace} (none: at once)
     * so clients can move over without an outage.
     */
    public Optional<Issued> rotate(String tenant, String id, Duration grace) {
        Optional<TokenRecord> old = list(tenant).stream().filter(t -> t.id().equals(id)).findFirst();
        if (old.isEmpty()) {
            return Optional.empty();
        }
        TokenRecord o = old.get();
        Duration remaining = o.expires() == null ? null : Duration.between(clock.instant(), o.expires());
        Issued next = create(tenant, o.name(), o.scope(), remaining);
        if (grace.isZero() || grace.isNegative()) {
            revoke(tenant, id);
        } else {
            Instant until = clock.instant().plus(grace);
            if (o.expires() == null || until.isBefore(o.expires())) {
                update("UPDATE api_tokens SET expires = ? WHERE id = ? AND tenant = ?", Timestamp.from(until), id,
                        tenant);
            }
            publish();
        }
        return Optional.of(next);
    }

    @Override
    public void close() {
        pool.dispose();
    }

    private void publish() {
        authenticator.replace(SOURCE, all());
    }

    private List<TokenRecord> all() {
        List<TokenRecord> out = new ArrayList<>();
        try (Connection c = pool.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(
                     "SELECT id, name, tenant, scope, sha256, created, expires FROM api_tokens ORDER BY created, id")) {
            while (rs.next()) {
                Timestamp expires = rs.getTimestamp(7);
                out.add(new TokenRecord(rs.getString(1), rs.getString(2), rs.getString(3), Scope.parse(rs.getString(4)),
                        rs.getString(5), rs.getTimestamp(6).toInstant(), expires == null ? null : expires.toInstant(),
                        SOURCE));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the tokens: " + e.getMessage(), e);
        }
        return out;
    }

    private void execute(String sql) {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the token table: " + e.getMessage(), e);
        }
    }

    private int update(String sql, Object... args) {
        try (Connection c = pool.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot update the tokens: " + e.getMessage(), e);
        }
    }
}
