package id.jaga.controller.storage;

import id.jaga.config.Storage;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Locale;
import java.util.UUID;

/**
 * Throwaway databases on a real PostgreSQL server: the one on this machine by default
 * (127.0.0.1:5432, user postgres, as the CI machines have it; `./jaga test` starts it), or the
 * server named by JAGA_TEST_POSTGRES (a JDBC URL of a database the user may create databases from).
 */
public final class TestPostgres {
    private static final String ADMIN_URL = System.getenv().getOrDefault("JAGA_TEST_POSTGRES",
            "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres");

    private TestPostgres() {
    }

    /** Creates an empty database and returns the storage settings that reach it. */
    public static Storage createDatabase() throws SQLException {
        String name = "jaga_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toLowerCase(Locale.ROOT);
        try (Connection c = admin()) {
            c.createStatement().execute("CREATE DATABASE " + name);
        }
        String base = ADMIN_URL.substring(0, ADMIN_URL.lastIndexOf('/') + 1);
        String query = ADMIN_URL.contains("?") ? ADMIN_URL.substring(ADMIN_URL.indexOf('?')) : "";
        return new Storage(base + name + query, null, null);
    }

    /** Drops a database made by {@link #createDatabase()}, even while a pool still holds connections. */
    public static void dropDatabase(Storage storage) throws SQLException {
        String url = storage.url();
        String name = url.substring(url.lastIndexOf('/') + 1).replaceAll("\\?.*", "");
        try (Connection c = admin()) {
            c.createStatement().execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        }
    }

    private static Connection admin() throws SQLException {
        try {
            return DriverManager.getConnection(ADMIN_URL);
        } catch (SQLException e) {
            throw new SQLException("PostgreSQL is not reachable at " + ADMIN_URL
                    + " (./jaga test installs and starts it; or set JAGA_TEST_POSTGRES): " + e.getMessage(), e);
        }
    }
}
