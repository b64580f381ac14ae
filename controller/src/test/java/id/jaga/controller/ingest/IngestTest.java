package id.jaga.controller.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.jaga.config.SiteConfig;
import id.jaga.config.SiteLoader;
import id.jaga.config.Storage;
import id.jaga.controller.alarm.Alarm;
import id.jaga.controller.alarm.AlarmService;
import id.jaga.controller.alarm.AlarmStore;
import id.jaga.controller.alarm.CompositeRules;
import id.jaga.controller.alarm.Freshness;
import id.jaga.controller.history.ReadingHistory;
import id.jaga.controller.presence.Presence;
import id.jaga.controller.storage.Database;
import id.jaga.controller.storage.StorageUnavailableException;
import id.jaga.sensors.auth.AgentKeyRing;
import id.jaga.controller.AgentKeysForTests;
import id.jaga.sensors.auth.MessageAuth;
import id.jaga.sensors.mqtt.MqttLink.Incoming;
import id.jaga.sensors.wire.AgentState;
import id.jaga.sensors.wire.AgentEvent;
import id.jaga.sensors.wire.Quality;
import id.jaga.sensors.wire.Reading;
import id.jaga.sensors.wire.Telemetry;
import id.jaga.sensors.wire.Topics;
import id.jaga.sensors.wire.Wire;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Ingest with the real stores on a real database, H2 here and PostgreSQL in {@link IngestOnPostgresTest};
 * messages go in as the broker delivers them.
 */
class IngestTest {
    private static final SiteConfig SITE = AgentKeysForTests.withKeys(new SiteLoader().parse("ingest.yaml", """
            site: {id: dc}
            rooms: [{id: room, sensors: [{id: smoke-1, kind: smoke, agent: pi-1, driver: {type: simulated}}]}]
            agents: [{id: pi-1, room: room}, {id: pi-2, room: room}]
            racks:
              - id: rack-1
                room: room
                capacity: 6kW
                sensors:
                  - {id: inlet-1, kind: temperature, agent: pi-1, driver: {type: simulated}}
                  - {id: ups, kind: ups-status, agent: pi-1, driver: {type: simulated}}
                  - {id: mains, kind: mains-voltage, agent: pi-1, driver: {type: simulated}}
                  - {id: power-1, kind: power, agent: pi-1, driver: {type: simulated}}
              - id: rack-2
                room: room
                sensors:
                  - {id: inlet-2, kind: temperature, agent: pi-2, driver: {type: simulated}}
                  - {id: power-2, kind: power, agent: pi-2, driver: {type: simulated}}
            """));
    private static final Instant T0 = Instant.parse("2026-11-22T03:00:00Z");

    private final Topics topics = new Topics("jaga/v1", "dc");
    private final List<String> changes = new ArrayList<>();
    private Storage storage;
    private Database db;
    private Rejections rejections;
    private LatestReadings latest;
    private Ingest ingest;
    private long seq;

    /** A fresh, empty database for one test. */
    Storage freshDatabase() throws SQLException {
        return new Storage("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", null, null);
    }

    @BeforeEach
    void open() throws SQLException {
        storage = freshDatabase();
        db = Database.open(storage);
        ingest = newIngest(db);
    }

    private Ingest newIngest(Database database) throws SQLException {
        return newIngest(database, SITE, SequenceFollower.NONE);
    }

    private Ingest newIngest(Database database, SequenceFollower follower) throws SQLException {
        return newIngest(database, SITE, follower);
    }

