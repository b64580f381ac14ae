package id.jaga.controller.alarm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.jaga.config.SiteConfig;
import id.jaga.config.SiteLoader;
import id.jaga.config.Storage;
import id.jaga.controller.ingest.LatestReadings;
import id.jaga.controller.storage.Database;
import id.jaga.sensors.wire.Reading;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Dew point derived from humidity and temperature, with the ASHRAE defaults, over the real alarm service on H2. */
class DewPointTest {
    private static final Instant T0 = Instant.parse("2026-11-22T03:00:00Z");
    private static final SiteConfig SITE = new SiteLoader().parse("dew.yaml", """
            site: {id: dc}
            rooms: [{id: room}]
            agents: [{id: pi-1, room: room}]
            racks:
              - id: rack-1
                room: room
                sensors:
                  - {id: r1-inlet, kind: temperature, agent: pi-1, driver: {type: simulated}}
                  - {id: r1-humidity, kind: humidity, agent: pi-1, driver: {type: simulated, nominal: 45}}
              - id: rack-2
                room: room
                sensors:
                  - {id: r2-inlet, kind: temperature, agent: pi-1, driver: {type: simulated}}
                  - {id: r2-outlet, kind: temperature, agent: pi-1, driver: {type: simulated, nominal: 35}}
                  - {id: r2-humidity, kind: humidity, agent: pi-1, driver: {type: simulated, nominal: 45}}
              - id: rack-3
                room: room
                sensors:
                  - {id: r3-inlet, kind: temperature, agent: pi-1, driver: {type: ds18b20, serial: 28-0316a2791cff}}
                  - {id: r3-sht-temperature, kind: temperature, agent: pi-1, driver: {type: sht31, bus: 1, address: 0x44}}
                  - {id: r3-humidity, kind: humidity, agent: pi-1, driver: {type: sht31, bus: 1, address: 0x44}}
            """);

    private final List<String> changes = new ArrayList<>();
    private final List<AlarmChange> alarmChanges = new ArrayList<>();
    private final LatestReadings latest = new LatestReadings();
    private Database db;
    private AlarmStore store;
    private DewPoint dewPoint;

    @BeforeEach
    void open() throws SQLException {
        db = Database.open(new Storage("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", null, null));
        AlarmService alarms = new AlarmService(new AlarmStore(db), Clock.fixed(T0, ZoneOffset.UTC), (c, active) -> {
            changes.add(c.alarm().source() + " " + c.alarm().type() + " " + c.alarm().severity() + " " + c.change() + " "
                    + c.alarm().lastValue());
            alarmChanges.add(c);
        });
        store = new AlarmStore(db);
        dewPoint = new DewPoint(SITE, alarms, latest::get);
    }

    @AfterEach
    void close() {
        db.close();
    }

    private void read(String sensor, double value, String unit) throws SQLException {
        Reading r = Reading.good(sensor, value, unit, T0);
        latest.offer(r);
        dewPoint.reading(r);
    }

    @Test
    void magnusAgreesWithHandComputedValues() {
        // gamma = ln(0.5) + 17.62*25/(243.12+25) = -0.693147 + 1.642884 = 0.949737; Td = 243.12*0.949737/16.670263 = 13.85
        assertEquals(13.85, DewPoint.of(25, 50), 0.01);
        // gamma = ln(0.8) + 17.62*30/273.12 = -0.223144 + 1.935413 = 1.712269; Td = 243.12*1.712269/15.907731 = 26.17
        assertEquals(26.17, DewPoint.of(30, 80), 0.01);
        assertEquals(20.0, DewPoint.of(20, 100), 1e-9, "saturated air: dew point = temperature");
    }

    @Test
    void humidAirRaisesAMajorDewPointAlarmOnTheHumiditySensor() throws SQLException {
        read("r1-inlet", 25, "C");
        read("r1-humidity", 50, "%RH"); // 13.9 C: within the recommended -9 to 15 C
        assertEquals(List.of(), changes);

        read("r1-humidity", 65, "%RH"); // 25 C and 65 %RH: 18.0 C, above the allowable 17 C
        assertEquals(List.of("r1-humidity dew-point-high MAJOR raised 18.0"), changes);
    }

    @Test
    void aDewPointAlarmsValueIsInCelsiusThoughItsSourceIsAHumiditySensor() throws SQLException {
        read("r1-inlet", 25, "C");
        read("r1-humidity", 65, "%RH");
        assertEquals(1, alarmChanges.size());
        Alarm raised = alarmChanges.get(0).alarm();
        assertEquals("r1-humidity", raised.source());
        assertEquals(18.0, raised.lastValue());
        assertEquals("C", raised.unit(), "a dew point is a temperature: not the source sensor's %RH");
        assertEquals("C", alarmChanges.get(0).toEvent("dc").unit(), "on MQTT and to the notification channels");
        assertEquals("C", store.find(raised.id()).orElseThrow().unit(), "as stored, for the API and the console");
        assertTrue(raised.message().contains("18.0 C"), raised.message());
    }

    @Test
    void theOnlyTemperatureOfTheRackOrTheOneOnTheSameDeviceIsThePartnerAndNothingIsGuessed() {
        assertEquals(Optional.of("r1-inlet"), dewPoint.partnerOf("r1-humidity"));
        assertEquals(Optional.empty(), dewPoint.partnerOf("r2-humidity"), "inlet or outlet: not guessed");
        assertEquals(Optional.of("r3-sht-temperature"), dewPoint.partnerOf("r3-humidity"), "the SHT31 measures both");
    }
}
