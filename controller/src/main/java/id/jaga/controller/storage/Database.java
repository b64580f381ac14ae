package id.jaga.controller.storage;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import id.jaga.config.Storage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/** The controller's database: a connection pool, migrated to the current schema by Flyway on open. */
public final class Database implements AutoCloseable {
    private final HikariDataSource pool;

    private Database(HikariDataSource pool) {
        this.pool = pool;
    }

    /**
     * An H2 file database keeps committed changes in memory for up to its WRITE_DELAY (500 ms by
     * default) and has no redo log, so a killed controller would lose readings it had already
     * acknowledged to the broker. Unless the URL says otherwise, every commit is written at once,
     * and H2 leaves the closing to the controller (DB_CLOSE_ON_EXIT=FALSE).
     */
    static String durable(String url) {
        boolean h2File = url.startsWith("jdbc:h2:") && !url.startsWith("jdbc:h2:mem:");
        String upper = url.toUpperCase(java.util.Locale.ROOT);
        String durable = h2File && !upper.contains("WRITE_DELAY") ? url + ";WRITE_DELAY=0" : url;
        // H2 closes its databases in a shutdown hook of its own, which the JVM runs alongside the
        // controller's: ingest would then meet a closed database while it is being stopped. The
        // controller closes the database itself, after everything that writes to it.
        return url.startsWith("jdbc:h2:") && !upper.contains("DB_CLOSE_ON_EXIT") ? durable + ";DB_CLOSE_ON_EXIT=FALSE" : durable;
    }

    public static Database open(Storage storage) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(durable(storage.url()));
        config.setUsername(storage.username());
        if (storage.passwordFile() != null) {
            try {
                config.setPassword(Files.readString(Path.of(storage.passwordFile()), StandardCharsets.UTF_8).strip());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the database password file " + storage.passwordFile(), e);
            }
        }
        config.setMaximumPoolSize(4);
        config.setPoolName("jaga-db");
        HikariDataSource pool = new HikariDataSource(config);
        try {
            Flyway.configure().dataSource(pool).load().migrate();
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
        return new Database(pool);
    }

    public DataSource dataSource() {
        return pool;
    }

    public Connection connection() throws SQLException {
        return pool.getConnection();
    }

    /** A cheap round trip, for the health endpoint. */
    public boolean isReachable() {
        try (Connection c = pool.getConnection()) {
            return c.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    @Override
    public void close() {
        pool.close();
    }
}
