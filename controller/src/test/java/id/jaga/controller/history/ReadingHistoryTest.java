package id.jaga.controller.history;

import static org.junit.jupiter.api.Assertions.assertEquals;

import id.jaga.config.Storage;
import id.jaga.controller.HandClock;
import id.jaga.controller.ingest.ReadingStore;
import id.jaga.controller.storage.Database;
import id.jaga.sensors.wire.Quality;
import id.jaga.sensors.wire.Reading;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A sensor's history for charts, read back from a real database after real downsampling. */
class ReadingHistoryTest {
    private static final Instant T0 = Instant.parse("2026-11-22T03:00:00Z");

    private final HandClock clock = new HandClock(T0);
    private Storage storage;
    private Database db;
    private ReadingStore readings;
    private ReadingHistory history;
    private long seq;

    @BeforeEach
    void open() throws SQLException {
        storage = new Storage("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", null, null);
        db = Database.open(storage);
        readings = new ReadingStore(db);
        history = new ReadingHistory(db);
    }

    @AfterEach
    void close() {
        db.close();
    }

    private void store(Reading r) throws SQLException {
        readings.insert(List.of(new ReadingStore.Message("pi-1", ++seq, r.ts(), List.of(r))));
    }

    @Test
    void rawReadingsComeOldestFirstPagedByTimeAndIdBadOnesWithTheirReason() throws SQLException {
        store(Reading.good("inlet", 20, "C", T0.plusSeconds(1)));
        store(Reading.good("inlet", 21, "C", T0.plusSeconds(1))); // same instant: the id orders them
        store(Reading.failed("inlet", Quality.BAD, "CRC error", "C", T0.plusSeconds(2)));
        store(Reading.good("outlet", 30, "C", T0.plusSeconds(2)));
        Instant to = T0.plus(Duration.ofHours(1));

        List<ReadingHistory.Raw> first = history.raw("pi-1", "inlet", T0, to, null, 0, 2);
        assertEquals(List.of(20.0, 21.0), first.stream().map(ReadingHistory.Raw::value).toList());
        ReadingHistory.Raw last = first.get(1);
        List<ReadingHistory.Raw> rest = history.raw("pi-1", "inlet", T0, to, last.ts(), last.id(), 2);
        assertEquals(1, rest.size());
        assertEquals("bad", rest.get(0).quality());
        assertEquals("CRC error", rest.get(0).reason());
        assertEquals(null, rest.get(0).value());
        assertEquals(List.of(), history.raw("pi-1", "inlet", T0.plusSeconds(3), to, null, 0, 10), "from bounds the range");
    }

    @Test
    void minuteAndHourBucketsAreReadFromTheAggregatesRetentionWrote() throws SQLException {
        store(Reading.good("inlet", 20, "C", T0.plusSeconds(5)));
        store(Reading.good("inlet", 22, "C", T0.plusSeconds(35)));
        store(Reading.good("inlet", 30, "C", T0.plusSeconds(65)));
        clock.advance(Duration.ofHours(1).plusMinutes(15));
        new Retention(db, storage, clock).run();

        List<ReadingHistory.Bucket> minutes = history.buckets("inlet", "1m", T0, clock.instant(), null, 10);
        assertEquals(List.of(new ReadingHistory.Bucket(T0, 20, 22, 21, 2), new ReadingHistory.Bucket(T0.plusSeconds(60), 30, 30, 30, 1)),
                minutes);
        assertEquals(List.of(minutes.get(1)), history.buckets("inlet", "1m", T0, clock.instant(), T0, 10), "after the cursor");
        assertEquals(List.of(new ReadingHistory.Bucket(T0, 20, 30, 24, 3)), history.buckets("inlet", "1h", T0, clock.instant(), null, 10));
    }
}
