package id.jaga.controller.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import id.jaga.config.Storage;
import id.jaga.controller.ingest.ReadingStore;
import id.jaga.sensors.wire.Quality;
import id.jaga.sensors.wire.Reading;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * A database written by the schema of a reading per row (up to V11) is migrated to a row per
 * message: every reading is there after it, in its message, and so is the key of a message whose
 * readings were all rejected; the readings' text (V13) then becomes UTF-8 bytes (V14). On H2 and on
 * the PostgreSQL server.
 */
class ReadingsMigrationTest {
    private static final Instant T0 = Instant.parse("2026-11-22T03:00:00Z");

    @Test
    void readingsStoredARowEachMoveIntoTheirMessagesOnH2() throws SQLException {
        migrateAndCheck(new Storage("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", null, null));
    }

    @Test
    void readingsStoredARowEachMoveIntoTheirMessagesOnPostgres() throws SQLException {
        Storage storage = TestPostgres.createDatabase();
        try {
            migrateAndCheck(storage);
        } finally {
            TestPostgres.dropDatabase(storage);
        }
    }

    private static void migrateAndCheck(Storage storage) throws SQLException {
        Flyway.configure().dataSource(storage.url(), storage.username(), null).target("11").load().migrate();
        try (Connection c = DriverManager.getConnection(storage.url());
             PreparedStatement reading = c.prepareStatement("INSERT INTO reading (sensor_id, agent_id, seq, ts, received_at,"
                     + " num_value, text_value, unit, quality, reason) VALUES (?,?,?,?,?,?,?,?,?,?)");
             PreparedStatement key = c.prepareStatement("INSERT INTO telemetry_message (agent_id, seq, received_at) VALUES (?,?,?)")) {
            Object[][] rows = {
                {"inlet", "pi-1", 1L, T0, 21.5, null, "C", "good", null},
                {"ups", "pi-1", 1L, T0.plusSeconds(1), null, "OL CHRG", "status", "good", null},
                {"inlet", "pi-1", 2L, T0.plusSeconds(10), null, null, "C", "bad", "CRC error, 3× retried"},
                {"inlet", "pi-2", 1L, T0.plusSeconds(10), 30.0, null, "C", "good", null},
            };
            for (Object[] r : rows) {
                Instant ts = (Instant) r[3];
                reading.setString(1, (String) r[0]);
                reading.setString(2, (String) r[1]);
                reading.setLong(3, (Long) r[2]);
                reading.setObject(4, utc(ts));
                reading.setObject(5, utc(T0.plusSeconds(20 * (Long) r[2]))); // one arrival per message
                reading.setObject(6, r[4]);
                reading.setString(7, (String) r[5]);
                reading.setString(8, (String) r[6]);
                reading.setString(9, (String) r[7]);
                reading.setString(10, (String) r[8]);
                reading.executeUpdate();
            }
            key.setString(1, "pi-1");
            key.setLong(2, 3);
            key.setObject(3, utc(T0.plusSeconds(30))); // every reading of message 3 was rejected
            key.executeUpdate();
        }

        try (Database db = Database.open(storage); Connection c = db.connection();
             ResultSet rs = c.createStatement().executeQuery("SELECT agent_id, seq, reading_count FROM telemetry ORDER BY agent_id, seq")) {
            StringBuilder messages = new StringBuilder();
            while (rs.next()) {
                messages.append(rs.getString(1)).append('/').append(rs.getLong(2)).append(':').append(rs.getInt(3)).append(' ');
            }
            assertEquals("pi-1/1:2 pi-1/2:1 pi-1/3:0 pi-2/1:1 ", messages.toString());
            ReadingStore store = new ReadingStore(db);
            List<Reading> inlet = store.readings("pi-1", "inlet", T0, T0.plusSeconds(60)).stream().map(ReadingStore.Stored::reading).toList();
            assertEquals(List.of(Reading.good("inlet", 21.5, "C", T0), Reading.failed("inlet", Quality.BAD, "CRC error, 3× retried", "C",
                    T0.plusSeconds(10))), inlet);
            assertEquals(List.of(Reading.goodText("ups", "OL CHRG", "status", T0.plusSeconds(1))),
                    store.readings("pi-1", "ups", T0, T0.plusSeconds(60)).stream().map(ReadingStore.Stored::reading).toList());
        }
    }

    private static OffsetDateTime utc(Instant t) {
        return OffsetDateTime.ofInstant(t, ZoneOffset.UTC);
    }
}
