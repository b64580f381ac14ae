package db.migration;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * A message's readings are kept as the bytes of their UTF-8 JSON, as the agent sent them, where
 * V12 kept text: ingest stores the slice of the payload as it came, and the database copies bytes
 * instead of encoding characters. In Java because the binary type and the conversion are spelt
 * differently in H2 and PostgreSQL.
 */
public class V14__readings_as_sent extends BaseJavaMigration {
    @Override
    public void migrate(Context context) throws SQLException {
        Connection c = context.getConnection();
        boolean postgres = "PostgreSQL".equals(c.getMetaData().getDatabaseProductName());
        try (Statement s = c.createStatement()) {
            s.execute("ALTER TABLE telemetry ADD COLUMN readings_utf8 " + (postgres ? "BYTEA" : "VARBINARY"));
            s.executeUpdate("UPDATE telemetry SET readings_utf8 = "
                    + (postgres ? "convert_to(readings, 'UTF8')" : "STRINGTOUTF8(readings)"));
            s.execute("ALTER TABLE telemetry DROP COLUMN readings");
            s.execute("ALTER TABLE telemetry RENAME COLUMN readings_utf8 TO readings");
            s.execute("ALTER TABLE telemetry ALTER COLUMN readings SET NOT NULL");
        }
    }
}
