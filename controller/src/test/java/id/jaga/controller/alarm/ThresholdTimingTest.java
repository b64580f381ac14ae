package id.jaga.controller.alarm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import id.jaga.config.SiteConfig;
import id.jaga.config.SiteConfig.PlacedSensor;
import id.jaga.config.SiteLoader;
import id.jaga.config.Storage;
import id.jaga.controller.HandClock;
import id.jaga.controller.ingest.ReadingStore;
import id.jaga.controller.storage.Database;
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

/** Hysteresis and "for" durations, on a clock moved by hand, with the real stores on H2. */
class ThresholdTimingTest {
    private static final SiteConfig SITE = new SiteLoader().parse("timing.yaml", """
            site: {id: dc}
            rooms: [{id: room}]
            agents: [{id: pi-1, room: room}]
            thresholds:
              temperature:
                warning: {high: 27, clearHigh: 26, for: 5m}
                critical: {high: 32, clearHigh: 31}
            racks:
              - id: rack-1
                room: room
                sensors: [{id: inlet, kind: temperature, agent: pi-1, driver: {type: simulated}}]
            """);
    private static final PlacedSensor INLET = SITE.sensor("inlet").orElseThrow();

    private final HandClock clock = new HandClock(Instant.parse("2026-11-22T03:00:00Z"));
    private final List<String> changes = new ArrayList<>();
    private Database db;
    private AlarmService alarms;

    @BeforeEach
    void open() throws SQLException {
        db = Database.open(new Storage("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", null, null));
        alarms = newService();
    }

    private AlarmService newService() throws SQLException {
        return new AlarmService(new AlarmStore(db), clock, (c, active) -> changes.add(c.alarm().severity() + " " + c.change()));
    }

    @AfterEach
    void close() {
        db.close();
    }

    private void read(double value) throws SQLException {
        alarms.evaluate(INLET, Reading.good("inlet", value, "C", clock.instant()), SITE.thresholdsFor(INLET));
    }

    @Test
    void aWarningWaitsOutItsDurationAndABriefExcursionRaisesNothing() throws SQLException {
        read(28);
        clock.advance(Duration.ofMinutes(4));
        read(28);
        read(26.5); // back under the limit: the timer starts over
        clock.advance(Duration.ofMinutes(2));
        read(28);
        clock.advance(Duration.ofMinutes(4));
        read(28);
        assertEquals(List.of(), changes, "never 5 minutes in a row");

        clock.advance(Duration.ofMinutes(1));
        read(28);
        assertEquals(List.of("WARNING raised"), changes);
    }

    @Test
    void aValueHoveringAtTheLimitRaisesOneAlarmNotAStorm() throws SQLException {
        read(33); // critical has no duration
        for (double v : new double[] {31.9, 32.1, 31.5, 32.2, 31.2}) {
            read(v);
        }
        assertEquals(List.of("CRITICAL raised"), changes, "between clear 31 and raise 32 the alarm holds");

        read(30.9);
        assertEquals(List.of("CRITICAL raised", "CRITICAL cleared"), changes,
                "past the critical clear limit, and the warning has not held for 5 minutes");
    }

    @Test
    void aFastRiseAlarmsBeforeAnyLimitAndClearsWhenItLevelsOff() throws SQLException {
        double t = 20;
        for (int minute = 0; minute <= 12; minute++) { // 0.5 C a minute: a cooling failure
            read(t + minute * 0.5);
            clock.advance(Duration.ofMinutes(1));
        }
        assertEquals(List.of("MAJOR raised"), changes, "5 C within 15 min at 25 C: below the 27 C warning, still alarmed");

        for (int minute = 0; minute < 16; minute++) { // levels off at 26 C
            read(26);
            clock.advance(Duration.ofMinutes(1));
        }
        assertEquals(List.of("MAJOR raised", "MAJOR cleared"), changes);
    }

    @Test
    void theRiseWindowIsRebuiltFromStoredReadingsAfterARestart() throws SQLException {
        // The window lives in the stored readings; store two as ingest would.
        ReadingStore readings = new ReadingStore(db);
        readings.insert(List.of(new ReadingStore.Message("pi-1", 1, clock.instant(), List.of(Reading.good("inlet", 20, "C", clock.instant())))));
        clock.advance(Duration.ofMinutes(10));
        alarms = newService(); // the controller restarts and has seen nothing yet
        read(25.5);

        assertEquals(List.of("MAJOR raised"), changes);
    }

    @Test
    void aPendingDurationSurvivesARestart() throws SQLException {
        read(28);
        clock.advance(Duration.ofMinutes(4));
        alarms = newService(); // the controller restarts
        clock.advance(Duration.ofMinutes(1));
        read(28);

        assertEquals(List.of("WARNING raised"), changes, "4 minutes before the restart and 1 after make 5");
    }
}
