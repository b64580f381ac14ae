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
 * <p>
 * An agent not heard since this controller started gets a start-up grace: its silence counts from
 * when the controller began listening ({@link #listening}, its first subscription; it could hear
 * nobody before), and a death it finds retained on the broker (the agent stopped while the
 * controller was down) waits out the same {@code offlineAfter}. An agent that comes up with the
 * controller, as in the demo, is then never reported offline; one that stays down still is, once
 * its {@code offlineAfter} has passed, with the reason the broker gave. A controller that cannot
 * reach the broker at all still reports them, {@link #NOT_LISTENING} and their {@code offlineAfter} after its start.
 */
public final class Presence {
    public static final String OFFLINE = AlarmTypes.AGENT_OFFLINE;
    private static final String UNKNOWN = "unknown"; // not heard since this controller started
    /** How long after its start a controller that has not subscribed yet holds off reporting agents it has not heard. */
    public static final Duration NOT_LISTENING = Duration.ofMinutes(1);

    private final AlarmService alarms;
    private final Clock clock;
    private final Map<String, Duration> timeouts = new LinkedHashMap<>();
    private final Map<String, Entry> agents = new LinkedHashMap<>();
    /** Deaths found retained for agents not yet heard, held through their start-up grace: the reason to give. */
    private final Map<String, String> retainedDeaths = new LinkedHashMap<>();
    private boolean listened;
    private final Instant started;

    public Presence(SiteConfig site, AlarmService alarms, Clock clock) {
        this.alarms = alarms;
        this.clock = clock;
        Instant now = clock.instant();
        this.started = now;
        for (Agent a : site.agents()) {
            timeouts.put(a.id(), a.offlineAfter());
            agents.put(a.id(), new Entry(UNKNOWN, null, now)); // the silence is counted from our own start
        }
    }

    /**
     * The controller has subscribed to the agents for the first time: the silence of agents not heard
     * yet counts from now, not from the controller's start, which can be seconds earlier. Later calls
     * (reconnects) change nothing.
     */
    public synchronized void listening(Instant at) {
        if (listened) {
            return;
        }
        listened = true;
        agents.replaceAll((agent, e) -> UNKNOWN.equals(e.status()) && e.lastSeen().isBefore(at) ? new Entry(UNKNOWN, e.bootSeq(), at) : e);
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
            String why = "its connection to the broker was lost (last will)";
            if (e != null && UNKNOWN.equals(e.status()) && !at.isAfter(e.lastSeen().plus(timeouts.get(state.agent())))) {
                retainedDeaths.put(state.agent(), why); // within its start-up grace: check() reports it if it stays down
                return;
            }
            offline(state.agent(), why, e == null ? at : e.lastSeen());
        }
    }

    /** Any message from the agent. */
    public synchronized void heard(String agent, Instant at) throws SQLException {
        retainedDeaths.remove(agent);
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
            if (UNKNOWN.equals(e.status()) && !listened && !now.isAfter(started.plus(NOT_LISTENING).plus(timeout))) {
                continue; // the controller has not subscribed yet: it could not have heard the agent
            }
            if (!"offline".equals(e.status()) && e.lastSeen().plus(timeout).isBefore(now)) {
                String died = retainedDeaths.remove(a.getKey());
                offline(a.getKey(), died != null ? died : "no message for " + timeout.toSeconds() + " s", e.lastSeen());
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
