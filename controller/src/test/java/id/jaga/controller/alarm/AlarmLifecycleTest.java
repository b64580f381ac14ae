package id.jaga.controller.alarm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.jaga.config.Severity;
import id.jaga.config.Storage;
import id.jaga.controller.HandClock;
import id.jaga.controller.storage.Database;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What staff do with alarms (acknowledge, shelve, reset latched ones), on H2 and a clock moved by hand. */
class AlarmLifecycleTest {
    private final HandClock clock = new HandClock(Instant.parse("2026-11-22T03:00:00Z"));
    private final List<AlarmChange> changes = new ArrayList<>();
    private Database db;
    private AlarmService alarms;

    @BeforeEach
    void open() throws SQLException {
        db = Database.open(new Storage("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", null, null));
        alarms = restart();
    }

    private AlarmService restart() throws SQLException {
        return new AlarmService(new AlarmStore(db), clock, (c, active) -> changes.add(c));
    }

    @AfterEach
    void close() {
        db.close();
    }

    private Alarm hot(Severity severity) throws SQLException {
        alarms.condition("inlet", "temperature-high", severity, "inlet hot", 30.0);
        return alarms.activeAlarms().get(0);
    }

    private List<String> changeNames() {
        return changes.stream().map(AlarmChange::change).toList();
    }

    @Test
    void anAcknowledgementRecordsWhoAndWhyAndSurvivesARestart() throws Exception {
        Alarm alarm = hot(Severity.MAJOR);
        clock.advance(Duration.ofMinutes(3));

        alarms.acknowledge(alarm.id(), "budi", "CRAC-2 technician on the way");

        AlarmChange ack = changes.get(changes.size() - 1);
        assertEquals("acknowledged", ack.change());
        assertEquals("budi", ack.by());
        assertEquals(true, ack.toEvent("dc").acknowledged());
        Alarm stored = restart().activeAlarms().get(0);
        assertEquals(new Alarm.Ack("budi", clock.instant(), "CRAC-2 technician on the way"), stored.ack());
        var history = new AlarmStore(db).history(alarm.id());
        assertEquals(List.of("raised", "acknowledged"), history.stream().map(AlarmStore.Change::change).toList());
        assertEquals("budi", history.get(1).actor());
    }

    @Test
    void anAcknowledgementNeedsACommentAndHappensOnce() throws Exception {
        Alarm alarm = hot(Severity.MAJOR);
        AlarmActionException blank = assertThrows(AlarmActionException.class, () -> alarms.acknowledge(alarm.id(), "budi", " "));
        assertEquals("comment", blank.field());
        alarms.acknowledge(alarm.id(), "budi", "seen");
        AlarmActionException again = assertThrows(AlarmActionException.class, () -> alarms.acknowledge(alarm.id(), "sari", "me too"));
        assertEquals("conflict", again.code());
        assertEquals("not-found", assertThrows(AlarmActionException.class, () -> alarms.acknowledge(999, "budi", "x")).code());
    }

    @Test
    void aWorseSeverityNeedsANewAcknowledgementButABetterOneKeepsIt() throws Exception {
        Alarm alarm = hot(Severity.MAJOR);
        alarms.acknowledge(alarm.id(), "budi", "seen");
        assertTrue(hot(Severity.WARNING).acknowledged(), "de-escalated: still seen");
        assertFalse(hot(Severity.CRITICAL).acknowledged(), "escalated: someone must look again");
    }

    @Test
    void aClearedAlarmCanStillBeAcknowledgedAndAReturnIsANewUnacknowledgedOccurrence() throws Exception {
        Alarm first = hot(Severity.MAJOR);
        alarms.condition("inlet", "temperature-high", null, null, 24.0);
        alarms.acknowledge(first.id(), "budi", "door was left open, closed now");
        assertEquals(List.of(), alarms.activeAlarms());

        Alarm second = hot(Severity.MAJOR);
        assertTrue(second.id() != first.id());
        assertFalse(second.acknowledged());
    }

