package id.jaga.controller.presence;

import static org.junit.jupiter.api.Assertions.assertEquals;

import id.jaga.config.SiteConfig;
import id.jaga.config.SiteLoader;
import id.jaga.config.Storage;
import id.jaga.controller.HandClock;
import id.jaga.controller.alarm.AlarmService;
import id.jaga.controller.alarm.AlarmStore;
import id.jaga.controller.storage.Database;
import id.jaga.sensors.wire.AgentState;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Presence on a clock moved by hand, with the real alarm service on H2. */
class PresenceTest {
    private static final SiteConfig SITE = new SiteLoader().parse("presence.yaml", """
            site: {id: dc}
            rooms: [{id: room}]
            agents: [{id: pi-1, room: room, publishInterval: 1s, offlineAfter: 6s}]
            """);

    private final HandClock clock = new HandClock(Instant.parse("2026-11-22T03:00:00Z"));
    private final List<String> changes = new ArrayList<>();
    private Database db;
    private Presence presence;

    @BeforeEach
    void open() throws SQLException {
        db = Database.open(new Storage("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", null, null));
        AlarmService alarms = new AlarmService(new AlarmStore(db), clock,
                (c, active) -> changes.add(c.alarm().source() + " " + c.alarm().type() + " " + c.alarm().severity() + " " + c.change()));
        presence = new Presence(SITE, alarms, clock);
    }

    @AfterEach
    void close() {
        db.close();
    }

    @Test
    void silenceLongerThanTheTimeoutRaisesAndTheNextMessageClears() throws SQLException {
        presence.heard("pi-1", clock.instant());
        clock.advance(Duration.ofSeconds(6));
        presence.check();
        assertEquals(List.of(), changes, "exactly the timeout is not yet silence");

        clock.advance(Duration.ofMillis(1));
        presence.check();
        presence.check();
        assertEquals(List.of("pi-1 agent-offline MAJOR raised"), changes, "raised once, not per check");
        assertEquals("offline", presence.snapshot().get("pi-1").status());

        presence.heard("pi-1", clock.instant());
        assertEquals(List.of("pi-1 agent-offline MAJOR raised", "pi-1 agent-offline MAJOR cleared"), changes);
        assertEquals("online", presence.snapshot().get("pi-1").status());
    }

    @Test
    void anAgentNeverHeardIsOfflineOneTimeoutAfterTheControllerStarted() throws SQLException {
        clock.advance(Duration.ofSeconds(7));
        presence.check();
        assertEquals(List.of("pi-1 agent-offline MAJOR raised"), changes);
    }

    @Test
    void theLastWillSaysOfflineAtOnceAndABirthClearsIt() throws SQLException {
        presence.state(AgentState.birth("pi-1", 3, "1.0", List.of(), clock.instant()), clock.instant());
        presence.state(AgentState.death("pi-1", 3), clock.instant());
        assertEquals(List.of("pi-1 agent-offline MAJOR raised"), changes);

        clock.advance(Duration.ofSeconds(30));
        presence.check();
        presence.state(AgentState.birth("pi-1", 4, "1.0", List.of(), clock.instant()), clock.instant());
        assertEquals(List.of("pi-1 agent-offline MAJOR raised", "pi-1 agent-offline MAJOR cleared"), changes);
        assertEquals(4L, presence.snapshot().get("pi-1").bootSeq());
    }

    @Test
    void aMessageThatArrivesAsTheTimeoutFiresLeavesNoOfflineAlarm() throws SQLException {
        presence.heard("pi-1", clock.instant());
        clock.advance(Duration.ofSeconds(7));
        // The check and the message race; whichever wins, the alarm must end cleared.
        presence.check();
        presence.heard("pi-1", clock.instant());
        presence.check();

        assertEquals(List.of("pi-1 agent-offline MAJOR raised", "pi-1 agent-offline MAJOR cleared"), changes);
        assertEquals("online", presence.snapshot().get("pi-1").status());
    }

    @Test
    void theCheckRunsOftenEnoughToCatchSilenceWithinOneAndAQuarterTimeouts() {
        assertEquals(Duration.ofMillis(1500), presence.checkPeriod());
    }
}
