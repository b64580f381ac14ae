package id.jaga.controller.history;

import id.jaga.config.Storage;
import id.jaga.controller.storage.TestPostgres;
import java.sql.SQLException;
import org.junit.jupiter.api.AfterEach;

/** The same downsampling and retention on PostgreSQL. */
class RetentionOnPostgresTest extends RetentionTest {
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
