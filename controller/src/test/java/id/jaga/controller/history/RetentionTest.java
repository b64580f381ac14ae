package id.jaga.controller.history;

import static org.junit.jupiter.api.Assertions.assertEquals;

import id.jaga.config.Storage;
import id.jaga.controller.HandClock;
import id.jaga.controller.ingest.ReadingStore;
import id.jaga.controller.storage.Database;
import id.jaga.sensors.wire.Quality;
import id.jaga.sensors.wire.Reading;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Downsampling and retention on a real database: H2 here, PostgreSQL in {@link RetentionOnPostgresTest}. */
class RetentionTest {
    private static final Instant T0 = Instant.parse("2026-11-22T03:00:00Z");

    private final HandClock clock = new HandClock(T0);
    private Storage storage;
    private Database db;
    private ReadingStore readings;
    private long seq;

    Storage freshDatabase() throws SQLException {
        return new Storage("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", null, null);
    }

    @BeforeEach
    void open() throws SQLException {
        Storage fresh = freshDatabase();
        storage = new Storage(fresh.url(), fresh.username(), fresh.passwordFile(), Duration.ofDays(2), Duration.ofDays(10), null);
        db = Database.open(storage);
        readings = new ReadingStore(db);
    }

    @AfterEach
    void close() {
        db.close();
    }

    private void store(Instant at, double value) throws SQLException {
        readings.insert(List.of(new ReadingStore.Message("pi-1", ++seq, at, List.of(Reading.good("inlet", value, "C", at)))));
    }

    @Test
    void completeBucketsAreAggregatedOnceWithMinMaxAverageAndCount() throws SQLException {
        store(T0.plusSeconds(5), 20);
        store(T0.plusSeconds(35), 22);
        store(T0.plusSeconds(65), 30);
        readings.insert(List.of(new ReadingStore.Message("pi-1", ++seq, T0,
                List.of(Reading.failed("inlet", Quality.BAD, "CRC error", "C", T0.plusSeconds(70))))));
        clock.advance(Duration.ofHours(1).plusMinutes(15));

        Retention retention = new Retention(db, storage, clock);
        retention.run();
        retention.run(); // a second pass adds nothing

        assertEquals(List.of("1m 03:00 20.0 22.0 21.0 2", "1m 03:01 30.0 30.0 30.0 1", "1h 03:00 20.0 30.0 24.0 3"), aggregates());
    }

    @Test
    void rawReadingsGoAfterTheirKeepTimeAndTheAggregatesStay() throws SQLException {
        store(T0.plusSeconds(5), 20);
        clock.advance(Duration.ofDays(3));
        store(clock.instant(), 21); // recent: kept

        Retention.Summary done = new Retention(db, storage, clock).run();

        assertEquals(1, count("SELECT COALESCE(SUM(reading_count), 0) FROM telemetry"));
        assertEquals(1, done.deleted());
        assertEquals(List.of("1m 03:00 20.0 20.0 20.0 1", "1h 03:00 20.0 20.0 20.0 1"), aggregates());

        clock.advance(Duration.ofDays(11));
        new Retention(db, storage, clock).run();
        assertEquals(List.of("1h 03:00 20.0 20.0 20.0 1", "1h 03:00 21.0 21.0 21.0 1"), aggregates(),
                "minute aggregates are kept 10 days, hour aggregates 5 years");
    }

    private List<String> aggregates() throws SQLException {
        List<String> rows = new java.util.ArrayList<>();
        try (Connection c = db.connection(); ResultSet rs = c.createStatement().executeQuery("SELECT bucket_size, bucket_start,"
                + " min_value, max_value, avg_value, samples FROM reading_aggregate ORDER BY bucket_size DESC, bucket_start")) {
            while (rs.next()) {
                String time = rs.getTimestamp(2).toInstant().toString().substring(11, 16);
                rows.add(rs.getString(1) + " " + time + " " + rs.getDouble(3) + " " + rs.getDouble(4) + " "
                        + rs.getDouble(5) + " " + rs.getInt(6));
            }
        }
        return rows;
    }

    private long count(String sql) throws SQLException {
        try (Connection c = db.connection(); ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
