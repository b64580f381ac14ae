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

    /** A controller that cannot reach the broker hears nobody; it still reports its agents, a minute later than it would. */
    @Test
    void anAgentNeverHeardByAControllerThatNeverReachedTheBrokerIsOfflineAMinuteAndATimeoutAfterTheStart() throws SQLException {
        clock.advance(Presence.NOT_LISTENING.plusSeconds(6));
        presence.check();
        assertEquals(List.of(), changes);
        clock.advance(Duration.ofMillis(1));
        presence.check();
        assertEquals(List.of("pi-1 agent-offline MAJOR raised"), changes);
    }

    /**
     * The demo's start: the controller takes seconds (OPC UA, accounts) before it subscribes, and its
     * agents come up a little later. Silence counts from the subscription, so no agent is reported
     * offline only to be cleared a second later.
     */
    @Test
    void silenceCountsFromWhenTheControllerBeganListeningNotFromItsStart() throws SQLException {
        clock.advance(Duration.ofSeconds(8)); // starting up (the demo's OPC UA certificate, say): nobody can be heard yet
        presence.check();
        presence.listening(clock.instant());
        clock.advance(Duration.ofSeconds(5));
        presence.check();
        presence.state(AgentState.birth("pi-1", 1, "1.0", List.of(), clock.instant()), clock.instant());
        assertEquals(List.of(), changes, "13 s after the start, 5 s after subscribing, the agent is born: no alarm");

        presence.listening(clock.instant().plusSeconds(60)); // a reconnect changes nothing
        clock.advance(Duration.ofSeconds(7));
        presence.check();
        assertEquals(List.of("pi-1 agent-offline MAJOR raised"), changes, "real silence is still found");
    }

    @Test
    void anAgentThatStaysDownIsStillOfflineOneTimeoutAfterTheControllerBeganListening() throws SQLException {
        clock.advance(Duration.ofSeconds(5));
        presence.listening(clock.instant());
        clock.advance(Duration.ofSeconds(6));
        presence.check();
        assertEquals(List.of(), changes);
        clock.advance(Duration.ofMillis(1));
        presence.check();
        assertEquals(List.of("pi-1 agent-offline MAJOR raised"), changes);
    }

    /**
     * The death an agent left on the broker when the demo last stopped reaches a new controller as it
     * subscribes. The agent starts a moment later: no alarm. Had it stayed down, the alarm comes one
     * timeout later, with the broker's reason.
     */
    @Test
    void aRetainedDeathFoundAtTheStartWaitsOutTheAgentsTimeout() throws SQLException {
        presence.listening(clock.instant());
        presence.state(AgentState.death("pi-1", 3), clock.instant());
        clock.advance(Duration.ofSeconds(2));
        presence.state(AgentState.birth("pi-1", 4, "1.0", List.of(), clock.instant()), clock.instant());
        clock.advance(Duration.ofSeconds(5));
        presence.check();
        assertEquals(List.of(), changes, "the agent came up within its grace");
        assertEquals("online", presence.snapshot().get("pi-1").status());
    }

    @Test
    void aRetainedDeathOfAnAgentThatStaysDownIsReportedWhenItsGraceEnds() throws SQLException {
        presence.listening(clock.instant());
        presence.state(AgentState.death("pi-1", 3), clock.instant());
        clock.advance(Duration.ofSeconds(6));
        presence.check();
        assertEquals(List.of(), changes);
        clock.advance(Duration.ofMillis(1));
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
