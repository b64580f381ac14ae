package id.jaga.controller.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import id.jaga.config.Storage;
import id.jaga.controller.audit.AuditLog;
import id.jaga.controller.audit.AuditRecord;
import id.jaga.controller.storage.Database;
import id.jaga.sensors.wire.AgentEvent;
import id.jaga.sensors.wire.Wire;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Agent events on the security log, on H2: each once, whoever delivers it again. */
class SecurityLogTest {
    private static final Instant AT_AGENT = Instant.parse("2026-11-22T03:00:00.123Z");
    private Database db;
    private SecurityLog log;

    @BeforeEach
    void open() {
        db = Database.open(new Storage("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", null, null));
        log = new SecurityLog(new AuditLog(db, Clock.systemUTC()),
                (agent, sensor) -> "door-main".equals(sensor) ? Optional.of("server-room-door") : Optional.empty());
    }

    @AfterEach
    void close() {
        db.close();
    }

    private static AgentEvent event(long seq, String type, Map<String, String> data) {
        return new AgentEvent(Wire.SCHEMA, "pi-1", seq, AT_AGENT, type, "door-main", data);
    }

    @Test
    void anAgentsOwnDecisionNamesThePersonAndTheDoorKeepsTheAgentsTimeAndNeverThePin() throws Exception {
        AuditRecord r = log.record("pi-1", 3, event(41, "access-denied", Map.of("badge", "0412345", "pin", "4321",
                "reason", "controller unreachable"))).orElseThrow();
        assertEquals("badge:0412345", r.actor());
        assertEquals("server-room-door", r.subject(), "the door the contact belongs to");
        assertEquals(AT_AGENT, r.agentTs());
        assertEquals("agent pi-1, badge=0412345, reason=controller unreachable, sensor=door-main", r.detail());
    }

    @Test
    void anEventDeliveredAgainIsNotLoggedTwiceButTheSameNumberAfterAResetIs() throws Exception {
        assertTrue(log.record("pi-1", 3, event(41, "door-opened", Map.of())).isPresent());
        assertEquals(Optional.empty(), log.record("pi-1", 3, event(41, "door-opened", Map.of())), "a redelivery");
        assertTrue(log.record("pi-1", 4, event(41, "door-opened", Map.of())).isPresent(), "a wiped agent counts again");
    }

    @Test
    void onlyDoorAccessLockAndTamperEventsAreSecurityEvents() {
        assertTrue(SecurityLog.isSecurityEvent("door-opened"));
        assertTrue(SecurityLog.isSecurityEvent("access-granted"));
        assertFalse(SecurityLog.isSecurityEvent("badge"), "the access decision is logged, not the raw read");
        assertTrue(SecurityLog.isSecurityEvent("tamper"));
        assertFalse(SecurityLog.isSecurityEvent("smoke-detected"));
        assertFalse(SecurityLog.isSecurityEvent("failsafe"));
    }
}
