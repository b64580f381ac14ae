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

/** The UPS communication alarm and the no-data alarms it stands for, on a clock moved by hand, over the real alarm service on H2. */
class UpsCommunicationTest {
    private static final SiteConfig SITE = new SiteLoader().parse("ups.yaml", """
            site: {id: dc}
            rooms:
              - id: room
                sensors:
                  - {id: ups-charge, kind: battery-charge, agent: pi-1, staleAfter: 30s, driver: {type: nut, ups: ups, var: battery.charge}}
                  - {id: ups-status, kind: ups-status, agent: pi-1, staleAfter: 30s, driver: {type: nut, ups: ups, var: ups.status}}
                  - {id: ups-2-charge, kind: battery-charge, agent: pi-1, staleAfter: 30s, driver: {type: nut, host: 10.0.0.9, ups: ups, var: battery.charge}}
                  - {id: inlet, kind: temperature, agent: pi-1, staleAfter: 30s, driver: {type: ds18b20, serial: 28-0316a2791cff}}
            agents: [{id: pi-1, room: room}]
            """);
    private static final String REFUSED = "no answer from upsd at 127.0.0.1:3493: ConnectException: Connection refused";

    private final HandClock clock = new HandClock(Instant.parse("2026-11-22T03:00:00Z"));
    private final List<String> changes = new ArrayList<>();
    private final List<Alarm> raised = new ArrayList<>();
    private Database db;
    private Freshness freshness;

    @BeforeEach
    void open() throws SQLException {
        db = Database.open(new Storage("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", null, null));
        AlarmService alarms = new AlarmService(new AlarmStore(db), clock, (c, active) -> {
            changes.add(c.alarm().source() + " " + c.alarm().type() + " " + c.alarm().severity() + " " + c.change());
            raised.add(c.alarm());
        });
        freshness = new Freshness(SITE, alarms, clock);
    }

    @AfterEach
    void close() {
        db.close();
    }

    /** One poll round of the agent: every UPS sensor read well, or all failing with the same reason. */
    private void round(String status, String failure) throws SQLException {
        Instant now = clock.instant();
        if (failure == null) {
            freshness.reading(Reading.goodText("ups-status", status, "tokens", now));
            freshness.reading(Reading.good("ups-charge", 90, "%", now));
        } else {
            freshness.reading(Reading.failed("ups-status", Quality.STALE, failure, "tokens", now));
            freshness.reading(Reading.failed("ups-charge", Quality.STALE, failure, "%", now));
        }
        freshness.reading(Reading.good("ups-2-charge", 90, "%", now));
        freshness.reading(Reading.good("inlet", 22, "C", now));
    }

    private void pollFor(Duration d, String status, String failure) throws SQLException {
        for (long s = 0; s < d.toSeconds(); s += 5) {
            clock.advance(Duration.ofSeconds(5));
            round(status, failure);
            freshness.check();
        }
    }

    @Test
    void aUpsTheAgentCannotReadIsOneMajorAlarmWithItsReasonAndNoNoDataForItsSensors() throws SQLException {
        round("OL", null);
        pollFor(Duration.ofSeconds(25), null, REFUSED);
        assertEquals(List.of(), changes, "within staleAfter: nothing yet");

        pollFor(Duration.ofSeconds(60), null, REFUSED);
        assertEquals(List.of("ups-status ups-communication-lost MAJOR raised"), changes);
        Alarm alarm = raised.get(0);
        assertEquals("UPS ups@127.0.0.1:3493 of agent pi-1 cannot be read: " + REFUSED + " (no good reading since"
                + " 2026-11-22T03:00:00Z; sensors ups-charge, ups-status)", alarm.message());
        assertFalse(freshness.isCurrent("ups-charge"), "its values are still shown as stale");

        round("OL", null);
        assertEquals(List.of("ups-status ups-communication-lost MAJOR raised", "ups-status ups-communication-lost MAJOR cleared"),
                changes);
        freshness.check();
        assertTrue(freshness.isCurrent("ups-status"));
        assertEquals(2, changes.size(), "no no-data afterwards either");
    }

    @Test
    void aUpsLostWhileOnBatteryIsCritical() throws SQLException {
        round("OB DISCHRG", null);
        pollFor(Duration.ofSeconds(35), null, "upsd says the data of UPS 'ups' on upsd 127.0.0.1:3493 is stale (DATA-STALE)");
        assertEquals(List.of("ups-status ups-communication-lost CRITICAL raised"), changes);
        assertTrue(raised.get(0).message().endsWith("; it was last seen on battery; sensors ups-charge, ups-status)"),
                raised.get(0).message());
    }

    @Test
    void anAgentThatFallsSilentGetsNoUpsAlarmButItsSensorsGetNoData() throws SQLException {
        round("OL", null);
        clock.advance(Duration.ofSeconds(31)); // nothing more heard: the agent's own offline alarm is for that
        freshness.check();
        assertEquals(List.of("inlet no-data MINOR raised", "ups-2-charge no-data MINOR raised", "ups-charge no-data MINOR raised",
                "ups-status no-data MINOR raised"), changes.stream().sorted().toList());
    }

    @Test
    void oneVariableMissingIsThatSensorsOwnNoData() throws SQLException {
        round("OL", null);
        for (int i = 0; i < 8; i++) {
            clock.advance(Duration.ofSeconds(5));
            Instant now = clock.instant();
            freshness.reading(Reading.goodText("ups-status", "OL", "tokens", now));
            freshness.reading(Reading.failed("ups-charge", Quality.STALE, "UPS ups@127.0.0.1:3493 does not report battery.charge", "%", now));
            freshness.reading(Reading.good("ups-2-charge", 90, "%", now));
            freshness.reading(Reading.good("inlet", 22, "C", now));
            freshness.check();
        }
        assertEquals(List.of("ups-charge no-data MINOR raised"), changes, "the UPS answers: only the one sensor has no data");
    }
}
