package id.jaga.controller.alarm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.jaga.config.SiteConfig;
import id.jaga.config.SiteLoader;
import id.jaga.config.Storage;
import id.jaga.controller.HandClock;
import id.jaga.controller.storage.Database;
import id.jaga.sensors.wire.Quality;
import id.jaga.sensors.wire.Reading;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** "No data" alarms and stale values, on a clock moved by hand, with the real alarm service on H2. */
class FreshnessTest {
    private static final SiteConfig SITE = new SiteLoader().parse("fresh.yaml", """
            site: {id: dc}
            rooms: [{id: room}]
            agents: [{id: pi-1, room: room}]
            racks:
              - id: rack-1
                room: room
                sensors: [{id: inlet, kind: temperature, agent: pi-1, pollInterval: 5s, staleAfter: 30s, driver: {type: simulated}}]
            """);

    private final HandClock clock = new HandClock(Instant.parse("2026-11-22T03:00:00Z"));
    private final List<String> changes = new ArrayList<>();
    private Database db;
    private Freshness freshness;

    @BeforeEach
    void open() throws SQLException {
        db = Database.open(new Storage("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", null, null));
        AlarmService alarms = new AlarmService(new AlarmStore(db), clock,
                (c, active) -> changes.add(c.alarm().source() + " " + c.alarm().type() + " " + c.alarm().severity() + " " + c.change()));
        freshness = new Freshness(SITE, alarms, clock);
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void readingsThatStopRaiseNoDataAndTheNextGoodOneClearsIt() throws SQLException {
        freshness.reading(Reading.good("inlet", 22, "C", clock.instant()));
        clock.advance(Duration.ofSeconds(30));
        freshness.check();
        assertTrue(freshness.isCurrent("inlet"));
        assertEquals(List.of(), changes);

        clock.advance(Duration.ofSeconds(1));
        freshness.check();
        freshness.check();
        assertEquals(List.of("inlet no-data MINOR raised"), changes);
        assertFalse(freshness.isCurrent("inlet"), "the last value is shown as stale");

        freshness.reading(Reading.good("inlet", 22, "C", clock.instant()));
        assertEquals(List.of("inlet no-data MINOR raised", "inlet no-data MINOR cleared"), changes);
        assertTrue(freshness.isCurrent("inlet"));
    }

    @Test
    void staleOrBadReadingsDoNotCountAsData() throws SQLException {
        freshness.reading(Reading.good("inlet", 22, "C", clock.instant()));
        for (int i = 0; i < 7; i++) {
            clock.advance(Duration.ofSeconds(5));
            freshness.reading(Reading.failed("inlet", i % 2 == 0 ? Quality.STALE : Quality.BAD, "no answer", "C", clock.instant()));
            freshness.check();
        }
        assertEquals(List.of("inlet no-data MINOR raised"), changes);
    }

    @Test
    void anOldReadingDeliveredLateDoesNotMakeTheSensorCurrent() throws SQLException {
        clock.advance(Duration.ofMinutes(10));
        freshness.check();
        freshness.reading(Reading.good("inlet", 22, "C", clock.instant().minus(Duration.ofMinutes(9)))); // from the agent's queue
        assertEquals(List.of("inlet no-data MINOR raised"), changes);
        assertFalse(freshness.isCurrent("inlet"));
    }
}
