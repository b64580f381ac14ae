package db.migration;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * H2 writes a sequence's state down, with a commit of its own, each time it has handed out its
 * cache of numbers (32 by default). A commit writes every page changed since the last one, so a
 * batch of 500 telemetry rows was written to the file some 16 times over, half of ingest's storage
 * time. Reserving ids in large blocks leaves one write per batch; a crash only skips the rest of a
 * block. H2 only: it hands out a sequence's numbers in order to every session, whereas PostgreSQL
 * caches them per session, which would break ids following the order rows were stored in.
 */
public class V16__telemetry_ids_reserved_in_blocks extends BaseJavaMigration {
    @Override
    public void migrate(Context context) throws SQLException {
        Connection c = context.getConnection();
        if ("H2".equals(c.getMetaData().getDatabaseProductName())) {
            try (Statement s = c.createStatement()) {
                s.execute("ALTER TABLE telemetry ALTER COLUMN id SET CACHE 100000");
            }
        }
    }
}
