package id.jaga.controller.presence;

import id.jaga.config.Agent;
import id.jaga.config.AlarmTypes;
import id.jaga.config.Severity;
import id.jaga.config.SiteConfig;
import id.jaga.controller.alarm.AlarmService;
import id.jaga.sensors.wire.AgentState;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which agents are online: a birth or any message says online; the broker's last will, or silence
 * longer than the agent's {@code offlineAfter}, says offline and raises an "agent-offline" alarm,
 * cleared by the next message. Every transition happens under one lock, so a message that arrives
 * as the timeout fires clears what the timeout raised: no stale offline alarm is left behind.
 */
public final class Presence {
    public static final String OFFLINE = AlarmTypes.AGENT_OFFLINE;

    private final AlarmService alarms;
    private final Clock clock;
    private final Map<String, Duration> timeouts = new LinkedHashMap<>();
    private final Map<String, Entry> agents = new LinkedHashMap<>();

    public Presence(SiteConfig site, AlarmService alarms, Clock clock) {
        this.alarms = alarms;
        this.clock = clock;
        Instant now = clock.instant();
        for (Agent a : site.agents()) {
            timeouts.put(a.id(), a.offlineAfter());
            agents.put(a.id(), new Entry("unknown", null, now)); // the silence is counted from our own start
        }
    }

    /** How often {@link #check()} must run to notice silence within 1.25 timeouts. */
    public Duration checkPeriod() {
        Duration shortest = timeouts.values().stream().min(Duration::compareTo).orElse(Duration.ofSeconds(5));
        return shortest.dividedBy(4).compareTo(Duration.ofMillis(100)) < 0 ? Duration.ofMillis(100) : shortest.dividedBy(4);
    }

    public synchronized void state(AgentState state, Instant at) throws SQLException {
        if (state.status() == AgentState.Status.ONLINE) {
            heard(state.agent(), at);
            agents.put(state.agent(), new Entry("online", state.bootSeq(), at));
        } else {
            Entry e = agents.get(state.agent());
            offline(state.agent(), "its connection to the broker was lost (last will)", e == null ? at : e.lastSeen());
        }
    }

    /** Any message from the agent. */
    public synchronized void heard(String agent, Instant at) throws SQLException {
        Entry e = agents.get(agent);
        agents.put(agent, new Entry("online", e == null ? null : e.bootSeq(), at));
        if (e != null && !"online".equals(e.status())) {
            alarms.condition(agent, OFFLINE, null, null, null);
        }
    }

    /** Marks silent agents offline; run every {@link #checkPeriod()}. */
    public synchronized void check() throws SQLException {
        Instant now = clock.instant();
        for (Map.Entry<String, Entry> a : agents.entrySet()) {
            Entry e = a.getValue();
            Duration timeout = timeouts.get(a.getKey());
            if (!"offline".equals(e.status()) && e.lastSeen().plus(timeout).isBefore(now)) {
                offline(a.getKey(), "no message for " + timeout.toSeconds() + " s", e.lastSeen());
            }
        }
    }

    private void offline(String agent, String why, Instant lastSeen) throws SQLException {
        Entry e = agents.get(agent);
        agents.put(agent, new Entry("offline", e == null ? null : e.bootSeq(), lastSeen));
        alarms.condition(agent, OFFLINE, Severity.MAJOR, "agent " + agent + " offline: " + why, null);
    }

    public synchronized boolean isOnline(String agent) {
        Entry e = agents.get(agent);
        return e != null && "online".equals(e.status());
    }

    public synchronized Map<String, Entry> snapshot() {
        return new TreeMap<>(agents);
    }

    public record Entry(String status, Long bootSeq, Instant lastSeen) {
    }
}
