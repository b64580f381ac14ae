package id.jaga.controller.access;

import id.jaga.config.AlarmTypes;
import id.jaga.config.Door;
import id.jaga.config.Severity;
import id.jaga.controller.alarm.AlarmService;
import id.jaga.controller.audit.AuditLog;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * What each door is doing, from its contact and the grants: an opening without a grant, an exit
 * request or an unlock is forced (CRITICAL, stays until reset); open past {@code heldOpenAfter}
 * is held open (MAJOR, clears on closing); open while its agent is offline is its own MAJOR alarm,
 * since nobody would see it close. Grant windows use the agent's clock, as the contact does.
 */
public final class Doors {
    public static final String FORCED = AlarmTypes.DOOR_FORCED;
    public static final String HELD_OPEN = AlarmTypes.DOOR_HELD_OPEN;
    public static final String OPEN_AGENT_OFFLINE = AlarmTypes.DOOR_OPEN_AGENT_OFFLINE;
    public static final String TAMPER = AlarmTypes.DOOR_TAMPER;
    /** The agent's lock and contact are not perfectly in step with its clock. */
    static final Duration GRACE = Duration.ofSeconds(2);

    private final AlarmService alarms;
    private final AuditLog audit;
    private final Clock clock;
    private final Map<String, State> states = new HashMap<>();

    public Doors(AlarmService alarms, AuditLog audit, Clock clock) {
        this.alarms = alarms;
        this.audit = audit;
        this.clock = clock;
    }

    private State state(Door door) {
        return states.computeIfAbsent(door.id(), id -> new State());
    }

    /** The lock was released (a grant done, an exit request, an agent's own grant) at {@code at} for {@code duration}. */
    public synchronized void unlocked(Door door, Instant at, Duration duration) {
        State s = state(door);
        Instant until = at.plus(duration);
        if (s.unlockedUntil == null || until.isAfter(s.unlockedUntil)) {
            s.unlockedUntil = until;
        }
    }

    public synchronized void opened(Door door, Instant agentTs) throws SQLException {
        State s = state(door);
        boolean granted = s.unlockedUntil != null && !agentTs.isAfter(s.unlockedUntil.plus(GRACE));
        s.open = true;
        s.openedAt = clock.instant();
        if (!granted) {
            audit.append(AccessControl.CATEGORY, FORCED, null, door.id(),
                    "opened without a grant, an exit request or an unlock", agentTs);
            alarms.condition(door.id(), FORCED, Severity.CRITICAL, "door " + name(door) + " forced open", null, true);
        }
    }

    public synchronized void closed(Door door) throws SQLException {
        State s = state(door);
        s.open = false;
        s.unlockedUntil = null; // a closed door needs a new grant
        alarms.condition(door.id(), FORCED, null, null, null);
        alarms.condition(door.id(), HELD_OPEN, null, null, null);
        alarms.condition(door.id(), OPEN_AGENT_OFFLINE, null, null, null);
        s.heldReported = false;
        s.offlineReported = false;
    }

    /**
     * Held-open and agent-offline checks; run every second or so. A door never heard of since the
     * controller started takes its state from {@code lastKnownOpen} (its newest contact reading).
     */
    public synchronized void check(Door door, boolean agentOnline, Boolean lastKnownOpen) throws SQLException {
        State s = state(door);
        if (s.open == null) {
            if (lastKnownOpen == null) {
                return;
            }
            s.open = lastKnownOpen;
            s.openedAt = clock.instant();
        }
        if (!s.open) {
            return;
        }
        Duration open = Duration.between(s.openedAt, clock.instant());
        if (!s.heldReported && open.compareTo(door.heldOpenAfter()) > 0) {
            s.heldReported = true;
            audit.append(AccessControl.CATEGORY, HELD_OPEN, null, door.id(), "open for more than "
                    + door.heldOpenAfter().toSeconds() + " s", null);
            alarms.condition(door.id(), HELD_OPEN, Severity.MAJOR, "door " + name(door) + " held open", null);
        }
        if (!agentOnline && !s.offlineReported) {
            s.offlineReported = true;
            audit.append(AccessControl.CATEGORY, OPEN_AGENT_OFFLINE, null, door.id(),
                    "agent " + door.agent() + " went offline while the door was open", null);
            alarms.condition(door.id(), OPEN_AGENT_OFFLINE, Severity.MAJOR, "door " + name(door)
                    + " open and its agent " + door.agent() + " offline", null);
        } else if (agentOnline && s.offlineReported) {
            s.offlineReported = false;
            alarms.condition(door.id(), OPEN_AGENT_OFFLINE, null, null, null);
        }
    }

    /** A tamper switch at the door's lock or reader: MAJOR while it is open. */
    public void tamper(Door door, boolean active) throws SQLException {
        alarms.condition(door.id(), TAMPER, active ? Severity.MAJOR : null, "door " + name(door) + ": lock or reader tampered with", null);
    }

    /** Open, closed or unknown (null), for the console. */
    public synchronized Boolean isOpen(String door) {
        State s = states.get(door);
        return s == null ? null : s.open;
    }

    /** Whether a grant, an exit request or an unlock holds the lock open now (by its end on the agent's clock). */
    public synchronized boolean isUnlocked(String door) {
        State s = states.get(door);
        return s != null && s.unlockedUntil != null && s.unlockedUntil.isAfter(clock.instant());
    }

    private static String name(Door door) {
        return door.name() == null ? door.id() : door.name();
    }

    private static final class State {
        Boolean open;
        Instant openedAt;
        Instant unlockedUntil;
        boolean heldReported;
        boolean offlineReported;
    }
}