    @Test
    void smokeIsLatchedUntilAnOperatorResetsItAfterTheSmokeHasGone() throws Exception {
        alarms.condition("smoke-1", "smoke", Severity.CRITICAL, "smoke detected by smoke-1", 1.0, true);
        Alarm smoke = alarms.activeAlarms().get(0);
        AlarmActionException present = assertThrows(AlarmActionException.class, () -> alarms.reset(smoke.id(), "budi", "ok"));
        assertEquals("conflict", present.code());

        alarms.condition("smoke-1", "smoke", null, null, 0.0, true);
        Alarm waiting = alarms.activeAlarms().get(0);
        assertTrue(waiting.awaitingReset(), "the smoke is gone but the alarm stays");
        assertEquals("condition-cleared", changes.get(changes.size() - 1).change());
        assertTrue(restart().activeAlarms().get(0).awaitingReset(), "and stays across a restart");

        alarms.reset(smoke.id(), "budi", "checked room B, burnt-out PSU in rack 4 removed");
        assertEquals(List.of(), alarms.activeAlarms());
        AlarmChange reset = changes.get(changes.size() - 1);
        assertEquals("reset", reset.change());
        assertEquals("cleared", reset.toEvent("dc").state());
        assertEquals(List.of("raised", "condition-cleared", "reset"), changeNames());
    }

    @Test
    void smokeThatReturnsBeforeTheResetIsRetriggeredAndUnacknowledged() throws Exception {
        alarms.condition("smoke-1", "smoke", Severity.CRITICAL, "smoke", 1.0, true);
        Alarm smoke = alarms.activeAlarms().get(0);
        alarms.acknowledge(smoke.id(), "budi", "going to look");
        alarms.condition("smoke-1", "smoke", null, null, 0.0, true);
        alarms.condition("smoke-1", "smoke", Severity.CRITICAL, "smoke", 1.0, true);

        Alarm again = alarms.activeAlarms().get(0);
        assertEquals(smoke.id(), again.id());
        assertFalse(again.acknowledged());
        assertEquals("retriggered", changes.get(changes.size() - 1).change());
    }

    @Test
    void anAlarmThatClearsByItselfCannotBeReset() throws Exception {
        Alarm alarm = hot(Severity.MAJOR);
        assertEquals("conflict", assertThrows(AlarmActionException.class, () -> alarms.reset(alarm.id(), "budi", "x")).code());
    }

    @Test
    void aShelfNeedsAReasonAndAnExpiryWithinAWeek() throws Exception {
        Alarm alarm = hot(Severity.MAJOR);
        Instant inAnHour = clock.instant().plus(Duration.ofHours(1));
        assertEquals("reason", assertThrows(AlarmActionException.class,
                () -> alarms.shelve(alarm.id(), "budi", "", inAnHour)).field());
        assertEquals("until", assertThrows(AlarmActionException.class,
                () -> alarms.shelve(alarm.id(), "budi", "maintenance", null)).field());
        assertEquals("until", assertThrows(AlarmActionException.class,
                () -> alarms.shelve(alarm.id(), "budi", "maintenance", clock.instant().minusSeconds(1))).field());
        assertEquals("until", assertThrows(AlarmActionException.class,
                () -> alarms.shelve(alarm.id(), "budi", "maintenance", clock.instant().plus(Duration.ofDays(8)))).field());
    }

    @Test
    void aShelfCoversTheReturnOfTheSameConditionAndExpiresByItself() throws Exception {
        Alarm alarm = hot(Severity.MAJOR);
        Instant until = clock.instant().plus(Duration.ofHours(2));
        alarms.shelve(alarm.id(), "budi", "CRAC-1 filter change", until);
        assertEquals(until, alarms.activeAlarms().get(0).shelf().until());

        alarms.condition("inlet", "temperature-high", null, null, 24.0);
        alarms.condition("inlet", "temperature-high", Severity.MAJOR, "inlet hot", 30.0);
        Alarm returned = restart().activeAlarms().get(0);
        assertNotNull(returned.shelf(), "the same source and type stays shelved, also after a restart");
        assertEquals("CRAC-1 filter change", returned.shelf().reason());

        alarms = restart();
        clock.advance(Duration.ofHours(1));
        alarms.expireShelves();
        assertNotNull(alarms.activeAlarms().get(0).shelf());
        clock.advance(Duration.ofHours(1));
        alarms.expireShelves();
        assertNull(alarms.activeAlarms().get(0).shelf());
        AlarmChange lifted = changes.get(changes.size() - 1);
        assertEquals("unshelved", lifted.change());
        assertNull(lifted.by(), "lifted by the clock, not a person");
    }

    @Test
    void aShelfCanBeLiftedEarly() throws Exception {
        Alarm alarm = hot(Severity.MAJOR);
        alarms.shelve(alarm.id(), "budi", "maintenance", clock.instant().plus(Duration.ofHours(2)));
        alarms.unshelve(alarm.id(), "sari");
        assertNull(alarms.activeAlarms().get(0).shelf());
        assertEquals("sari", changes.get(changes.size() - 1).by());
        assertEquals("conflict", assertThrows(AlarmActionException.class, () -> alarms.unshelve(alarm.id(), "sari")).code());
    }
}
