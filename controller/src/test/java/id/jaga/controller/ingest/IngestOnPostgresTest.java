package id.jaga.controller.ingest;

import id.jaga.config.Storage;
import id.jaga.controller.storage.TestPostgres;
import java.sql.SQLException;
import org.junit.jupiter.api.AfterEach;

/** Every ingest scenario again on PostgreSQL, migrated by the same Flyway scripts as H2. */
class IngestOnPostgresTest extends IngestTest {
    private Storage created;

    @Override
    Storage freshDatabase() throws SQLException {
        created = TestPostgres.createDatabase();
        return created;
    }

    @AfterEach
    void dropDatabase() throws SQLException {
        TestPostgres.dropDatabase(created);
    }
}
