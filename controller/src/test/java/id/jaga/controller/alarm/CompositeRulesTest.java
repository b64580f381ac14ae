package id.jaga.controller.alarm;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Composite alarms from the site file, over the real alarm service on H2. */
class CompositeRulesTest {
    private static final Instant T0 = Instant.parse("2026-11-22T03:00:00Z");
    private static final SiteConfig SITE = new SiteLoader().parse("composites.yaml", """
            site: {id: dc}
            rooms:
              - id: server-room
                sensors:
                  - {id: smoke-1, kind: smoke, agent: pi-1, driver: {type: simulated}}
                  - {id: smoke-2, kind: smoke, agent: pi-1, driver: {type: simulated}}
                  - {id: ups, kind: ups-status, agent: pi-1, driver: {type: simulated}}
                  - {id: ups-runtime, kind: battery-runtime, agent: pi-1, driver: {type: simulated}}
            agents: [{id: pi-1, room: server-room}]
            racks:
              - {id: r1, room: server-room, sensors: [{id: t1, kind: temperature, agent: pi-1, driver: {type: simulated}}]}
              - {id: r2, room: server-room, sensors: [{id: t2, kind: temperature, agent: pi-1, driver: {type: simulated}}]}
              - {id: r3, room: server-room, sensors: [{id: t3, kind: temperature, agent: pi-1, driver: {type: simulated}}]}
            composites:
              - {id: fire-confirmed, room: server-room, severity: critical, all: [{alarm: smoke, atLeast: 2}]}
              - id: ups-exhaustion
                severity: critical
                all: [{alarm: ups-on-battery}, {sensor: ups-runtime, below: 600}]
              - {id: cooling-failure, room: server-room, severity: critical, any: [{racksAtLeast: major, moreThan: 0.5}]}
            """);

    private final List<String> changes = new ArrayList<>();
    private final LatestReadings latest = new LatestReadings();
    private Database db;
    private AlarmService alarms;
    private DiscreteRules discrete;
    private CompositeRules composites;

    @BeforeEach
    void open() throws SQLException {
        db = Database.open(new Storage("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", null, null));
        alarms = new AlarmService(new AlarmStore(db), Clock.fixed(T0, ZoneOffset.UTC),
                (c, active) -> changes.add(c.alarm().source() + " " + c.alarm().type() + " " + c.change()));
        discrete = new DiscreteRules(alarms);
        composites = new CompositeRules(SITE, alarms, latest::get);
    }

    @AfterEach
    void close() {
        db.close();
    }

    private void read(Reading r) throws SQLException {
        latest.offer(r);
        var placed = SITE.sensor(r.sensor()).orElseThrow();
        alarms.evaluate(placed, r, SITE.thresholdsFor(placed));
        discrete.evaluate(placed, r);
        composites.evaluate();
    }

    private List<String> composite(String type) {
        return changes.stream().filter(c -> c.contains(" " + type + " ")).toList();
    }

    @Test
    void oneSmokeDetectorIsSmokeTwoAreAConfirmedFireUntilTheSmokeIsReset() throws Exception {
        read(Reading.good("smoke-1", 1, "alarm", T0));
        assertEquals(List.of(), composite("fire-confirmed"));

        read(Reading.good("smoke-2", 1, "alarm", T0));
        assertEquals(List.of("server-room fire-confirmed raised"), composite("fire-confirmed"));

        read(Reading.good("smoke-1", 0, "alarm", T0));
        assertEquals(List.of("server-room fire-confirmed raised"), composite("fire-confirmed"), "smoke alarms are latched");

        long smoke1 = alarms.activeAlarms().stream().filter(a -> a.source().equals("smoke-1")).findFirst().orElseThrow().id();
        alarms.reset(smoke1, "budi", "room checked");
        composites.evaluate();
        assertEquals(List.of("server-room fire-confirmed raised", "server-room fire-confirmed cleared"), composite("fire-confirmed"));
    }

    @Test
    void onBatteryAloneIsNotExhaustionButWithLittleRuntimeLeftItIs() throws SQLException {
        read(Reading.goodText("ups", "OB DISCHRG", "tokens", T0));
        read(Reading.good("ups-runtime", 1500, "s", T0));
        assertEquals(List.of(), composite("ups-exhaustion"));

        read(Reading.good("ups-runtime", 540, "s", T0));
        assertEquals(List.of("dc ups-exhaustion raised"), composite("ups-exhaustion"), "site-wide: the site is the source");
    }

    @Test
    void moreThanHalfTheRacksAboveMajorIsACoolingFailure() throws SQLException {
        read(Reading.good("t1", 33, "C", T0)); // critical
        assertEquals(List.of(), composite("cooling-failure"), "one rack of three");

        read(Reading.good("t2", 29, "C", T0)); // only a warning: below major
        assertEquals(List.of(), composite("cooling-failure"));

        read(Reading.good("t3", 34, "C", T0));
        assertEquals(List.of("server-room cooling-failure raised"), composite("cooling-failure"));
    }

    @Test
    void aConditionWithinARoomSeesTheAlarmsOfItsDoorsToo() throws SQLException {
        SiteConfig site = new SiteLoader().parse("doors.yaml", AlarmSourcesTest.SITE.replace("composites:\n", """
                composites:
                  - {id: break-in, room: server-room, severity: critical, all: [{alarm: door-forced}, {alarm: smoke}]}
                  - {id: noc-break-in, room: noc-room, severity: critical, any: [{alarm: door-forced}]}
                """));
        CompositeRules rules = new CompositeRules(site, alarms, latest::get);
        alarms.condition("server-door", "door-forced", id.jaga.config.Severity.CRITICAL, "door forced open", null);
        alarms.condition("smoke-1", "smoke", id.jaga.config.Severity.CRITICAL, "smoke", null);
        rules.evaluate();

        assertEquals(List.of("server-room break-in raised"), composite("break-in"), "the door is in the server room");
        assertEquals(List.of(), composite("noc-break-in"), "and not in the NOC's");
    }
}