    private Ingest newIngest(Database database, SiteConfig site, SequenceFollower follower) throws SQLException {
        Clock clock = Clock.fixed(T0, ZoneOffset.UTC);
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        rejections = new Rejections(registry, site, clock);
        latest = new LatestReadings();
        AlarmService alarms = new AlarmService(new AlarmStore(database), clock,
                (c, active) -> changes.add(c.alarm().source() + " " + c.alarm().type() + " " + c.alarm().severity() + " " + c.change()));
        return new Ingest(site, new ReadingStore(database), latest, alarms, new Freshness(site, alarms, clock),
                new CompositeRules(site, alarms, latest::get), new Presence(site, alarms, clock), rejections,
                new SequenceGuard(database), new AgentAuthenticator(site, clock), follower, registry, clock);
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void readingsAreStoredAndBecomeTheLatest() throws SQLException {
        send("pi-1", Reading.good("inlet-1", 22.5, "C", T0), Reading.goodText("ups", "OL CHRG", "tokens", T0));

        assertEquals(2, count("SELECT COALESCE(SUM(reading_count), 0) FROM telemetry"));
        assertEquals(22.5, latest.get("inlet-1").orElseThrow().value());
        assertEquals("OL CHRG", latest.get("ups").orElseThrow().text());
        assertTrue(rejections.counts().isEmpty());
    }

    @Test
    void aReadingThatDoesNotBelongIsRefusedAndTheRestOfTheBatchKept() throws SQLException {
        send("pi-1", Reading.good("inlet-1", 22.5, "C", T0), Reading.good("inlet-2", 23, "C", T0),
                Reading.good("inlet-1", 22.6, "F", T0), Reading.good("ups", 1, "tokens", T0));

        assertEquals(1, count("SELECT COALESCE(SUM(reading_count), 0) FROM telemetry"));
        assertEquals(Map.of("unknown-sensor", 1L, "unit-mismatch", 1L, "wrong-value-type", 1L), rejections.counts());
    }

    @Test
    void absurdValuesAndFutureTimestampsAreRefusedNotStored() throws SQLException {
        send("pi-1", Reading.good("inlet-1", -300, "C", T0), Reading.good("inlet-1", 22, "C", T0.plusSeconds(3600)),
                Reading.good("inlet-1", 22, "C", T0.plusSeconds(30)));

        assertEquals(Map.of("out-of-range", 1L, "future-timestamp", 1L), rejections.counts());
        assertEquals(1, count("SELECT COALESCE(SUM(reading_count), 0) FROM telemetry"), "30 s ahead is within clock skew");
        assertEquals(List.of(), changes, "-300 C raised no alarm");
    }

    @Test
    void implausiblyLargeTemperaturesAreRefusedNeitherJudgedNorStored() throws SQLException {
        send("pi-1", Reading.good("inlet-1", 1e308, "C", T0), Reading.good("inlet-1", 1e29, "C", T0));
        send("pi-1", Reading.good("inlet-1", 125.5, "C", T0), Reading.good("inlet-1", -40.5, "C", T0));

        assertEquals(Map.of("out-of-range", 4L), rejections.counts());
        assertEquals(List.of(), changes, "no alarm from a value no sensor measures");
        assertEquals(0, count("SELECT COALESCE(SUM(reading_count), 0) FROM telemetry"));
        assertTrue(latest.get("inlet-1").isEmpty(), "nor is it shown as the newest value");
    }

    @Test
    void theEndsOfATemperaturesBoundsAreStillReadings() throws SQLException {
        send("pi-1", Reading.good("inlet-1", 125, "C", T0), Reading.good("inlet-1", -40, "C", T0));

        assertTrue(rejections.counts().isEmpty());
        assertEquals(List.of(125.0, -40.0), stored("pi-1", "inlet-1"));
    }

    @Test
    void theRefusalNamesTheBoundsTheValueBroke() {
        String logged = stderrOf(() -> send("pi-1", Reading.good("inlet-1", 1e29, "C", T0)));

        assertTrue(logged.contains("rejected out-of-range from pi-1: reading of 'inlet-1' in message 1: out-of-range"
                + " (value 1.0E29 C outside -40..125 C)"), logged);
    }

    @Test
    void readingsDatedBeforeAnyAgentQueueKeepsThemAreRefusedAsTooOld() throws SQLException {
        send("pi-1", Reading.good("inlet-1", 22, "C", Instant.parse("1970-01-01T00:00:00Z")),
                Reading.good("inlet-1", 22, "C", Instant.parse("0001-01-01T00:00:00Z")),
                Reading.good("inlet-1", 22, "C", Instant.parse("1969-12-31T23:59:59Z")),
                Reading.failed("inlet-1", Quality.BAD, "CRC error", "C", Instant.parse("1970-01-01T00:00:00Z")));

        assertEquals(Map.of("too-old", 4L), rejections.counts());
        assertEquals(0, count("SELECT COALESCE(SUM(reading_count), 0) FROM telemetry"));
        assertTrue(latest.get("inlet-1").isEmpty());
    }

    @Test
    void aReadingAsOldAsTheAgentsQueueKeepsWithTheMarginIsStoredAndOlderRefused() throws SQLException {
        Instant oldest = T0.minus(Duration.ofDays(7)).minus(Duration.ofHours(1)); // queueMaxAge 7 d by default, 1 h margin
        send("pi-1", Reading.good("inlet-1", 21, "C", oldest), Reading.good("inlet-1", 22, "C", oldest.minusMillis(1)));

        assertEquals(Map.of("too-old", 1L), rejections.counts());
        assertEquals(List.of(21.0), stored("pi-1", "inlet-1"));
    }

    @Test
    void theAgeLimitFollowsTheAgentsOwnQueue() throws SQLException {
        SiteConfig site = new SiteLoader().parse("queue.yaml", """
                site: {id: dc}
                rooms: [{id: room}]
                agents: [{id: pi-1, room: room, queueMaxAge: 1d}]
                racks: [{id: rack-1, room: room, sensors: [{id: inlet-1, kind: temperature, agent: pi-1, driver: {type: simulated}}]}]
                """);
        ingest = newIngest(db, withKeysOf(SITE, site), SequenceFollower.NONE);

        send("pi-1", Reading.good("inlet-1", 21, "C", T0.minus(Duration.ofHours(24))),
                Reading.good("inlet-1", 22, "C", T0.minus(Duration.ofHours(26))));

        assertEquals(Map.of("too-old", 1L), rejections.counts());
        assertEquals(List.of(21.0), stored("pi-1", "inlet-1"));
    }

    @Test
    void aRacksPowerIsBoundedByTwiceItsCapacityAndOtherPowerByTheCeiling() throws SQLException {
        send("pi-1", Reading.good("power-1", 12_000, "W", T0), Reading.good("power-1", 12_000.5, "W", T0),
                Reading.good("power-1", -5, "W", T0), Reading.good("power-1", 1e29, "W", T0));
        send("pi-2", Reading.good("power-2", 50_000, "W", T0), Reading.good("power-2", 1e29, "W", T0));

        assertEquals(Map.of("out-of-range", 4L), rejections.counts(), "rack-1 is rated 6 kW; rack-2 has no capacity");
        assertEquals(List.of(12_000.0), stored("pi-1", "power-1"));
        assertEquals(List.of(50_000.0), stored("pi-2", "power-2"));
    }

    @Test
    void aSensorsOwnBoundsReplaceItsKindsBothWays() throws SQLException {
        SiteConfig site = new SiteLoader().parse("bounds.yaml", """
                site: {id: dc}
                rooms: [{id: room}]
                agents: [{id: pi-1, room: room}]
                racks:
                  - id: rack-1
                    room: room
                    sensors:
                      - {id: inlet-1, kind: temperature, agent: pi-1, driver: {type: simulated}, bounds: {min: -10, max: 60}}
                      - {id: freezer, kind: temperature, agent: pi-1, driver: {type: simulated}, bounds: {min: -60}}
                """);
        ingest = newIngest(db, withKeysOf(SITE, site), SequenceFollower.NONE);

        send("pi-1", Reading.good("inlet-1", 70, "C", T0), Reading.good("inlet-1", -15, "C", T0),
                Reading.good("inlet-1", 60, "C", T0));
        send("pi-1", Reading.good("freezer", -55, "C", T0), Reading.good("freezer", 130, "C", T0));

        assertEquals(Map.of("out-of-range", 3L), rejections.counts(),
                "70 and -15 are inside the kind's bounds but not the sensor's; 130 is beyond the kind's maximum, which the freezer keeps");
        assertEquals(List.of(60.0), stored("pi-1", "inlet-1"));
        assertEquals(List.of(-55.0), stored("pi-1", "freezer"), "-55 is outside the kind's bounds but inside the sensor's");
    }

    @Test
    void aContactIsZeroOrOneAndNothingBetween() throws SQLException {
        send("pi-1", Reading.good("smoke-1", 0.5, "alarm", T0), Reading.good("smoke-1", 2, "alarm", T0),
                Reading.good("smoke-1", 0, "alarm", T0));

        assertEquals(Map.of("out-of-range", 2L), rejections.counts());
        assertEquals(List.of(), changes, "half a smoke raises nothing");
        assertEquals(List.of(0.0), stored("pi-1", "smoke-1"));
    }

    @Test
    void smokeIsCriticalAtOnceAndLatched() {
        send("pi-1", Reading.good("smoke-1", 0, "alarm", T0));
        send("pi-1", Reading.good("smoke-1", 1, "alarm", T0));
        send("pi-1", Reading.good("smoke-1", 0, "alarm", T0));

        assertEquals(List.of("smoke-1 smoke CRITICAL raised", "smoke-1 smoke CRITICAL condition-cleared"), changes);
    }

    @Test
    void upsStatusTokensRaiseTheirAlarmsAndALostUpsOnBatteryCountsAsLowBattery() {
        send("pi-1", Reading.goodText("ups", "OL CHRG", "tokens", T0));
        send("pi-1", Reading.goodText("ups", "OB DISCHRG", "tokens", T0));
        send("pi-1", Reading.goodText("ups", "OB DISCHRG", "tokens", T0));
        send("pi-1", Reading.failed("ups", Quality.STALE, "connection refused", "tokens", T0));
        send("pi-1", Reading.goodText("ups", "OL CHRG RB", "tokens", T0));

        assertEquals(List.of(
                "ups ups-on-battery MAJOR raised",
                "ups ups-low-battery CRITICAL raised",
                "ups ups-on-battery MAJOR cleared",
                "ups ups-low-battery CRITICAL cleared",
                "ups ups-replace-battery MINOR raised"), changes);
    }

    @Test
    void badMessagesAreCountedByReasonAndNothingIsStored() throws SQLException {
        String telemetry = topics.agent("pi-1", Topics.TELEMETRY);
        ingest.accept(raw(telemetry, "{not json"));
        ingest.accept(raw(telemetry, "{\"schema\":1,\"agent\":\"pi-1\",\"ts\":\"2026-11-22T03:00:00Z\",\"readings\":[]}"));
        ingest.accept(raw(telemetry, "{\"schema\":2,\"agent\":\"pi-1\",\"seq\":1,\"ts\":\"2026-11-22T03:00:00Z\",\"readings\":[]}"));
        ingest.accept(raw(telemetry, Wire.encodeToString(new Telemetry("pi-2", 1, T0, List.of(Reading.good("inlet-2", 1, "C", T0))))));
        ingest.accept(raw(topics.agent("ghost", Topics.TELEMETRY), Wire.encodeToString(new Telemetry("ghost", 1, T0, List.of()))));
        ingest.accept(raw(topics.root() + "/agent/pi-1", "{}"));
        ingest.accept(raw(topics.agent("pi-1", "firmware"), "{}"));

        assertEquals(Map.of("not-json", 1L, "missing-field", 1L, "schema-version", 1L, "agent-mismatch", 1L,
                "unknown-agent", 1L, "unknown-topic", 2L), rejections.counts());
        assertEquals(0, count("SELECT COALESCE(SUM(reading_count), 0) FROM telemetry"));
    }

    @Test
    void anAlarmIsRaisedEscalatedDeescalatedAndClearedAsOneAlarm() throws SQLException {
        send("pi-1", Reading.good("inlet-1", 30, "C", T0));
        send("pi-1", Reading.good("inlet-1", 30.5, "C", T0));
        send("pi-1", Reading.good("inlet-1", 33, "C", T0));
        send("pi-1", Reading.good("inlet-1", 29, "C", T0));
        send("pi-1", Reading.good("inlet-1", 24, "C", T0));

        assertEquals(List.of(
                "inlet-1 temperature-high WARNING raised",
                "inlet-1 temperature-high CRITICAL escalated",
                "inlet-1 temperature-high WARNING deescalated",
                "inlet-1 temperature-high WARNING cleared"), changes, "a repeat of the same condition notifies nobody");
        assertEquals(1, count("SELECT COUNT(*) FROM alarm"));
        assertEquals(5, count("SELECT COUNT(*) FROM alarm_change"), "every change, repeats included, is in the history");
        assertEquals(33, count("SELECT peak_value FROM alarm"));
    }

    @Test
    void lowAndHighAreSeparateAlarmsAndAJumpAcrossClearsTheOther() {
        send("pi-1", Reading.good("inlet-1", 16, "C", T0));
        send("pi-1", Reading.good("inlet-1", 29, "C", T0));

        assertEquals(List.of("inlet-1 temperature-low WARNING raised", "inlet-1 temperature-high WARNING raised",
                "inlet-1 temperature-low WARNING cleared", "inlet-1 temperature-rising MAJOR raised"), changes,
                "13 C within a moment is also a rise far beyond the default 5 C in 15 minutes");
    }

    @Test
    void staleOrBadDataNeitherRaisesNorClears() {
        send("pi-1", Reading.good("inlet-1", 30, "C", T0));
        send("pi-1", Reading.failed("inlet-1", Quality.STALE, "no answer", "C", T0));
        send("pi-1", Reading.failed("inlet-1", Quality.BAD, "CRC error", "C", T0));

        assertEquals(List.of("inlet-1 temperature-high WARNING raised"), changes);
    }

    @Test
    void activeAlarmsSurviveARestart() throws SQLException {
        send("pi-1", Reading.good("inlet-1", 30, "C", T0));
        Ingest restarted = newIngest(db);

        restarted.accept(telemetry("pi-1", Reading.good("inlet-1", 22, "C", T0)));

        assertEquals(List.of("inlet-1 temperature-high WARNING raised", "inlet-1 temperature-high WARNING cleared"), changes);
        assertEquals(1, count("SELECT COUNT(*) FROM alarm"));
        assertEquals(Alarm.State.CLEARED.name(), text("SELECT state FROM alarm"));
    }

    @Test
    void whenStorageFailsTheMessageIsNotAcknowledged() {
        db.close();

        StorageUnavailableException e = assertThrows(StorageUnavailableException.class,
                () -> ingest.accept(telemetry("pi-1", Reading.good("inlet-1", 22, "C", T0))),
                "an exception leaves the MQTT message unacknowledged, so the broker delivers it again");
        assertTrue(e.getCause().getMessage().contains("closed"), "the database's own reason travels with it: " + e.getCause());
        db = Database.open(storage);
    }

    @Test
    void aRedeliveredMessageIsStoredOnceAlsoAfterARestart() throws SQLException {
        Incoming first = telemetry("pi-1", Reading.good("inlet-1", 22, "C", T0));
        ingest.accept(first);
        ingest.accept(first);
        assertEquals(Map.of("duplicate", 1L), rejections.counts());

        newIngest(db).accept(first); // the controller restarted before the broker redelivered

        assertEquals(Map.of("duplicate", 1L), rejections.counts());
        assertEquals(1, count("SELECT COALESCE(SUM(reading_count), 0) FROM telemetry"));
    }

    @Test
    void aRedeliveryIsRecognisedAfterARestartThoughItsTimesAreFinerThanTheDatabaseKeeps() throws SQLException {
        // An agent's clock gives nanoseconds; the database keeps microseconds.
        Incoming first = telemetry("pi-1", Reading.good("inlet-1", 22, "C", T0.plusNanos(160_299_123)),
                Reading.good("inlet-1", 23, "C", T0.plusNanos(1_160_299_987)));
        ingest.accept(first);

        newIngest(db).accept(first); // the controller died after the commit, before its acknowledgement

        assertEquals(Map.of("duplicate", 1L), rejections.counts());
        assertEquals(2, count("SELECT COALESCE(SUM(reading_count), 0) FROM telemetry"));
    }

    @Test
    void afterARestartEachMessageIsStoredOnceInWhateverOrderItComesAgain() throws SQLException {
        Incoming first = telemetry("pi-1", Reading.good("inlet-1", 21, "C", T0));
        Incoming second = telemetry("pi-1", Reading.good("inlet-1", 22, "C", T0.plusSeconds(5)));
        Incoming third = telemetry("pi-1", Reading.good("inlet-1", 23, "C", T0.plusSeconds(10)));
        ingest.accept(first);
        ingest.accept(third); // the second is still in the agent's spool
        Ingest restarted = newIngest(db);

        restarted.accept(third); // unacknowledged before the restart: a redelivery
        restarted.accept(second); // older than what is stored, yet new
        restarted.accept(telemetry("pi-1", Reading.good("inlet-1", 24, "C", T0.plusSeconds(15))));
        restarted.accept(second);
        restarted.accept(third);

        assertEquals(Map.of("duplicate", 3L), rejections.counts());
        assertEquals(List.of(1L, 2L, 3L, 4L), longs("SELECT seq FROM telemetry ORDER BY seq"));
    }

    @Test
    void aMessageWithNothingValidDoesNotHideTheRedeliveryOfANewerOne() throws SQLException {
        Incoming refused = telemetry("pi-1", Reading.good("inlet-1", -300, "C", T0));
        Incoming stored = telemetry("pi-1", Reading.good("inlet-1", 22, "C", T0.plusSeconds(5)));
        ingest.accept(refused);
        ingest.accept(stored);
        Ingest restarted = newIngest(db);

        restarted.accept(refused);
        restarted.accept(stored);

        assertEquals(Map.of("out-of-range", 1L, "duplicate", 1L), rejections.counts());
        assertEquals(List.of(2L), longs("SELECT seq FROM telemetry ORDER BY seq"));
    }

    @Test
    void anAgentWhoseStateWasWipedStartsItsNumbersAgain() throws SQLException {
        ingest.accept(raw(topics.agent("pi-1", Topics.STATE), Wire.encodeToString(AgentState.birth("pi-1", 7, "1.0", List.of(), T0))));
        seq = 500;
        send("pi-1", Reading.good("inlet-1", 22, "C", T0));
        ingest.accept(raw(topics.agent("pi-1", Topics.STATE), Wire.encodeToString(AgentState.birth("pi-1", 1, "1.0", List.of(), T0))));
        seq = -1; // a new SD card: counters start from zero

        send("pi-1", Reading.good("inlet-1", 23, "C", T0));

        assertEquals(2, count("SELECT COALESCE(SUM(reading_count), 0) FROM telemetry"));
        assertEquals(1, count("SELECT boot_seq FROM agent_boot WHERE agent_id = 'pi-1'"));
    }

    @Test
    void mainsOutsideTheGridsToleranceIsAnAlarmWithoutAnyThresholdInTheSiteFile() {
        send("pi-1", Reading.good("mains", 228, "V", T0));
        send("pi-1", Reading.good("mains", 204, "V", T0));
        send("pi-1", Reading.good("mains", 190, "V", T0));
        send("pi-1", Reading.good("mains", 229, "V", T0));

        assertEquals(List.of("mains mains-voltage-low WARNING raised", "mains mains-voltage-low MAJOR escalated",
                "mains mains-voltage-low MAJOR cleared"), changes);
    }

    @Test
    void everyAuthenticNumberedMessageAndBirthIsFollowedInOrderAndSavedWithItsBatch() throws SQLException {
        List<String> followed = new ArrayList<>();
        ingest = newIngest(db, new SequenceFollower() {
            @Override
            public void seen(String agent, long n) {
                followed.add(agent + " " + n);
            }

            @Override
            public void birth(String agent, long bootSeq, AgentState.Skipped skipped) {
                followed.add("birth " + agent + " " + bootSeq + " " + skipped.from() + "-" + skipped.to());
            }

            @Override
            public void saveIn(Connection c) throws SQLException {
                followed.add(c.getAutoCommit() ? "saved outside a transaction" : "saved");
            }

            @Override
            public void notSaved() {
                followed.add("not saved");
            }
        });
        ingest.accept(raw(topics.agent("pi-1", Topics.STATE), Wire.encodeToString(AgentState.birth("pi-1", 3, "1.0", List.of(), T0,
                new AgentState.Skipped(11L, 999L)))));
        Incoming first = telemetry("pi-1", Reading.good("inlet-1", 22, "C", T0));
        ingest.accept(first);
        send("pi-1"); // a heartbeat
        ingest.accept(raw(topics.agent("pi-1", Topics.EVENT), Wire.encodeToString(new AgentEvent(Wire.SCHEMA, "pi-1", ++seq, T0,
                "door-opened", "door-1", Map.of()))));
        ingest.accept(first); // a redelivery, refused as a duplicate
        send("pi-1", Reading.good("no-such-sensor", 1, "C", T0)); // arrived, though nothing in it is stored
        ingest.accept(new Incoming(topics.agent("pi-1", Topics.TELEMETRY), Wire.encode(new Telemetry("pi-1", 99, T0, List.of())),
                false)); // unsigned: not the agent's, so it fills no gap

        assertEquals(List.of("birth pi-1 3 11-999", "saved", "pi-1 1", "saved", "pi-1 2", "saved", "pi-1 3", "saved",
                "pi-1 1", "saved", "pi-1 4", "saved", "saved"), followed);
    }

    @Test
    void agentStateIsAcceptedAndForeignStateRefused() {
        ingest.accept(raw(topics.agent("pi-1", Topics.STATE), Wire.encodeToString(AgentState.birth("pi-1", 3, "1.0", List.of(), T0))));
        ingest.accept(raw(topics.agent("pi-1", Topics.STATE), Wire.encodeToString(AgentState.death("pi-2", 1))));

        assertEquals(Map.of("agent-mismatch", 1L), rejections.counts());
    }

    @Test
    void onlyWhatTheAgentsOwnKeyProvesIsTaken() throws SQLException {
        Incoming real = telemetry("pi-1", Reading.good("smoke-1", 1, "alarm", T0));
        byte[] payload = real.payload();
        String signature = real.auth();

        ingest.accept(real.withAuth(null));                                              // anyone on the site network
        ingest.accept(real.withAuth(MessageAuth.sign(keys("pi-2"), payload)));            // another agent's key
        ingest.accept(real.withAuth(signature.substring(0, signature.length() - 2)));     // truncated
        ingest.accept(real.withAuth(signature.replace(":k1:", ":k9:")));                   // a key the agent never had
        ingest.accept(new Incoming(real.topic(), Wire.encode(new Telemetry("pi-1", seq, T0,
                List.of(Reading.good("smoke-1", 0, "alarm", T0)))), false).withAuth(signature)); // another payload under a real MAC

        assertEquals(Map.of("unsigned", 1L, "bad-signature", 4L), rejections.counts());
        assertEquals(0, count("SELECT COUNT(*) FROM telemetry"));
        assertEquals(List.of(), changes, "no smoke alarm from anything unproven");

        ingest.accept(real);
        assertEquals(List.of("smoke-1 smoke CRITICAL raised"), changes);
    }

    @Test
    void aForgedNextSequenceNumberNeitherHidesNorReplacesTheRealMessage() throws SQLException {
        send("pi-1", Reading.good("inlet-1", 33, "C", T0));
        Incoming forged = new Incoming(topics.agent("pi-1", Topics.TELEMETRY), Wire.encode(new Telemetry("pi-1", seq + 1, T0,
                List.of(Reading.good("inlet-1", 22, "C", T0.plusSeconds(1))))), false);
        ingest.accept(forged);
        ingest.accept(forged.withAuth(MessageAuth.sign(keys("pi-2"), forged.payload())));
        Incoming real = telemetry("pi-1", Reading.good("inlet-1", 34, "C", T0.plusSeconds(1)));

        ingest.accept(real);

        assertEquals(Map.of("unsigned", 1L, "bad-signature", 1L), rejections.counts());
        assertEquals(List.of(1L, 2L), longs("SELECT seq FROM telemetry ORDER BY seq"), "the real seq 2 is stored");
        assertEquals(34, latest.get("inlet-1").orElseThrow().value());
        assertEquals(List.of("inlet-1 temperature-high CRITICAL raised"), changes, "the real alarm stands, never cleared");
    }

    @Test
    void anAuthenticMessageOlderThanTheAgentsQueueKeepsIsAReplay() throws SQLException {
        Instant weeksAgo = T0.minus(java.time.Duration.ofDays(8));
        ingest.accept(raw(topics.agent("pi-1", Topics.TELEMETRY), Wire.encodeToString(new Telemetry("pi-1", 1, weeksAgo,
                List.of(Reading.good("smoke-1", 1, "alarm", weeksAgo))))));
        ingest.accept(raw(topics.agent("pi-1", Topics.EVENT), "{\"schema\":1,\"agent\":\"pi-1\",\"seq\":2,\"ts\":\""
                + weeksAgo + "\",\"type\":\"door-forced\",\"sensor\":\"smoke-1\",\"data\":{}}"));

        assertEquals(Map.of("stale-signature", 2L), rejections.counts());
        assertEquals(0, count("SELECT COUNT(*) FROM telemetry"));
        assertEquals(List.of(), changes);
    }

    @Test
    void anOldBirthPlayedAgainCannotResetTheAgentsNumbering() throws SQLException {
        Incoming oldBirth = raw(topics.agent("pi-1", Topics.STATE), Wire.encodeToString(AgentState.birth("pi-1", 1, "1.0", List.of(),
                T0.minusSeconds(600))));
        ingest.accept(oldBirth);
        ingest.accept(raw(topics.agent("pi-1", Topics.STATE), Wire.encodeToString(AgentState.birth("pi-1", 2, "1.0", List.of(), T0))));

        ingest.accept(oldBirth);

        assertEquals(Map.of("stale-signature", 1L), rejections.counts());
        assertEquals(2, count("SELECT boot_seq FROM agent_boot WHERE agent_id = 'pi-1'"));
    }

    private void send(String agent, Reading... readings) {
        ingest.accept(telemetry(agent, readings));
    }

    private Incoming telemetry(String agent, Reading... readings) {
        return raw(topics.agent(agent, Topics.TELEMETRY), Wire.encodeToString(new Telemetry(agent, ++seq, T0, List.of(readings))));
    }

    /** As the agent of the topic sends it: signed with that agent's key (unsigned for an agent the site does not know). */
    private Incoming raw(String topic, String payload) {
        Incoming unsigned = new Incoming(topic, payload.getBytes(StandardCharsets.UTF_8), false);
        return topics.parseAgentTopic(topic).flatMap(t -> SITE.agent(t.agent()))
                .map(a -> AgentKeysForTests.signedBy(SITE, a.id(), unsigned)).orElse(unsigned);
    }

    private static AgentKeyRing keys(String agent) {
        return AgentKeysForTests.keys(SITE, agent);
    }

    /** Another site file whose agents hold the keys of the same agents of {@code keyed}, so that {@link #raw} signs for both. */
    private static SiteConfig withKeysOf(SiteConfig keyed, SiteConfig site) {
        return site.withAgents(site.agents().stream().map(a -> a.withKeyFile(keyed.agent(a.id()).orElseThrow().keyFile())).toList());
    }

    /** The values stored for a sensor around T0 (a week and a day before, a day after), in order. */
    private List<Double> stored(String agent, String sensor) throws SQLException {
        return new ReadingHistory(db).raw(agent, sensor, T0.minus(Duration.ofDays(8)), T0.plus(Duration.ofDays(1)), null, 0, 100)
                .stream().map(ReadingHistory.Raw::value).toList();
    }

    /** What the code logs to standard error (where the controller's log goes) while it runs. */
    private static String stderrOf(Runnable code) {
        PrintStream before = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            code.run();
        } finally {
            System.setErr(before);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    private long count(String sql) throws SQLException {
        try (Connection c = db.connection(); ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private List<Long> longs(String sql) throws SQLException {
        List<Long> out = new ArrayList<>();
        try (Connection c = db.connection(); ResultSet rs = c.createStatement().executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getLong(1));
            }
        }
        return out;
    }

    private String text(String sql) throws SQLException {
        try (Connection c = db.connection(); ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
