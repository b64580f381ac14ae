package id.jaga.controller.gaps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.jaga.config.Severity;
import id.jaga.config.SiteConfig;
import id.jaga.config.SiteLoader;
import id.jaga.config.Storage;
import id.jaga.controller.HandClock;
import id.jaga.controller.alarm.Alarm;
import id.jaga.controller.alarm.AlarmService;
import id.jaga.controller.alarm.AlarmStore;
import id.jaga.controller.storage.Database;
import id.jaga.sensors.wire.AgentState;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The data-gap tracker with its table, alarm and meters on H2, on a clock moved by hand. */
class DataGapsTest {
    private static final SiteConfig SITE = new SiteLoader().parse("gaps.yaml", """
            site: {id: dc}
            rooms: [{id: room}]
            agents: [{id: pi-row-a, room: room}, {id: pi-row-b, room: room}]
            controller: {gapTimeout: 20s}
            """);

    private final HandClock clock = new HandClock(Instant.parse("2026-12-01T03:00:00Z"));
    private final List<String> changes = new ArrayList<>();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private Database db;
    private AlarmService alarms;

    @BeforeEach
    void open() throws SQLException {
        db = Database.open(new Storage("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", null, null));
        alarms = new AlarmService(new AlarmStore(db), clock, (c, active) -> changes.add(c.alarm().source() + " "
                + c.alarm().type() + " " + c.alarm().severity() + " " + c.change()));
    }

    @AfterEach
    void close() {
        db.close();
    }

    private DataGaps start() throws SQLException {
        return new DataGaps(SITE, db, alarms, registry, clock);
    }

    /** As the ingest writer does: what the batch changed commits with it. */
    private void commitBatch(DataGaps gaps) throws SQLException {
        try (Connection c = db.connection()) {
            c.setAutoCommit(false);
            gaps.saveIn(c);
            c.commit();
        }
    }

    private void rolledBackBatch(DataGaps gaps) throws SQLException {
        try (Connection c = db.connection()) {
            c.setAutoCommit(false);
            gaps.saveIn(c);
            c.rollback();
        }
        gaps.notSaved();
    }

    @Test
    void aGapPastItsTimeoutIsCountedShownAndRaisedAsALatchedMajorAlarm() throws SQLException {
        DataGaps gaps = start();
        for (long seq = 100; seq <= 124; seq++) {
            gaps.seen("pi-row-a", seq);
        }
        gaps.seen("pi-row-a", 137);
        commitBatch(gaps);
        gaps.check();
        assertEquals(List.of(), changes, "not before the timeout");

        clock.advance(Duration.ofSeconds(20));
        gaps.check();

        assertEquals(List.of("pi-row-a data-gap MAJOR raised", "pi-row-a data-gap MAJOR condition-cleared"), changes);
        Alarm alarm = alarms.activeAlarms().get(0);
        assertEquals("pi-row-a: messages 125-136 never arrived", alarm.message());
        assertEquals(Severity.MAJOR, alarm.severity());
        assertTrue(alarm.latched() && alarm.awaitingReset(), "stays until an operator resets it");
        assertEquals(12.0, registry.get("jaga.ingest.messages.missing").tag("agent", "pi-row-a").counter().count());
        assertEquals(1.0, registry.get("jaga.ingest.gaps").tag("agent", "pi-row-a").counter().count());
        assertEquals(12L, gaps.health().get("pi-row-a").get("missing"));
        assertEquals("125-136", gaps.health().get("pi-row-a").get("lastGap"));
    }

    @Test
    void aLaterLossRetriggersTheAlarmWithItsOwnRange() throws SQLException {
        DataGaps gaps = start();
        gaps.seen("pi-row-a", 1);
        gaps.seen("pi-row-a", 3);
        clock.advance(Duration.ofSeconds(21));
        gaps.check();
        gaps.seen("pi-row-a", 9);
        clock.advance(Duration.ofSeconds(21));
        gaps.check();

        assertEquals("pi-row-a data-gap MAJOR retriggered", changes.get(2));
        assertEquals("pi-row-a: messages 4-8 never arrived", alarms.activeAlarms().get(0).message());
        assertEquals(6L, gaps.health().get("pi-row-a").get("missing"));
    }

    @Test
    void aRestartedControllerStillKnowsTheHighestNumberAndTheOpenGaps() throws SQLException {
        DataGaps before = start();
        before.seen("pi-row-a", 124);
        before.seen("pi-row-b", 50);
        before.seen("pi-row-b", 60);
        commitBatch(before);

        DataGaps after = start(); // a new controller on the same database
        after.seen("pi-row-a", 137); // 125-136 were dropped by the broker while the controller was away
        after.seen("pi-row-b", 55);
        commitBatch(after);
        clock.advance(Duration.ofSeconds(21));
        after.check();

        assertEquals(List.of("pi-row-a: messages 125-136 never arrived", "pi-row-b: messages 51-54, 56-59 never arrived"),
                alarms.activeAlarms().stream().map(Alarm::message).sorted().toList());
    }

    @Test
    void whatARolledBackBatchChangedIsSavedWithTheNextOne() throws SQLException {
        DataGaps gaps = start();
        gaps.seen("pi-row-a", 124);
        rolledBackBatch(gaps);
        gaps.seen("pi-row-b", 7);
        commitBatch(gaps);

        DataGaps restarted = start();
        restarted.seen("pi-row-a", 126);
        assertEquals(List.of("125"), restarted.health().get("pi-row-a").get("awaited"));
    }

    @Test
    void anAnnouncedRestartSurvivesAControllerRestartToo() throws SQLException {
        DataGaps gaps = start();
        gaps.seen("pi-row-a", 3411);
        gaps.birth("pi-row-a", 6, new AgentState.Skipped(3412L, 3999L));
        commitBatch(gaps);

        DataGaps restarted = start();
        restarted.seen("pi-row-a", 4000);
        clock.advance(Duration.ofSeconds(21));
        restarted.check();
        assertEquals(List.of(), changes);
    }

    @Test
    void fullCheckpointsReplaceOlderRowsAndLoseNothing() throws SQLException {
        DataGaps gaps = start();
        gaps.seen("pi-row-b", 5);
        gaps.seen("pi-row-b", 9);
        for (long seq = 0; seq <= GapStore.FULL_EVERY + 1; seq++) {
            gaps.seen("pi-row-a", seq);
            commitBatch(gaps);
        }
        assertTrue(rows() < GapStore.FULL_EVERY, rows() + " rows");

        DataGaps restarted = start();
        assertEquals(List.of("6-8"), restarted.health().get("pi-row-b").get("awaited"));
        assertEquals((long) GapStore.FULL_EVERY + 1, restarted.health().get("pi-row-a").get("highestSeq"));
    }

    @Test
    void anAgentWithoutGapsIsSavedAsAFewNumbers() throws SQLException {
        DataGaps gaps = start();
        gaps.seen("pi-row-a", 0);
        commitBatch(gaps);
        try (Connection c = db.connection(); ResultSet rs = c.createStatement().executeQuery("SELECT agents FROM sequence_checkpoint")) {
            rs.next();
            assertEquals("{\"pi-row-a\":{\"highest\":0,\"declaredGaps\":0,\"declaredMissing\":0,\"version\":1}}", rs.getString(1));
        }
        assertEquals(0L, start().health().get("pi-row-a").get("highestSeq"), "0 read back as 0, not as unknown");
    }

    private long rows() throws SQLException {
        try (Connection c = db.connection(); ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM sequence_checkpoint")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
